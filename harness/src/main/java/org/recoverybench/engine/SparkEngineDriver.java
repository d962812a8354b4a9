package org.recoverybench.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.recoverybench.lab.HdfsEndpoints;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabException;
import org.recoverybench.lab.spark.ClusterDriver;
import org.recoverybench.lab.spark.SparkDriver;
import org.recoverybench.lab.spark.SparkStandalone;
import org.recoverybench.process.LogFiles;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.result.RecoveryPhases;
import org.recoverybench.result.TrialResult;
import org.recoverybench.scenario.Scenario;

/**
 * Spark as its users run it: the driver as its own JVM ({@code local[N]}), restarted with the same
 * arguments after a crash, as a supervisor would. For executor faults the app runs on a standalone
 * Master and Worker, so the executor is a JVM of its own. With {@code spark_supervision: cluster}
 * the driver is submitted to that Master in cluster deploy mode with {@code --supervise}: the
 * Worker runs it and launches it again by itself after a kill, and the harness only watches.
 */
public final class SparkEngineDriver implements EngineDriver {
  private final Lab lab;
  private final Path workDir;
  private TrialContext ctx;
  private SparkStandalone standalone;
  private volatile ManagedProcess driver;

  /** The driver under the standalone cluster's supervision ({@code spark_supervision: cluster}). */
  private ClusterDriver clusterDriver;

  /** Its {@code RB-READY} lines when it was killed last, and when a relaunched one logged one. */
  private long readyBeforeKill;

  private java.util.OptionalLong runningAgainAt = java.util.OptionalLong.empty();
  private volatile int incarnation = 1; // read by incarnation() without the lifecycle lock
  private final List<Path> driverLogs = new CopyOnWriteArrayList<>();

  /** The delay before a supervised restart: that of the Flink job's fixed-delay strategy. */
  static final Duration SUPERVISED_RESTART_DELAY = SparkSupervisor.RESTART_DELAY;

  /** Restarts the driver when it exits by itself; holds the lock of every start, kill and stop. */
  private SparkSupervisor supervisor;

  /** Each driver the harness started, with the watch of its log's untimed lines. */
  private record Start(ManagedProcess process, LineWatch lines) {}

  private final List<Start> starts = new CopyOnWriteArrayList<>();

  /**
   * After a kill of the driver under the cluster's supervision: the watches of its stderr (the
   * Worker's launch header) and its stdout (the app's lines), from where they were at the kill.
   */
  private volatile LineWatch relaunchWatch;

  private volatile LineWatch relaunchedLines;

  /** The epoch ms just before the last kill's signal. */
  private volatile long signalledAt;

  private final List<Path> upgradedLogs = new ArrayList<>();
  private int parallelismOverride;
  private boolean extraOperator;
  private String checkpointPrefix;

  public SparkEngineDriver(Lab lab, Path workDir) {
    this.lab = lab;
    this.workDir = workDir;
  }

  @Override
  public String engine() {
    return "spark";
  }

  private boolean needsStandalone() {
    return ctx.kills().contains(ProcessKind.WORKER) || clusterSupervised();
  }

  /** Whether the driver runs in cluster deploy mode under the Worker's {@code --supervise}. */
  private boolean clusterSupervised() {
    return ctx.scenario().settings().sparkClusterSupervision();
  }

  /** The existing master the app runs on, or null (then its own processes). */
  private String existingMaster() {
    return lab.engines().spark().orElse(null);
  }

