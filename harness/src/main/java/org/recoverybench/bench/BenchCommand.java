package org.recoverybench.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.recoverybench.decision.Options;
import org.recoverybench.fault.Kill;
import org.recoverybench.lab.Dist;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.LabException;
import org.recoverybench.lab.flink.FlinkCluster;
import org.recoverybench.lab.workload.EventProducer;
import org.recoverybench.process.ProcessRegistry;
import org.recoverybench.report.Report;
import org.recoverybench.result.BenchResult;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;
import org.recoverybench.run.RunInfo;
import org.recoverybench.run.SuiteRunner;
import org.recoverybench.scenario.Scenario;
import org.recoverybench.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recoverybench bench}: throughput, latency, checkpoint and recovery-time figures of both
 * engines, side by side on one embedded lab, against the pipeline's physical limit.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures, in one run on one embedded lab: the pipeline limit (a plain Kafka consumer writing"
          + " the same rows with JDBC batches, and with COPY); the steady throughput of Flink's"
          + " append, upsert and exactly-once sinks at parallelism 1 and 2 and of Spark's three"
          + " variants, each on the same backlog; their latency p50/p99 at a fixed rate below"
          + " saturation; their checkpoints' durations and sizes; and the recovery time of each kill"
          + " fault over five kills (scenarios/bench/). Writes bench.json and the report.",
      "Run it on a quiet machine: the figures are only as steady as the machine."
    })
public final class BenchCommand implements Callable<Integer> {
  static final int PAYLOAD_BYTES = 64;
  static final int JDBC_BATCH = 500;
  static final List<String> PHASES = List.of("limit", "throughput", "recovery");

  /**
   * The recovery scenarios, in scenarios/bench/: each is named after the one kill fault it runs, so
   * they are named here by the fault types' names.
   */
  static final List<String> RECOVERY =
      List.of(
          Kill.TASKMANAGER.name(),
          Kill.JOBMANAGER.name(),
          Kill.DRIVER.name(),
          Kill.EXECUTOR.name());

  @Spec CommandSpec spec;

  @Option(names = "--out", description = "Where results go (default: results/bench-<timestamp>).")
  Path out;

  @Option(names = "--work-dir", description = "Lab data and engine work files.")
  Path workDir;

