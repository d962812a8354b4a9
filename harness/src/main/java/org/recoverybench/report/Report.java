package org.recoverybench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jfree.chart.JFreeChart;
import org.recoverybench.check.ResumeOffset;
import org.recoverybench.result.BenchResult;
import org.recoverybench.result.TrialResult;

/**
 * The architecture decision report of a results directory: {@code report.md}, a self-contained
 * {@code report.html}, and the charts in {@code charts/}. Every figure is read from the {@code
 * result.json} and {@code history.jsonl} files under the directory; every verdict comes from {@link
 * Claims}.
 */
public final class Report {
  public static final String MARKDOWN = "report.md";
  public static final String HTML = "report.html";
  public static final String CHARTS = "charts";

  private Report() {}

  /** Writes the report files into {@code dir} and returns the path of {@code report.md}. */
  public static Path write(Path dir) {
    ReportModel model = ReportModel.load(dir);
    Doc doc = build(model, BenchSection.load(dir));
    try {
      Path charts = dir.resolve(CHARTS);
      Files.createDirectories(charts);
      for (Doc.Block b : doc.blocks()) {
        if (b instanceof Doc.Image i) {
          Files.writeString(dir.resolve(i.file()), i.svg(), StandardCharsets.UTF_8);
        }
      }
      Files.writeString(dir.resolve(MARKDOWN), doc.markdown(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(HTML), doc.html(verdictCss()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the report in " + dir + ": " + e.getMessage(), e);
    }
    return dir.resolve(MARKDOWN);
  }

  /** The Markdown text of the report of {@code dir}, without writing anything. */
  public static String markdown(Path dir) {
    return build(ReportModel.load(dir), BenchSection.load(dir)).markdown();
  }

  static Map<String, String> verdictCss() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Claims.Verdict v : Claims.Verdict.values()) {
      m.put(v.label, v.css);
    }
    return m;
  }

  static Doc build(ReportModel m) {
    return build(m, null);
  }

  static Doc build(ReportModel m, BenchResult bench) {
    if (m.groups().isEmpty() && bench != null) {
      // a bench run without its recovery phase: the figures alone
      Doc d = new Doc("recoverybench: benchmark");
      BenchSection.write(d, bench);
      return d;
    }
    Doc d = new Doc("recoverybench: what happens to the data when the streaming job fails");
    String command = String.valueOf(m.run().getOrDefault("command", firstCommand(m)));
    d.p(
        "Produced by `"
            + command
            + "`"
            + (m.run().containsKey("started_at") ? ", started " + m.run().get("started_at") : "")
            + ". "
            + m.groups().size()
            + " scenario/target pairs, "
            + m.maxTrials()
            + (m.maxTrials() == 1 ? " trial" : " trials")
            + " each. Regenerate this report with `./recoverybench report DIR`; every figure below"
            + " is read from the `result.json` and `history.jsonl` files beside it.");
    List<String> targets = m.groups().stream().map(ReportModel.Group::target).distinct().toList();
    List<Claims.Row> claims = Claims.evaluate(m);

    findings(d, m, claims);
    summary(d, m);
    outcomes(d, m);
    charts(d, m, targets);
    if (bench != null) {
      BenchSection.write(d, bench);
    }
    claims(d, claims);
    decision(d, m);
    methodology(d, m);
    trials(d, m);
    return d;
  }

  private static String firstCommand(ReportModel m) {
    return m.allResults().isEmpty() ? "" : m.allResults().get(0).command();
  }

  // ---------------------------------------------------------------- findings

  private static void findings(Doc d, ReportModel m, List<Claims.Row> claims) {
    d.h(2, "Key findings");
    List<String> items = new ArrayList<>();
    for (Option o : options(m)) {
      if (o.faultScenarios().isEmpty()) {
        continue;
      }
      items.add(
          "**"
              + o.label()
              + "**: over "
              + o.faultTrials()
              + " fault trials ("
              + String.join(", ", o.faultScenarios())
              + "), at most "
              + o.maxLost()
              + " ids lost and "
              + o.maxDuplicated()
              + " ids duplicated in a trial; first write after the fault "
              + o.recovery().seconds()
              + ".");
    }
    Map<Claims.Verdict, Long> counts =
        claims.stream()
            .collect(
                Collectors.groupingBy(Claims.Row::verdict, TreeMap::new, Collectors.counting()));
    items.add(
        "Claims: "
            + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().label)
                .collect(Collectors.joining(", "))
            + " (rows of the [claims table](#claims)).");
    d.bullets(items);
  }