  @Override
  public void start(TrialContext ctx, Duration timeout) {
    this.ctx = ctx;
    this.checkpointPrefix = ctx.checkpointPrefix();
    if (existingMaster() != null) {
      if (clusterSupervised()) {
        throw new LabException(notOwned("the driver it supervises (spark_supervision: cluster)"));
      }
      if (needsStandalone()) {
        throw new LabException(notOwned("an executor"));
      }
    } else if (clusterSupervised()) {
      // the Worker runs the driver too: a core and its memory beside the executor's
      standalone = SparkStandalone.start(workDir.resolve("standalone"), cores() + 1, "3g", timeout);
    } else if (needsStandalone()) {
      standalone = SparkStandalone.start(workDir.resolve("standalone"), 2, "1g", timeout);
    }
    supervisor =
        new SparkSupervisor(
            () -> driver,
            () -> {
              incarnation++;
              startDriver(timeout);
            });
    supervisor.locked(
        () -> {
          startDriver(timeout);
          return null;
        });
    supervisor.start(ctx.scenario().settings().driverRestarts());
  }

  private void startDriver(Duration timeout) {
    SparkDriver d = configured();
    if (clusterSupervised()) {
      clusterDriver = d.submitSupervised(standalone, timeout);
      driverLogs.add(clusterDriver.stdout());
      driverLogs.add(clusterDriver.stderr());
      clusterDriver.awaitReady(0, timeout);
      return;
    }
    driver = d.start();
    driverLogs.add(driver.logFile());
    starts.add(
        new Start(
            driver,
            LineWatch.start(
                driver.logFile(), 0, List.of(SparkDriverLogs.READY, SparkDriverLogs.BATCH))));
    if (extraOperator) {
      upgradedLogs.add(driver.logFile());
    }
    SparkDriver.awaitReady(driver, timeout);
    if (existingMaster() != null) {
      // executors on a cluster we do not own may take a while; records produced before one
      // exists would only wait in Kafka, but the drain would count the wait as a quiet sink
      try {
        SparkDriver.awaitLog(driver, "Registered executor", timeout);
      } catch (LabException e) {
        throw new LabException(
            "the Spark master at "
                + existingMaster()
                + " gave the app no executor within "
                + timeout.toSeconds()
                + " s; see "
                + driver.logFile());
      }
    }
  }

  /** The driver as the trial's settings and the last restart's changes configure it. */
  private SparkDriver configured() {
    var s = ctx.scenario().settings();
    SparkDriver d =
        SparkDriver.against(ctx.endpoints(), workDir) // S3 may be behind the harness's proxy
            .variant(ctx.target().variant())
            .sinkMode(ctx.target().sinkMode())
            .runId(ctx.runId())
            .topic(ctx.topic())
            .groupId(ctx.groupId())
            .option("checkpoint-dir", ctx.checkpointUri("s3a", checkpointPrefix))
            .incarnation(incarnation)
            .option("batch-seconds", s.sparkBatchInterval().toSeconds())
            .option("session-timeout-ms", s.sessionTimeout().toMillis())
            .option("heartbeat-interval-ms", s.heartbeatInterval().toMillis())
            .option("on-parse-error", s.onParseError());
    var w = ctx.scenario().workload();
    if (w.stateful()) {
      d.keyedState(w.keys(), w.stateBytes());
      if (s.stateCheckpointInterval() != null) {
        d.stateCheckpointSeconds(s.stateCheckpointInterval().toSeconds());
      }
    }
    if (ctx.hdfs() != null) {
      // the app also puts spark.hadoop.* into the Hadoop Configuration it gives getOrCreate: the
      // checkpoint writer reuses the FileSystem that getOrCreate opened first
      HdfsEndpoints.CLIENT_SETTINGS.forEach((k, v) -> d.conf("spark.hadoop." + k, v));
    }
    if (!s.startingOffsets().equals("engine-default")) {
      d.option("auto-offset-reset", s.startingOffsets());
    }
    if (extraOperator) {
      d.option("upgrade-extra-operator", "true");
    }
    if (existingMaster() != null) {
      d.onMaster(existingMaster(), cores(), "1g");
    } else if (standalone != null) {
      d.onCluster(standalone, cores(), "1g");
    } else {
      d.option("master", "local[" + cores() + "]");
    }
    return d;
  }