  @Option(
      names = "--records",
      defaultValue = "150000",
      description = "Records in the backlog each writer drains (default: ${DEFAULT-VALUE}).")
  long records;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions of the backlog topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--latency-rate",
      defaultValue = "2000",
      description = "Records per second of the latency phase (default: ${DEFAULT-VALUE}).")
  int latencyRate;

  @Option(
      names = "--latency-seconds",
      defaultValue = "5",
      description = "Length of the latency phase of each target (default: ${DEFAULT-VALUE}).")
  int latencySeconds;

  @Option(
      names = "--parallelism",
      split = ",",
      defaultValue = "1,2",
      description = "Flink parallelisms to measure (default: ${DEFAULT-VALUE}).")
  List<Integer> parallelisms;

  @Option(
      names = "--spark-cores",
      defaultValue = "2",
      description =
          "Cores of Spark's local master in the throughput phase (default: ${DEFAULT-VALUE}).")
  int sparkCores;

  @Option(
      names = "--targets",
      split = ",",
      description =
          "Throughput targets to measure, by option id of the options registry (default: every"
              + " registered option's engine run): flink-exactly-once, flink-upsert, flink-append,"
              + " spark-transactional, spark-recoverable-upsert, spark-recoverable-append,"
              + " spark-as-written.")
  List<String> onlyTargets;

  @Option(
      names = "--profile",
      description =
          "Record a JFR profile (settings=profile) of the throughput phase's Flink TaskManager"
              + " into OUT/profile/taskmanager.jfr, to see where its time goes.")
  boolean profile;

  @Option(
      names = "--skip",
      split = ",",
      description = "Phases to leave out: limit, throughput, recovery.")
  List<String> skip = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    validate();
    List<Path> recoveryFiles = new ArrayList<>();
    List<Scenario> recoveryScenarios = new ArrayList<>();
    if (!skip.contains("recovery")) {
      for (String name : RECOVERY) {
        Path f = Dist.home().resolve("scenarios/bench/" + name + ".yaml");
        Scenario s = ScenarioLoader.load(f); // checked before anything starts
        for (Scenario.Target t : s.targets()) {
          if (Options.DEFAULT.of(t, s.settings()).isEmpty()) {
            throw new LabException(f + ": the target " + t.label() + " is no registered option");
          }
        }
        recoveryScenarios.add(s);
        recoveryFiles.add(f);
      }
    }
    Path resultDir =
        out != null
            ? out
            : Path.of(
                "results",
                "bench-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now()));
    Path work = workDir != null ? workDir : Path.of("work", resultDir.getFileName().toString());
    Files.createDirectories(resultDir);
    ProcessRegistry.get().setShutdownGrace(Duration.ofSeconds(10));
    long t0 = System.currentTimeMillis();
    String startedAt = Instant.now().toString();
    console.println("Results: " + resultDir.toAbsolutePath());
    console.println(
        "Starting the embedded lab in " + work.resolve("lab").toAbsolutePath() + " ...");
    console.flush();
    try (EmbeddedLab lab = new EmbeddedLab(LabConfig.at(work.resolve("lab")))) {
      lab.start();
      Map<String, Object> settings = settings();
      String topic = produceBacklog(lab, settings, console);
      LimitPhase limit = new LimitPhase();
      if (!skip.contains("limit")) {
        int most = Math.max(sparkCores, parallelisms.stream().mapToInt(i -> i).max().orElse(1));
        limit = LimitPhase.run(lab, topic, records, most, console);
      }
      List<BenchResult.Throughput> throughput = new ArrayList<>();
      if (!skip.contains("throughput")) {
        throughput = throughput(lab, work, resultDir, settings, topic, limit, console);
      }
      List<BenchResult.Recovery> recovery =
          recovery(lab, resultDir, work, recoveryScenarios, recoveryFiles, console);
      BenchResult result =
          new BenchResult(
              RunInfo.command(),
              startedAt,
              System.currentTimeMillis() - t0,
              RunInfo.versions(),
              RunInfo.machine(),
              settings,
              limit.limits,
              throughput,
              recovery,
              BenchResult.goals(throughput, recovery, Kill.TASKMANAGER.name()));
      ResultFiles.mapper().writeValue(resultDir.resolve(BenchResult.FILE).toFile(), result);
      if (recoveryScenarios.isEmpty()) {
        writeRunInfo(resultDir, startedAt);
      }
      console.println("Report: " + Report.write(resultDir).toAbsolutePath());
      console.printf(
          "Bench done in %.1f min; figures in %s%n",
          (System.currentTimeMillis() - t0) / 60000.0,
          resultDir.resolve(BenchResult.FILE).toAbsolutePath());
      console.flush();
      return 0;
    }
  }

  /** Checks the options; throws on a bad one, before anything starts. */
  private void validate() {
    for (String s : skip) {
      if (!PHASES.contains(s)) {
        throw new LabException("--skip takes " + String.join(", ", PHASES) + ", not '" + s + "'");
      }
    }
    if (records < 1000 || partitions < 1 || latencyRate < 1 || latencySeconds < 0) {
      throw new LabException(
          "--records must be >= 1000, --partitions and --latency-rate >= 1, --latency-seconds >= 0");
    }
    List<String> known = Options.DEFAULT.all().stream().map(o -> o.id()).toList();
    for (String t : onlyTargets == null ? List.<String>of() : onlyTargets) {
      if (!known.contains(t)) {
        throw new LabException("--targets takes " + String.join(", ", known) + ", not '" + t + "'");
      }
    }
  }

  /** The bench's settings, as bench.json reports them. */
  private Map<String, Object> settings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("records", records);
    settings.put("partitions", partitions);
    settings.put("payload_bytes", PAYLOAD_BYTES);
    settings.put("jdbc_batch_size", JDBC_BATCH);
    settings.put("checkpoint_interval_ms", 5000);
    settings.put("latency_rate_per_second", latencyRate);
    settings.put("latency_seconds", latencySeconds);
    settings.put("flink_parallelisms", parallelisms);
    settings.put("spark_local_cores", sparkCores);
    settings.put("sample_every_ms", Drain.EVERY_MS);
    return settings;
  }

  /** Creates the backlog topic and produces {@code records} into it; returns its name. */
  private String produceBacklog(
      EmbeddedLab lab, Map<String, Object> settings, PrintWriter console) {
    String topic = "bench-backlog-" + Long.toString(System.currentTimeMillis(), 36);
    EventProducer.createTopic(lab.endpoints().kafkaBootstrap(), topic, partitions);
    long p0 = System.currentTimeMillis();
    try (EventProducer p =
        new EventProducer(lab.endpoints().kafkaBootstrap(), topic, partitions, PAYLOAD_BYTES)) {
      p.produce(0, records, 0);
    }
    long produceMs = System.currentTimeMillis() - p0;
    settings.put("backlog_produce_ms", produceMs);
    console.printf(
        "Backlog: %,d records in %s (%d partitions), produced in %.1f s%n",
        records, topic, partitions, produceMs / 1000.0);
    console.flush();
    return topic;
  }

  /**
   * The throughput targets, in the order measured: the distinct engine runs of the options
   * registry, in its order, each Flink one at every parallelism.
   */
  private List<Object[]> targets() {
    List<String> chosen =
        onlyTargets == null
            ? null
            : onlyTargets.stream()
                .map(id -> targetName(Options.DEFAULT.byId(id).orElseThrow().target()))
                .toList();
    List<Object[]> targets = new ArrayList<>();
    for (Scenario.Target t : Options.DEFAULT.targets()) {
      if (chosen != null && !chosen.contains(targetName(t))) {
        continue;
      }
      if (chosen == null && t.variant().startsWith("structured")) {
        continue; // not yet part of the default bench (issue 18): measured with --targets only
      }
      if (t.engine().equals("flink")) {
        for (int p : parallelisms) {
          targets.add(new Object[] {t, p});
        }
      } else {
        targets.add(new Object[] {t, sparkCores});
      }
    }
    return targets;
  }

  /**
   * Throughput of each target on the backlog, then its latency at a fixed rate; the Flink targets
   * share one cluster.
   */
  private List<BenchResult.Throughput> throughput(
      EmbeddedLab lab,
      Path work,
      Path resultDir,
      Map<String, Object> settings,
      String topic,
      LimitPhase limit,
      PrintWriter console)
      throws Exception {
    List<BenchResult.Throughput> throughput = new ArrayList<>();
    console.println(
        "Throughput on the backlog, then latency at "
            + latencyRate
            + " records/s for "
            + latencySeconds
            + " s:");
    List<Object[]> targets = targets();
    // one Flink cluster for every Flink target: a job is submitted to it and cancelled after,
    // so no target pays for (or profits from) a cluster start
    FlinkCluster flink =
        new FlinkCluster(
            work.resolve("engines/throughput/flink-cluster"),
            lab.endpoints(),
            profile
                ? Map.of(
                    "env.java.opts.taskmanager",
                    "-XX:StartFlightRecording=filename="
                        + resultDir.toAbsolutePath().resolve("profile/taskmanager.jfr")
                        + ",settings=profile,dumponexit=true")
                : Map.of());
    if (profile) {
      Files.createDirectories(resultDir.resolve("profile"));
      settings.put("profile", "JFR of the Flink TaskManager: profile/taskmanager.jfr");
    }
    try {
      flink.start(1, Duration.ofMinutes(3));
      settings.put(
          "flink_cluster", "one cluster (1 JobManager, 1 TaskManager) for every Flink target");
      Probe probe =
          new Probe(
              lab,
              new SharedFlink(lab, flink.restUrl()),
              work.resolve("engines/throughput"),
              console);
      long inTopic = records;
      for (Object[] t : targets) {
        long extra = (long) latencyRate * latencySeconds;
        BenchResult.Throughput r =
            probe.run(
                (Scenario.Target) t[0],
                (Integer) t[1],
                Duration.ofSeconds(5),
                topic,
                partitions,
                inTopic,
                inTopic,
                latencyRate,
                // latency at a fixed rate once per sink mode: Flink at parallelism 1 only
                ((Scenario.Target) t[0]).engine().equals("flink")
                        && (Integer) t[1] != parallelisms.get(0)
                    ? 0
                    : latencySeconds,
                ((Scenario.Target) t[0]).sinkMode().equals("upsert")
                    ? limit.upsertLimit
                    : limit.jdbcLimit,
                limit.copyLimit);
        throughput.add(r);
        if (r.complete() && r.latencySeconds() > 0) {
          inTopic += extra; // the next target reads these too, as part of its backlog
        } else {
          // the latency phase did not run: the topic holds what it held
        }
      }
    } finally {
      flink.close();
    }
    return throughput;
  }

  /** The recovery trials of the bench's kill scenarios, with both engines. */
  private List<BenchResult.Recovery> recovery(
      EmbeddedLab lab,
      Path resultDir,
      Path work,
      List<Scenario> recoveryScenarios,
      List<Path> recoveryFiles,
      PrintWriter console)
      throws IOException {
    List<BenchResult.Recovery> recovery = new ArrayList<>();
    if (!recoveryScenarios.isEmpty()) {
      console.println("Recovery: five kills of each kind (scenarios/bench/)");
      console.flush();
      SuiteRunner.Outcome o =
          new SuiteRunner(lab, resultDir, work.resolve("engines/recovery"), console)
              .run(recoveryScenarios, recoveryFiles, "both", 1);
      for (TrialResult r : o.results()) {
        recovery.add(recoveryOf(r));
      }
      for (SuiteRunner.Failure f : o.failures()) {
        console.printf("  %s %s FAILED: %s%n", f.scenario(), f.target(), f.error());
      }
    }
    return recovery;
  }

  /** The name of a throughput target: the id of its plain option in the registry. */
  static String targetName(Scenario.Target t) {
    return Options.DEFAULT.plain(t).orElseThrow().id();
  }

  /** The per-kill recovery figures of one recovery trial. */
  static BenchResult.Recovery recoveryOf(TrialResult r) {
    List<Long> first = new ArrayList<>();
    List<Long> lag = new ArrayList<>();
    String fault = r.faults().isEmpty() ? "none" : r.faults().get(0).type();
    for (TrialResult.FaultRecord f : r.faults()) {
      first.add(f.firstWriteMs());
      lag.add(f.lagBaselineMs());
    }
    List<Double> known = first.stream().filter(Objects::nonNull).map(Long::doubleValue).toList();
    return new BenchResult.Recovery(
        fault,
        r.engine() + "/" + r.variant() + "/" + r.sinkMode(),
        r.scenario(),
        first.size(),
        first,
        BenchResult.medianCountingMissingAsLongest(first),
        first.stream().filter(Objects::nonNull).min(Long::compare).orElse(null),
        first.stream().filter(Objects::nonNull).max(Long::compare).orElse(null),
        lag,
        r.lost(),
        r.duplicatedIds());
  }

  private static void writeRunInfo(Path dir, String startedAt) throws IOException {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("command", RunInfo.command());
    info.put("started_at", startedAt);
    info.put("versions", RunInfo.versions());
    info.put("machine", RunInfo.machine());
    ResultFiles.mapper().writeValue(dir.resolve("run.json").toFile(), info);
  }
}