  // ---------------------------------------------------------------- summary

  private static void summary(Doc d, ReportModel m) {
    d.h(2, "Results by scenario");
    d.p(
        "Each cell is the median over the trials, with min–max in brackets when they differ;"
            + " `[k of n]` means only k trials had the figure (e.g. no recovery in the others)."
            + " Definitions are under [Methodology](#methodology).");
    List<List<String>> rows = new ArrayList<>();
    for (ReportModel.Group g : m.groups()) {
      rows.add(summaryRow(g));
    }
    d.table(SUMMARY_HEADER, SUMMARY_RIGHT, rows);
  }

  static final List<String> SUMMARY_HEADER =
      List.of(
          "scenario",
          "engine / variant / sink",
          "trials",
          "lost",
          "duplicated ids",
          "extra writes",
          "first write after fault",
          "lag back at baseline",
          "replay (+) / skip (−) per partition",
          "checkpoint KiB / objects at end",
          "writes/s before → after",
          "latency p50 / p99 before → after");
  static final List<Boolean> SUMMARY_RIGHT =
      List.of(false, false, true, true, true, true, true, true, false, true, true, true);

  static List<String> summaryRow(ReportModel.Group g) {
    boolean fault = g.hasFault();
    String flow;
    String latency;
    if (fault) {
      flow =
          g.stat(r -> r.beforeFault() == null ? null : r.beforeFault().perSecond()).format()
              + " → "
              + g.stat(r -> r.afterFault() == null ? null : r.afterFault().perSecond()).format();
      latency =
          g.stat(r -> r.beforeFault() == null ? null : r.beforeFault().p50Ms()).seconds()
              + " / "
              + g.stat(r -> r.beforeFault() == null ? null : r.beforeFault().p99Ms()).seconds()
              + " → "
              + g.stat(r -> r.afterFault() == null ? null : r.afterFault().p50Ms()).seconds()
              + " / "
              + g.stat(r -> r.afterFault() == null ? null : r.afterFault().p99Ms()).seconds();
    } else {
      flow = g.stat(TrialResult::throughputPerS).format() + " (no fault)";
      latency =
          g.stat(TrialResult::latencyP50Ms).seconds()
              + " / "
              + g.stat(TrialResult::latencyP99Ms).seconds();
    }
    return List.of(
        g.scenario(),
        g.target(),
        String.valueOf(g.trials().size()),
        g.stat(TrialResult::lost).format(),
        g.stat(TrialResult::duplicatedIds).format(),
        g.stat(TrialResult::extraWrites).format(),
        fault ? g.stat(TrialResult::recoveryFirstWriteMs).seconds() : "–",
        fault ? g.stat(TrialResult::recoveryLagBaselineMs).seconds() : "–",
        fault ? replay(g) : "–",
        g.stat(r -> r.checkpoint() == null ? null : r.checkpoint().bytes()).kib()
            + " / "
            + g.stat(r -> r.checkpoint() == null ? null : r.checkpoint().objects()).format(),
        flow,
        latency);
  }

  /** Per partition, replayed records (+) or skipped ones (−) at the first restart. */
  static String replay(ReportModel.Group g) {
    Map<Integer, List<Long>> byPartition = new TreeMap<>();
    for (List<ResumeOffset> trial : g.firstResumes()) {
      for (ResumeOffset o : trial) {
        long v = o.replayed() > 0 ? o.replayed() : -o.skipped();
        byPartition.computeIfAbsent(o.partition(), p -> new ArrayList<>()).add(v);
      }
    }
    if (byPartition.isEmpty()) {
      return "no restart";
    }
    return byPartition.entrySet().stream()
        .map(
            e ->
                "p"
                    + e.getKey()
                    + " "
                    + Stat.of(e.getValue()).format(v -> v > 0 ? "+" + v : v < 0 ? "−" + (-v) : "0"))
        .collect(Collectors.joining(", "));
  }

  // ---------------------------------------------------------------- fault outcomes