  private int cores() {
    return parallelismOverride > 0 ? parallelismOverride : ctx.scenario().settings().parallelism();
  }

  @Override
  public RestartOutcome restart(RestartSpec spec, Duration timeout) {
    refuseUnderClusterSupervision("a restart of the driver by the harness");
    return supervisor.owned(() -> restartOwned(spec, timeout));
  }

  /** The scenario loader refuses these faults with the setting; this is the engine's own guard. */
  private void refuseUnderClusterSupervision(String what) {
    if (clusterSupervised()) {
      throw new LabException(
          what
              + " does not run with spark_supervision: cluster (the Worker relaunches the driver)");
    }
  }

  @Override
  public boolean takesOver(String role) {
    return "driver".equals(role) && clusterSupervised();
  }

  @Override
  public java.util.OptionalLong runningAgainAt() {
    return runningAgainAt;
  }

  private RestartOutcome restartOwned(RestartSpec spec, Duration timeout) {
    if (spec.stop() == RestartSpec.Stop.KILL) {
      driver.kill9();
    } else {
      driver.terminate(Duration.ofSeconds(60)); // SIGTERM: Spark's shutdown hook stops the context
    }
    String change = spec.change() == null ? null : spec.change().apply(this);
    parallelismOverride = spec.parallelism();
    extraOperator = spec.extraOperator();
    String dir = ctx.checkpointUri("s3a", checkpointPrefix);
    incarnation++;
    try {
      startDriver(timeout);
    } catch (LabException refused) {
      if (driver.isAlive()) {
        throw refused; // it runs but never got ready: not a refusal to restore
      }
      String error = SparkDriverLogs.driverError(driver.logFile());
      // as an operator would: point the app at an empty checkpoint directory
      checkpointPrefix = ctx.checkpointPrefix() + "after-refusal-" + incarnation + "/";
      incarnation++;
      startDriver(timeout);
      return new RestartOutcome(RestartOutcome.REFUSED_STARTED_EMPTY, dir, error, change);
    }
    // getOrCreate and Structured Streaming read their checkpoint; the app says when it held none
    boolean fresh =
        LogFiles.contains(driver.logFile(), "RB-CONTEXT created a new StreamingContext")
            || LogFiles.contains(driver.logFile(), "RB-CONTEXT created a new StreamingQuery")
            || !(ctx.target().variant().equals("recoverable")
                || ctx.target().variant().startsWith("structured"));
    return new RestartOutcome(
        fresh ? RestartOutcome.NEW_CONTEXT : RestartOutcome.RESTORED, dir, null, change);
  }

  @Override
  public Optional<LatestCheckpoint> latestCheckpoint() {
    return structured()
        ? StructuredCheckpoints.latest(lab.endpoints(), checkpointPrefix)
        : SparkCheckpoints.latest(lab.endpoints(), checkpointPrefix);
  }

  /** Whether the target is the Structured Streaming app, whose checkpoint is two logs. */
  private boolean structured() {
    return ctx.target().variant().startsWith("structured");
  }

  @Override
  public long completedCheckpoints() {
    long batches = SparkDriverLogs.linesStartingWith(driverLogs, "RB-BATCH");
    // batches run one at a time: once batch n+1 has begun, batch n has completed
    return Math.max(0, batches - 1);
  }

  @Override
  public List<String> roles() {
    return standalone == null ? List.of("driver") : List.of("driver", "executor");
  }

  @Override
  public String roleOf(ProcessKind kind) {
    return switch (kind) {
      case COORDINATOR, CHECKPOINT_WRITER -> "driver";
      case WORKER -> "executor";
    };
  }

  /**
   * The upload of a checkpoint file: Spark writes {@code <prefix>temp}, then renames it to {@code
   * checkpoint-<time>}.
   */
  @Override
  public Pattern checkpointUploadRequest() {
    if (structured()) {
      return StructuredCheckpoints.uploadRequest(ctx.endpoints().s3Bucket(), checkpointPrefix);
    }
    String bucketPath = "/" + ctx.endpoints().s3Bucket() + "/" + checkpointPrefix;
    return Pattern.compile("PUT " + Pattern.quote(bucketPath) + "temp[ ?]");
  }

