package org.recoverybench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.recoverybench.check.ResumeOffset;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;

/**
 * What a report is made of: every trial's {@code result.json} under a results directory, the
 * per-second samples of its {@code history.jsonl} (for the lag and storage timelines), and the
 * run's {@code run.json}. Trials are grouped by scenario and target; each figure of the summary is
 * a {@link Stat} over the group's trials. A trial that failed ({@code error.txt}, no {@code
 * result.json}) is a {@link FailedTrial}: in {@link #failures}, and in its group's when the same
 * scenario and target has a finished trial.
 */
record ReportModel(
    Map<String, Object> run, List<Group> groups, List<FailedTrial> failures, List<Source> sources) {

  /** One results directory the model was read from, with its {@code run.json} (empty if none). */
  record Source(Path dir, Map<String, Object> run) {
    /**
     * The directory as a report names it: relative to the repository when it lies inside it (so
     * that a committed merged report reads the same wherever it is regenerated from), else as
     * given.
     */
    String shown() {
      if (dir == null) {
        return "–";
      }
      Path abs = dir.toAbsolutePath().normalize();
      Path home = org.recoverybench.lab.Dist.home().toAbsolutePath().normalize();
      return (abs.startsWith(home) ? home.relativize(abs) : dir).toString().replace('\\', '/');
    }
  }

  ReportModel(Map<String, Object> run, List<Group> groups, List<FailedTrial> failures) {
    this(run, groups, failures, List.of());
  }

  /** One second-ish sample of a trial: time since the trial started, sink lag, S3 footprint. */
  /** One second of a trial; s3Bytes and s3Objects hold the footprint of either store. */
  /**
   * One second of a trial's history: its time since the trial started, the sink lag (null where it
   * was unknown: the database did not answer), rows, the checkpoint footprint (null where the store
   * gave no reading), completed checkpoints, and the RSS summed over the engine's processes (null
   * in histories from before it was sampled).
   */
  record Sample(
      long tMs,
      Long lag,
      long rows,
      Long s3Bytes,
      Long s3Objects,
      long checkpoints,
      Long rssBytes) {
    Sample(long tMs, long lag, long rows, Long s3Bytes, Long s3Objects, long checkpoints) {
      this(tMs, lag, rows, s3Bytes, s3Objects, checkpoints, null);
    }
  }

  /** One trial: its result and its samples. */
  record Trial(TrialResult result, Path dir, List<Sample> samples) {
    /** When the first fault started, in ms since the trial started; null without faults. */
    Long firstFaultMs() {
      List<TrialResult.FaultRecord> f = result.faults();
      return f == null || f.isEmpty() ? null : f.get(0).startedAtMs();
    }
  }

  /** One scenario on one target (engine, variant, sink mode), over its trials and failed ones. */
  record Group(
      String scenario,
      String engine,
      String variant,
      String sinkMode,
      List<Trial> trials,
      List<FailedTrial> failures) {
    String target() {
      return engine + " / " + variant + " / " + sinkMode;
    }

    /** A short label for charts. */
    /**
     * The target in a few words, unique among the registered options: Flink by its sink mode, Spark
     * by its variant (and {@code upsert} where a variant writes that way, beside its append).
     */
    String shortTarget() {
      return engine.equals("flink")
          ? "flink " + sinkMode
          : "spark " + variant + (sinkMode.equals("upsert") ? " upsert" : "");
    }

    boolean hasFault() {
      return trials.stream().anyMatch(t -> t.firstFaultMs() != null);
    }

    List<TrialResult> results() {
      return trials.stream().map(Trial::result).toList();
    }

    Stat stat(Function<TrialResult, ? extends Number> f) {
      List<Long> values = new ArrayList<>();
      for (TrialResult r : results()) {
        Number n = f.apply(r);
        values.add(n == null ? null : Math.round(n.doubleValue()));
      }
      return Stat.of(values);
    }

    /** The fault types of this group's first trial, e.g. {@code kill-driver}. */
    List<String> faultTypes() {
      TrialResult r = trials.get(0).result();
      return r.faults() == null
          ? List.of()
          : r.faults().stream().map(TrialResult.FaultRecord::type).toList();
    }

    /**
     * The resume entries of the first restart: per partition, the entry of the lowest incarnation
     * that resumed, for each trial.
     */
    List<List<ResumeOffset>> firstResumes() {
      List<List<ResumeOffset>> out = new ArrayList<>();
      for (TrialResult r : results()) {
        Map<Integer, ResumeOffset> first = new TreeMap<>();
        if (r.resumeOffsets() != null) {
          for (ResumeOffset o : r.resumeOffsets()) {
            first.merge(o.partition(), o, (a, b) -> a.incarnation() <= b.incarnation() ? a : b);
          }
        }
        out.add(List.copyOf(first.values()));
      }
      return out;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Engines in report order, then Spark variants from the original app towards its fixes. */
  private static final List<String> TARGET_ORDER =
      List.of(
          "flink/datastream/exactly-once",
          "flink/datastream/upsert",
          "flink/datastream/append",
          "spark/as-written/append",
          "spark/as-written/upsert",
          "spark/recoverable/append",
          "spark/recoverable/upsert",
          "spark/transactional/exactly-once");

  static ReportModel load(Path dir) {
    Map<String, Object> run = readRun(dir);
    ReportModel m = of(run, trials(dir), FailedTrial.find(dir));
    return m.withSources(List.of(new Source(dir, run)));
  }

  ReportModel withSources(List<Source> s) {
    return new ReportModel(run, groups, failures, List.copyOf(s));
  }

  /** A directory's {@code run.json}, or an empty map where it has none. */
  static Map<String, Object> readRun(Path dir) {
    Map<String, Object> run = new LinkedHashMap<>();
    Path runJson = dir.resolve("run.json");
    if (Files.exists(runJson)) {
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.readValue(runJson.toFile(), Map.class);
        run.putAll(m);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + runJson + ": " + e.getMessage(), e);
      }
    }
    return run;
  }

  /** Every finished trial under a directory, with its samples. */
  static List<Trial> trials(Path dir) {
    List<Trial> trials = new ArrayList<>();
    for (Path f : ResultFiles.find(dir)) {
      trials.add(
          new Trial(
              ResultFiles.read(f), f.getParent(), samples(f.resolveSibling("history.jsonl"))));
    }
    return trials;
  }

  static ReportModel of(Map<String, Object> run, List<Trial> trials) {
    return of(run, trials, List.of());
  }

  static ReportModel of(Map<String, Object> run, List<Trial> trials, List<FailedTrial> failed) {
    Object listed = run.get("scenarios");
    List<String> scenarioOrder = new ArrayList<>();
    if (listed instanceof List<?> l) {
      l.forEach(o -> scenarioOrder.add(o.toString()));
    }
    Map<String, List<Trial>> byKey = new LinkedHashMap<>();
    for (Trial t : trials) {
      TrialResult r = t.result();
      String key = r.scenario() + "\u0000" + r.engine() + "/" + r.variant() + "/" + r.sinkMode();
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
    }
    List<Group> groups = new ArrayList<>();
    byKey.forEach(
        (k, list) -> {
          list.sort(Comparator.comparingInt(t -> t.result().trial()));
          TrialResult r = list.get(0).result();
          String target = r.engine() + " / " + r.variant() + " / " + r.sinkMode();
          List<FailedTrial> mine =
              failed.stream()
                  .filter(f -> f.scenario().equals(r.scenario()) && f.target().equals(target))
                  .toList();
          groups.add(
              new Group(
                  r.scenario(), r.engine(), r.variant(), r.sinkMode(), List.copyOf(list), mine));
        });
    groups.sort(
        Comparator.comparingInt((Group g) -> order(scenarioOrder, g.scenario()))
            .thenComparing(Group::scenario)
            .thenComparingInt(
                g -> order(TARGET_ORDER, g.engine() + "/" + g.variant() + "/" + g.sinkMode()))
            .thenComparing(Group::target));
    List<FailedTrial> failures = new ArrayList<>(failed);
    failures.sort(
        Comparator.comparingInt((FailedTrial f) -> order(scenarioOrder, f.scenario()))
            .thenComparing(FailedTrial::scenario)
            .thenComparingInt(
                f -> order(TARGET_ORDER, f.engine() + "/" + f.variant() + "/" + f.sinkMode()))
            .thenComparing(FailedTrial::target)
            .thenComparingInt(FailedTrial::trial));
    return new ReportModel(run, List.copyOf(groups), List.copyOf(failures));
  }

  private static int order(List<String> order, String s) {
    int i = order.indexOf(s);
    return i < 0 ? order.size() : i;
  }

  List<String> scenarios() {
    return groups.stream().map(Group::scenario).distinct().toList();
  }

  List<Group> groupsOf(String scenario) {
    return groups.stream().filter(g -> g.scenario().equals(scenario)).toList();
  }

  List<TrialResult> allResults() {
    return groups.stream().flatMap(g -> g.results().stream()).toList();
  }

  /** The workloads' rates, e.g. {@code 500} or {@code 500 / 1000}, for the report's text. */
  String rates() {
    return allResults().stream()
        .map(r -> r.settings() == null ? null : r.settings().get("workload"))
        .filter(w -> w instanceof Map<?, ?>)
        .map(w -> String.valueOf(((Map<?, ?>) w).get("rate_per_second")))
        .distinct()
        .collect(Collectors.joining(" / "));
  }

  /** The failed trials of one target, over every scenario. */
  List<FailedTrial> failuresOf(String target) {
    return failures.stream().filter(f -> f.target().equals(target)).toList();
  }

  /** Every trial, finished or failed. */
  int trialCount() {
    return allResults().size() + failures.size();
  }

  int maxTrials() {
    return groups.stream().mapToInt(g -> g.trials().size()).max().orElse(0);
  }

  /** The samples of a history file; an absent file gives none. */
  static List<Sample> samples(Path history) {
    List<Sample> out = new ArrayList<>();
    if (!Files.exists(history)) {
      return out;
    }
    Long origin = null;
    try (BufferedReader in = Files.newBufferedReader(history, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        long ts = n.path("ts").asLong();
        if (origin == null) {
          origin = ts; // the trial event opens every history
        }
        if (!"sample".equals(n.path("type").asText())) {
          continue;
        }
        out.add(
            new Sample(
                ts - origin,
                n.hasNonNull("lag") ? n.get("lag").asLong() : null,
                n.path("rows").asLong(),
                footprint(n, "bytes"),
                footprint(n, "objects"),
                n.path("checkpoints").asLong(),
                n.hasNonNull("rss_bytes") ? n.get("rss_bytes").asLong() : null));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + history + ": " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * The checkpoint footprint of a sample: {@code s3_<what>} on S3, {@code hdfs_<what>} on HDFS
   * (whose files count as objects); null when the store gave no reading that second.
   */
  static Long footprint(JsonNode n, String what) {
    for (String store : List.of("s3_", "hdfs_")) {
      if (n.hasNonNull(store + what)) {
        return n.get(store + what).asLong();
      }
    }
    return null;
  }

  static boolean anyNonNull(List<?> values) {
    return values.stream().anyMatch(Objects::nonNull);
  }
}