  /** What each engine did about faults that record it: outages, bad data, restart faults. */
  private static void outcomes(Doc d, ReportModel m) {
    List<List<String>> rows = new ArrayList<>();
    for (ReportModel.Group g : m.groups()) {
      for (ReportModel.Trial t : g.trials()) {
        if (t.result().faults() == null) {
          continue;
        }
        for (TrialResult.FaultRecord f : t.result().faults()) {
          if (f.detail() == null
              && f.behaviour() == null
              && f.error() == null
              && f.restoredFrom() == null) {
            continue;
          }
          rows.add(
              List.of(
                  g.scenario(),
                  g.target(),
                  String.valueOf(t.result().trial()),
                  f.type(),
                  clip(f.detail()),
                  clip(f.behaviour()),
                  clip(f.restoredFrom()),
                  clip(f.error()),
                  t.result().deadLetters() == null
                      ? "–"
                      : String.valueOf(t.result().deadLetters())));
        }
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    d.h(2, "Fault outcomes");
    d.p(
        "What was done at each fault (`detail`), what the engine did about it (`behaviour`), the"
            + " state it was given at a restart and the error it gave, as recorded in each trial's"
            + " `result.json`.");
    d.table(
        List.of(
            "scenario",
            "engine / variant / sink",
            "trial",
            "fault",
            "detail",
            "behaviour",
            "restored from",
            "error",
            "dead letters"),
        List.of(false, false, true, false, false, false, false, false, true),
        rows);
  }

  /** A long text cut for a table cell; the full text is in result.json. */
  static String clip(String s) {
    if (s == null || s.isBlank()) {
      return "–";
    }
    String one = s.replace('\n', ' ').replace('\r', ' ').trim();
    return one.length() <= 200 ? one : one.substring(0, 199) + "…";
  }

  // ---------------------------------------------------------------- charts

  private static void charts(Doc d, ReportModel m, List<String> targets) {
    d.h(2, "Charts");
    List<String> faulted =
        m.scenarios().stream()
            .filter(s -> m.groupsOf(s).stream().anyMatch(ReportModel.Group::hasFault))
            .toList();
    if (!faulted.isEmpty()) {
      image(
          d,
          "recovery.svg",
          "Recovery time: from the fault to the first write of the new incarnation",
          Charts.bars(
              "Recovery: fault → first new write",
              "seconds",
              m,
              faulted,
              g -> g.stat(TrialResult::recoveryFirstWriteMs),
              1000.0,
              targets));
      image(
          d,
          "duplicates.svg",
          "Duplicated ids per trial, by scenario and target",
          Charts.bars(
              "Duplicated ids",
              "ids",
              m,
              faulted,
              g -> g.stat(TrialResult::duplicatedIds),
              1.0,
              targets));
    }
    image(
        d,
        "checkpoint-footprint.svg",
        "Checkpoint footprint at the end of each trial",
        Charts.bars(
            "Checkpoint storage at the end of the trial",
            "KiB",
            m,
            m.scenarios(),
            g -> g.stat(r -> r.checkpoint() == null ? null : r.checkpoint().bytes()),
            1024.0,
            targets));
    String storageScenario =
        m.scenarios().stream()
            .filter(s -> s.startsWith("retention"))
            .findFirst()
            .orElse(m.scenarios().contains("baseline") ? "baseline" : m.scenarios().get(0));
    image(
        d,
        "storage-" + storageScenario + ".svg",
        "Checkpoint storage over time, " + storageScenario,
        Charts.storage(storageScenario, m.groupsOf(storageScenario), targets));
    d.h(3, "Timelines");
    d.p(
        "One chart per scenario, trial 1 of each target: writes per second as they became visible,"
            + " the sink lag (ids produced minus distinct ids written), and the p50 latency of the"
            + " writes of each second. The dashed line is the fault.");
    for (String s : m.scenarios()) {
      image(
          d,
          "timeline-" + s + ".svg",
          "Timeline of " + s,
          Charts.timeline(s, m.groupsOf(s), targets));
    }
  }

  private static void image(Doc d, String file, String alt, JFreeChart chart) {
    boolean tall = file.startsWith("timeline-") || file.startsWith("storage-");
    d.image(CHARTS + "/" + file, alt, Charts.svg(chart, Charts.WIDTH, tall ? 620 : 420));
  }

  // ---------------------------------------------------------------- claims

  private static void claims(Doc d, List<Claims.Row> rows) {
    d.h(2, "Claims");
    d.p(
        "The beliefs about the original app (ORIGINAL_APP.md) and the Flink port's own promises."
            + " Each verdict follows from the figures by the rule stated under [Verdict"
            + " rules](#verdict-rules).");
    List<List<String>> table = new ArrayList<>();
    for (Claims.Row r : rows) {
      table.add(
          List.of(
              r.claim().id(),
              r.claim().text(),
              r.testedBy(),
              r.evidence(),
              r.verdict().label,
              r.reason()));
    }
    d.table(
        List.of("#", "claim", "tested by", "measured", "verdict", "why"),
        List.of(false, false, false, false, false, false),
        table);
  }

  // ---------------------------------------------------------------- decision

  /** One option of the decision: a target, over every scenario it ran. */
  record Option(
      String target,
      String label,
      List<String> faultScenarios,
      int faultTrials,
      long maxLost,
      long maxDuplicated,
      Stat recovery,
      Stat baselineP50,
      Stat baselineThroughput,
      Stat baselineCheckpointBytes) {
    boolean clean() {
      return faultTrials > 0 && maxLost == 0 && maxDuplicated == 0;
    }
  }

  static List<Option> options(ReportModel m) {
    Map<String, List<ReportModel.Group>> byTarget = new LinkedHashMap<>();
    m.groups().forEach(g -> byTarget.computeIfAbsent(g.target(), t -> new ArrayList<>()).add(g));
    List<Option> out = new ArrayList<>();
    byTarget.forEach(
        (target, gs) -> {
          List<String> faults = new ArrayList<>();
          int trials = 0;
          long lost = 0, dup = 0;
          List<Long> recovery = new ArrayList<>();
          Stat p50 = Stat.of(List.of());
          Stat tput = Stat.of(List.of());
          Stat bytes = Stat.of(List.of());
          for (ReportModel.Group g : gs) {
            if (g.hasFault()) {
              faults.add(g.scenario());
              for (TrialResult r : g.results()) {
                trials++;
                lost = Math.max(lost, r.lost());
                dup = Math.max(dup, r.duplicatedIds());
                recovery.add(r.recoveryFirstWriteMs());
              }
            } else {
              p50 = g.stat(TrialResult::latencyP50Ms);
              tput = g.stat(TrialResult::throughputPerS);
              bytes = g.stat(r -> r.checkpoint() == null ? null : r.checkpoint().bytes());
            }
          }
          out.add(
              new Option(
                  target,
                  gs.get(0).shortTarget()
                      + (gs.get(0).engine().equals("spark")
                          ? " (" + gs.get(0).sinkMode() + ")"
                          : ""),
                  faults,
                  trials,
                  lost,
                  dup,
                  Stat.of(recovery),
                  p50,
                  tput,
                  bytes));
        });
    return out;
  }

  private static final Map<String, String> OPTION_TEXT =
      Map.of(
          "spark/as-written",
          "keep the app as written: a new `StreamingContext` on every start; `ssc.checkpoint` is"
              + " set but never read back",
          "spark/recoverable",
          "Spark with `StreamingContext.getOrCreate(checkpointDir, …)`: a restart rebuilds the"
              + " context and its pending batches from the checkpoint",
          "spark/transactional",
          "Spark storing each partition's records and its offsets in one database transaction"
              + " (Spark's Kafka guide, \"your own data store\")",
          "flink/datastream",
          "the Flink DataStream port: Kafka source, checkpoints on S3 with RocksDB, and the"
              + " chosen JDBC sink mode");

  private static void decision(Doc d, ReportModel m) {
    d.h(2, "Decision record");
    d.h(3, "Context");
    d.p(
        "A Spark Streaming (DStream) app reads Kafka with `KafkaUtils.createDirectStream`,"
            + " checkpoints with `ssc.checkpoint(…)` and writes every record to PostgreSQL. The"
            + " question is what each engine does to the data when a process dies or is restarted,"
            + " measured here on "
            + m.scenarios().size()
            + " scenarios ("
            + String.join(", ", m.scenarios())
            + ") with "
            + m.maxTrials()
            + (m.maxTrials() == 1 ? " trial" : " trials")
            + " each.");
    d.h(3, "Options");
    List<Option> options = options(m);
    List<String> items = new ArrayList<>();
    for (Option o : options) {
      String[] parts = o.target().split(" / ");
      String key = parts[0] + "/" + parts[1];
      items.add(
          "**"
              + o.label()
              + "** (`"
              + o.target()
              + "`): "
              + OPTION_TEXT.getOrDefault(key, "as configured in its scenario files"));
    }
    d.bullets(items);
    d.h(3, "Decision drivers");
    d.bullets(
        List.of(
            "no id lost after any fault (a lost record is a silent data error downstream);",
            "no id written twice (a duplicate is a wrong count or a double charge unless every"
                + " consumer is idempotent);",
            "time from the fault to the first new write, and until the lag is back at baseline;",
            "end-to-end latency and throughput in normal running;",
            "checkpoint storage and whether it cleans itself up;",
            "what the option demands of the platform (e.g. PostgreSQL prepared transactions for"
                + " Flink's exactly-once sink)."));
    d.h(3, "Figures per option");
    List<List<String>> rows = new ArrayList<>();
    for (Option o : options) {
      rows.add(
          List.of(
              o.label(),
              o.faultScenarios().isEmpty() ? "none" : String.join(", ", o.faultScenarios()),
              String.valueOf(o.faultTrials()),
              o.faultTrials() == 0 ? "–" : String.valueOf(o.maxLost()),
              o.faultTrials() == 0 ? "–" : String.valueOf(o.maxDuplicated()),
              o.faultTrials() == 0 ? "–" : o.recovery().seconds(),
              o.baselineP50().seconds(),
              o.baselineThroughput().format(),
              o.baselineCheckpointBytes().kib()));
    }
    d.table(
        List.of(
            "option",
            "faults faced",
            "fault trials",
            "most ids lost in a trial",
            "most ids duplicated in a trial",
            "first write after fault",
            "p50 latency, no fault",
            "writes/s, no fault",
            "checkpoint KiB, no fault"),
        List.of(false, false, true, true, true, true, true, true, true),
        rows);
    d.h(3, "Decision");
    List<Option> clean = options.stream().filter(Option::clean).toList();
    d.p(
        "Rule: an option qualifies if it lost no id and duplicated no id in every trial of every"
            + " fault it faced. Options face different faults (a Flink job has no driver, a"
            + " DStream app no TaskManager), so recovery times compare like with like only within"
            + " a scenario.");
    if (clean.isEmpty()) {
      d.p(
          "**No option qualified** in these results: each one lost or duplicated ids under at"
              + " least one fault. The figures above show which harm each option causes; the"
              + " choice is left to the reader.");
    } else if (clean.size() == 1) {
      Option o = clean.get(0);
      d.p(
          "**Recommended: "
              + o.label()
              + ".** It is the only option that lost nothing and duplicated nothing, over "
              + o.faultTrials()
              + " fault trials ("
              + String.join(", ", o.faultScenarios())
              + "); first write after the fault "
              + o.recovery().seconds()
              + ", p50 latency without faults "
              + o.baselineP50().seconds()
              + ".");
    } else {
      d.p(
          "**"
              + clean.size()
              + " options qualified**: "
              + clean.stream()
                  .map(
                      o ->
                          o.label()
                              + " ("
                              + o.faultTrials()
                              + " fault trials, first write after the fault "
                              + o.recovery().seconds()
                              + ", p50 latency "
                              + o.baselineP50().seconds()
                              + ")")
                  .collect(Collectors.joining("; "))
              + ". Between them the choice rests on recovery time, latency and what each asks of"
              + " the code and the platform (below); it is left to the reader.");
    }
    d.h(3, "Consequences");
    List<String> cons = new ArrayList<>();
    for (Option o : options) {
      if (o.faultTrials() == 0) {
        continue;
      }
      String head = "**" + o.label() + "**: ";
      if (o.clean()) {
        cons.add(
            head
                + "no loss and no duplicates in "
                + o.faultTrials()
                + " fault trials; writes are visible after "
                + o.baselineP50().seconds()
                + " at p50 without faults"
                + (o.target().endsWith("exactly-once")
                    ? "; an exactly-once sink commits with the checkpoint or batch, so latency"
                        + " follows the checkpoint interval, and the database must allow the"
                        + " transactions it keeps open"
                    : "")
                + ".");
      } else {
        cons.add(
            head
                + "expect up to "
                + o.maxDuplicated()
                + " duplicated and "
                + o.maxLost()
                + " lost ids per fault at this rate ("
                + rate(m)
                + " records/s); downstream consumers must tolerate "
                + (o.maxDuplicated() > 0 && o.maxLost() > 0
                    ? "both"
                    : o.maxDuplicated() > 0 ? "duplicates (e.g. an upsert keyed by id)" : "gaps")
                + ".");
      }
    }
    d.bullets(cons);
  }

  private static String rate(ReportModel m) {
    return m.allResults().stream()
        .map(r -> r.settings() == null ? null : r.settings().get("workload"))
        .filter(w -> w instanceof Map<?, ?>)
        .map(w -> String.valueOf(((Map<?, ?>) w).get("rate_per_second")))
        .distinct()
        .collect(Collectors.joining(" / "));
  }

  // ---------------------------------------------------------------- methodology

  private static void methodology(Doc d, ReportModel m) {
    d.h(2, "Methodology");
    d.h(3, "Measures");
    d.bullets(
        List.of(
            "**lost**: ids produced but never written to the sink.",
            "**duplicated ids**: ids written more than once; **extra writes**: writes beyond the"
                + " first of each id (counted from the write log, so upserts count too).",
            "**first write after fault**: from the `kill -9` (or the stop) to the first write of a"
                + " newer incarnation; for a Spark executor kill, where the driver lives on, the"
                + " first write after the kill.",
            "**lag back at baseline**: from the fault until the sink lag (ids produced so far minus"
                + " distinct ids written) is at or below max(2 × its median over the 10 s before"
                + " the fault, that median + one second of production) for 3 samples in a row.",
            "**replay / skip per partition**: at the first restart, the lowest offset the new"
                + " incarnation wrote against the highest offset written before it: `+n`"
                + " re-read n records, `−n` jumped over n, `0` resumed exactly.",
            "**checkpoint KiB / objects**: what was stored under the trial's own S3 prefix when the"
                + " trial ended; the storage chart samples it every second.",
            "**writes/s and latency**: a write's time is when it became visible (its"
                + " transaction's commit time in PostgreSQL, from `track_commit_timestamp`; for a"
                + " prepared transaction, `COMMIT PREPARED`). Latency is that time minus the event"
                + " time stamped by the producer. Before/after split at the fault, the after window"
                + " starting when the lag is back at baseline.",
            "**median (min–max)**: over the trials of a scenario and target; the median of an even"
                + " count is the mean of the two middle values."));
    d.h(3, "Verdict rules");
    List<String> rules = new ArrayList<>();
    for (Claims.Claim c : Claims.ALL) {
      rules.add("**" + c.id() + "**: " + c.rule());
    }
    d.bullets(rules);
    d.h(3, "Trials");
    d.p(
        "Each scenario ran "
            + m.groups().stream()
                .map(g -> g.trials().size())
                .distinct()
                .sorted()
                .map(String::valueOf)
                .collect(Collectors.joining(" or "))
            + " time(s) per target, each trial on its own topic, consumer group, S3 prefix and"
            + " `run_id`, with the engine's processes started afresh; the lab's servers are shared"
            + " by the trials of a run.");
    d.h(3, "Versions and machine");
    List<TrialResult> all = m.allResults();
    Map<String, String> versions = all.isEmpty() ? Map.of() : new TreeMap<>(all.get(0).versions());
    List<List<String>> vrows = new ArrayList<>();
    versions.forEach((k, v) -> vrows.add(List.of(k, v)));
    d.table(List.of("part", "version"), List.of(false, false), vrows);
    if (!all.isEmpty()) {
      Map<String, Object> machine = all.get(0).machine();
      List<Long> loads = new ArrayList<>();
      for (TrialResult r : all) {
        Object l = r.machine() == null ? null : r.machine().get("load_average_1m");
        if (l instanceof Number n) {
          loads.add(Math.round(n.doubleValue() * 100));
        }
      }
      Stat load = Stat.of(loads);
      d.p(
          "Machine: "
              + machine.get("os")
              + ", "
              + machine.get("arch")
              + ", "
              + machine.get("cores")
              + " cores, "
              + machine.get("memory_mib")
              + " MiB"
              + (load.isEmpty()
                  ? ""
                  : "; 1-minute load average when each result was taken "
                      + load.format(v -> String.format(Locale.ROOT, "%.2f", v / 100.0)))
              + ". Every engine process, the lab servers and the harness share this machine.");
    }
    d.h(3, "Settings");
    List<List<String>> srows = new ArrayList<>();
    Map<String, TrialResult> firstByTarget = new LinkedHashMap<>();
    for (ReportModel.Group g : m.groups()) {
      firstByTarget.putIfAbsent(g.target(), g.results().get(0));
    }
    firstByTarget.forEach(
        (target, r) -> {
          Map<String, Object> s = r.settings() == null ? Map.of() : r.settings();
          Object engine = s.get("engine");
          srows.add(
              List.of(
                  target,
                  String.valueOf(s.get("workload")),
                  Claims.secs(asLong(s.get("checkpoint_interval_ms"))),
                  Claims.secs(asLong(s.get("session_timeout_ms"))),
                  Claims.secs(asLong(s.get("heartbeat_interval_ms"))),
                  String.valueOf(s.get("parallelism")),
                  engine instanceof Map<?, ?> em
                      ? em.entrySet().stream()
                          .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`")
                          .collect(Collectors.joining(", "))
                      : "–"));
        });
    d.table(
        List.of(
            "target",
            "workload",
            "checkpoint / batch interval",
            "Kafka session timeout",
            "Kafka heartbeat",
            "parallelism",
            "engine settings"),
        List.of(false, false, true, true, true, true, false),
        srows);
    d.h(3, "Limits of this lab");
    d.bullets(
        List.of(
            "One Kafka broker (replication factor 1), one S3 server (S3Proxy on its filesystem"
                + " backend, no network between it and the engines) and one PostgreSQL, all on"
                + " loopback: production S3 latency and consistency are not reproduced.",
            "Flink runs one JobManager without high availability: after a JobManager kill the"
                + " harness acts as the supervisor, restarting it and resubmitting from the latest"
                + " retained checkpoint. Kubernetes or ZooKeeper HA would restart it differently.",
            "Spark runs its driver locally (and a standalone master and worker for executor"
                + " kills); the restart after a driver kill is done by the harness, as YARN or a"
                + " supervisor would.",
            "Small workloads ("
                + rate(m)
                + " records/s): counts of lost and duplicated ids scale with the rate and the"
                + " checkpoint interval; the kinds of outcome do not.",
            "Timings depend on the machine's load (recorded above) and on heartbeat and timeout"
                + " settings (table above); counts do not."));
  }

  private static Long asLong(Object o) {
    return o instanceof Number n ? n.longValue() : null;
  }

  // ---------------------------------------------------------------- every trial

  private static void trials(Doc d, ReportModel m) {
    d.h(2, "Every trial");
    List<List<String>> rows = new ArrayList<>();
    for (ReportModel.Group g : m.groups()) {
      for (ReportModel.Trial t : g.trials()) {
        TrialResult r = t.result();
        rows.add(
            List.of(
                r.scenario(),
                g.target(),
                String.valueOf(r.trial()),
                String.valueOf(r.produced()),
                String.valueOf(r.rowsWritten()),
                String.valueOf(r.distinctWritten()),
                String.valueOf(r.lost()),
                String.valueOf(r.duplicatedIds()),
                String.valueOf(r.extraWrites()),
                Claims.secs(r.recoveryFirstWriteMs()),
                Claims.secs(r.recoveryLagBaselineMs()),
                resume(r.resumeOffsets()),
                r.checkpoint() == null
                    ? "–"
                    : r.checkpoint().bytes() + " / " + r.checkpoint().objects(),
                r.completed() ? "yes" : "no: " + r.note()));
      }
    }
    d.table(
        List.of(
            "scenario",
            "engine / variant / sink",
            "trial",
            "produced",
            "rows",
            "distinct",
            "lost",
            "duplicated ids",
            "extra writes",
            "first write after fault",
            "lag back at baseline",
            "resume per partition and incarnation",
            "checkpoint bytes / objects",
            "complete"),
        List.of(
            false, false, true, true, true, true, true, true, true, true, true, false, true, false),
        rows);
  }

  static String resume(List<ResumeOffset> offsets) {
    if (offsets == null || offsets.isEmpty()) {
      return "–";
    }
    TreeSet<Integer> incarnations = new TreeSet<>();
    offsets.forEach(o -> incarnations.add(o.incarnation()));
    return offsets.stream()
        .map(
            o ->
                "p"
                    + o.partition()
                    + (incarnations.size() > 1 ? "/i" + o.incarnation() : "")
                    + "@"
                    + o.resumedFrom()
                    + (o.replayed() > 0 ? " +" + o.replayed() : "")
                    + (o.skipped() > 0 ? " −" + o.skipped() : "")
                    + (o.replayed() == 0 && o.skipped() == 0 ? " exact" : ""))
        .collect(Collectors.joining("; "));
  }
}