  @Override
  public long kill(String role) {
    switch (role) {
      case "driver" -> {
        if (clusterSupervised()) {
          // the Worker sees its child die and launches it again; the harness only watches
          readyBeforeKill = clusterDriver.readyLines();
          runningAgainAt = java.util.OptionalLong.empty();
          closeRelaunchWatches();
          relaunchWatch =
              LineWatch.start(
                  clusterDriver.stderr(),
                  LineWatch.sizeOf(clusterDriver.stderr()),
                  List.of(ClusterDriver.LAUNCH_HEADER));
          relaunchedLines =
              LineWatch.start(
                  clusterDriver.stdout(),
                  LineWatch.sizeOf(clusterDriver.stdout()),
                  List.of(SparkDriverLogs.READY, SparkDriverLogs.BATCH));
          signalledAt = System.currentTimeMillis();
          return clusterDriver.kill9();
        }
        // the supervisor leaves the killed driver alone until recover() starts it again
        return supervisor.takeOver(
            () -> {
              long pid = driver.pid();
              signalledAt = System.currentTimeMillis();
              driver.kill9();
              return pid;
            });
      }
      case "executor" -> {
        if (existingMaster() != null) {
          throw new LabException(notOwned("an executor"));
        }
        if (standalone == null) {
          throw new LabException("a kill of an executor needs the standalone deployment");
        }
        ProcessHandle executor =
            standalone
                .anyExecutor()
                .orElseThrow(() -> new LabException("no Spark executor is running"));
        long pid = executor.pid();
        signalledAt = System.currentTimeMillis();
        executor.destroyForcibly(); // SIGKILL to the executor's PID
        executor.onExit().join();
        return pid;
      }
      default -> throw new IllegalArgumentException("Spark has no role " + role);
    }
  }

  private String notOwned(String what) {
    return "scenario "
        + ctx.scenario().name()
        + " needs to kill "
        + what
        + "; --spark-master points at a cluster recoverybench does not own";
  }

  @Override
  public void recover(String role, Duration timeout) {
    switch (role) {
      case "driver" -> {
        if (clusterSupervised()) {
          // the relaunched driver runs its stream again: the time the harness saw it (100 ms)
          clusterDriver.awaitReady(readyBeforeKill, timeout);
          runningAgainAt = java.util.OptionalLong.of(System.currentTimeMillis());
          return;
        }
        supervisor.handBack(
            () -> {
              incarnation++;
              startDriver(timeout);
            });
      }
      case "executor" -> {
        // the Worker starts a new executor by itself; nothing to do but let it
      }
      default -> throw new IllegalArgumentException("Spark has no role " + role);
    }
  }

  /**
   * The phases of the recovery from the last kill of the role. A driver: the new driver's start
   * (the harness's start of its process; under the cluster's supervision, the Worker's launch
   * header seen in its stderr), and when its {@code RB-READY} and first {@code RB-BATCH} lines were
   * seen (the app prints them without a time stamp: {@link LineWatch}). An executor: the driver
   * log's lines that the executor was lost and that a new one registered, by their log4j time
   * stamps.
   */
  @Override
  public Optional<RecoveryPhases> recoveryPhases(String role, long killedAtMs) {
    long since = Math.min(signalledAt == 0 ? killedAtMs : signalledAt, killedAtMs);
    try {
      return switch (role) {
        case "driver" -> Optional.of(driverPhases(since));
        case "executor" ->
            Optional.of(
                SparkDriverLogs.executorPhases(
                    SparkDriverLogs.lines(
                        clusterDriver != null ? clusterDriver.stderr() : driver.logFile()),
                    since,
                    java.time.ZoneId.systemDefault()));
        default -> Optional.empty();
      };
    } catch (RuntimeException e) {
      return Optional.empty(); // the phases are a breakdown: the recovery stands without them
    }
  }

  private RecoveryPhases driverPhases(long since) {
    java.util.OptionalLong none = java.util.OptionalLong.empty();
    if (clusterDriver != null) {
      LineWatch launch = relaunchWatch;
      LineWatch lines = relaunchedLines;
      java.util.OptionalLong launched =
          launch == null ? none : launch.seen(ClusterDriver.LAUNCH_HEADER);
      return SparkDriverLogs.driverPhases(
          launched.isPresent() ? launched.getAsLong() : null,
          lines == null ? none : lines.seen(SparkDriverLogs.READY),
          lines == null ? none : lines.seen(SparkDriverLogs.BATCH));
    }
    for (Start st : starts) {
      long started = st.process().startedAt().toEpochMilli();
      if (started >= since) { // the first driver started after the kill
        return SparkDriverLogs.driverPhases(
            started,
            st.lines().seen(SparkDriverLogs.READY),
            st.lines().seen(SparkDriverLogs.BATCH));
      }
    }
    return SparkDriverLogs.driverPhases(null, none, none);
  }

  private void closeRelaunchWatches() {
    if (relaunchWatch != null) {
      relaunchWatch.close();
    }
    if (relaunchedLines != null) {
      relaunchedLines.close();
    }
  }

  private void closeWatches() {
    starts.forEach(st -> st.lines().close());
    closeRelaunchWatches();
  }

  @Override
  public void gracefulRestart(Duration timeout) {
    refuseUnderClusterSupervision("a graceful restart");
    supervisor.owned(
        () -> {
          driver.terminate(
              Duration.ofSeconds(60)); // SIGTERM: Spark's shutdown hook stops the context
          incarnation++;
          startDriver(timeout);
          return null;
        });
  }

  @Override
  public void stop() {
    closeWatches();
    if (supervisor != null) {
      supervisor.stop();
    }
    if (clusterDriver != null) {
      clusterDriver.stop(Duration.ofSeconds(30));
    }
    if (driver != null) {
      driver.terminate(Duration.ofSeconds(30));
    }
    if (standalone != null) {
      standalone.close();
    }
  }

  /**
   * The transactional variant keeps its offsets in the database; Structured Streaming in its
   * checkpoint's offsets log (those of the newest committed batch); the others do not expose them.
   */
  @Override
  public Map<Integer, Long> checkpointedOffsets() {
    if (structured()) {
      return StructuredCheckpoints.committedOffsets(lab.endpoints(), checkpointPrefix, ctx.topic());
    }
    Map<Integer, Long> out = new HashMap<>();
    if (!ctx.target().variant().equals("transactional")) {
      return out;
    }
    try (Connection c = LabClients.jdbc(lab.endpoints());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT kafka_partition, next_offset FROM stream_offsets WHERE run_id = ?")) {
      ps.setString(1, ctx.runId());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getInt(1), rs.getLong(2));
        }
      }
    } catch (SQLException e) {
      // the database is away: nothing known
    }
    return out;
  }

  /**
   * Spark's checkpoint files under the trial's prefix, as the store shows them now, each with the
   * time its last write took (from the driver logs' {@code CheckpointWriter} lines).
   */
  @Override
  public List<TrialResult.PerCheckpoint> checkpoints() {
    if (structured()) {
      return StructuredCheckpoints.listed(lab.endpoints(), checkpointPrefix);
    }
    return SparkCheckpoints.listed(
        lab.endpoints(), ctx.hdfs(), ctx.checkpointPrefix(), checkpointWrites());
  }

  /** Every checkpoint write the driver logs, by file name, in the order written. */
  public Map<String, List<Long>> checkpointWrites() {
    return SparkCheckpoints.writeTimes(driverLogs);
  }

  @Override
  public Map<String, Long> processes() {
    Map<String, Long> m = new LinkedHashMap<>();
    if (driver != null && driver.isAlive()) {
      m.put("driver", driver.pid());
    }
    if (clusterDriver != null && clusterDriver.isAlive()) {
      m.put("driver", clusterDriver.pid());
    }
    if (standalone != null) {
      m.put("master", standalone.master().pid());
      m.put("worker", standalone.worker().pid());
      int i = 0;
      for (ProcessHandle e : standalone.executors()) {
        m.put("executor-" + i++, e.pid());
      }
    }
    return m;
  }

  @Override
  public Map<String, Object> settings() {
    var s = ctx.scenario().settings();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "deployment",
        existingMaster() != null
            ? "existing master " + existingMaster()
            : clusterSupervised()
                ? "standalone master+worker, cluster deploy mode with --supervise (the Worker runs"
                    + " the driver)"
                : standalone == null
                    ? "local[" + s.parallelism() + "]"
                    : "standalone master+worker");
    m.put("spark_supervision", s.sparkSupervision());
    m.put("batch_interval_ms", s.checkpointInterval().toMillis());
    m.put("checkpoint_interval", "every batch (Spark's default for the metadata checkpoint)");
    if (ctx.scenario().workload().stateful()) {
      m.put("keys", ctx.scenario().workload().keys());
      m.put("state_bytes", ctx.scenario().workload().stateBytes());
      m.put("state_checkpoint_interval_ms", s.sparkStateCheckpointInterval().toMillis());
      m.put(
          "state_checkpoint_interval",
          s.stateCheckpointInterval() != null
              ? "settings.state_checkpoint_interval"
              : "Spark's default for mapWithState: "
                  + Scenario.EngineSettings.SPARK_STATE_CHECKPOINT_MULTIPLIER
                  + " x the batch interval");
    }
    m.put("session.timeout.ms", s.sessionTimeout().toMillis());
    m.put("heartbeat.interval.ms", s.heartbeatInterval().toMillis());
    m.put(
        "auto.offset.reset",
        s.startingOffsets().equals("engine-default")
            ? "not set (Kafka default: latest)"
            : s.startingOffsets());
    m.put("sink_mode", ctx.target().sinkMode());
    if (parallelismOverride > 0) {
      m.put("cores_after_restart", parallelismOverride);
    }
    if (!upgradedLogs.isEmpty()) {
      m.put(
          "upgrade_extra_operator_batches",
          SparkDriverLogs.linesStartingWith(upgradedLogs, "RB-EXTRA-OPERATOR"));
    }

    m.put(
        "restart",
        clusterSupervised()
            ? "the Spark Worker launches the driver again with the same arguments whenever it"
                + " exits with a non-zero code (spark-submit --supervise); the harness never"
                + " restarts it"
            : SparkSupervisor.policy(s.driverRestarts()));
    SparkDriverLogs.writeFigures(checkpointWrites(), m);
    return m;
  }

  @Override
  public OptionalInt incarnation() {
    return OptionalInt.of(incarnation);
  }

  /**
   * Whether the driver lives (and its exit code if not), how often it was started, and from its
   * logs: failed batch jobs, checkpoint writes that failed, and its last {@code error:} line.
   */
  @Override
  public Map<String, Object> status() {
    if (clusterDriver != null) {
      return SparkDriverLogs.clusterStatus(clusterDriver, driverLogs);
    }
    if (driver == null) {
      return new LinkedHashMap<>();
    }
    return SparkDriverLogs.status(driver, driverLogs, supervisor);
  }

  @Override
  public void close() {
    closeWatches();
    if (supervisor != null) {
      supervisor.stop();
    }
    if (clusterDriver != null) {
      clusterDriver.stop(Duration.ofSeconds(1));
    }
    if (driver != null && driver.isAlive()) {
      driver.kill9();
    }
    if (standalone != null) {
      standalone.close();
    }
  }
}
