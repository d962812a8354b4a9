package org.recoverybench.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.clients.admin.Admin;
import org.recoverybench.lab.Dist;
import org.recoverybench.lab.HdfsEndpoints;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabException;
import org.recoverybench.lab.flink.FlinkCluster;
import org.recoverybench.lab.flink.FlinkRest;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;
import org.recoverybench.result.RecoveryPhases;
import org.recoverybench.result.TrialResult;

/**
 * Flink as a user runs it: a standalone cluster (one JobManager and one TaskManager JVM) and the
 * shaded job jar submitted with {@code flink run} (see {@link FlinkJob}). A killed TaskManager is
 * replaced; a killed JobManager (no HA) is restarted and the job resubmitted from its latest
 * retained checkpoint.
 */
public final class FlinkEngineDriver implements EngineDriver {
  /** The name the job gives the operator of {@code --upgrade-extra-operator}. */
  static final String EXTRA_OPERATOR_NAME = "upgrade: extra operator";

  private final Lab lab;
  private final Path workDir;
  private FlinkCluster cluster;

  /** Held around every kill and start of a TaskManager, by the harness or the replacer. */
  private final Object taskManagerLock = new Object();

  /** Replaces a TaskManager that ends by itself (an owned cluster only). */
  private TaskManagerReplacer replacer;

  private TrialContext ctx;
  private FlinkJob job;
  private ReplacedJobCheckpoints replacedJobs;

  public FlinkEngineDriver(Lab lab, Path workDir) {
    this.lab = lab;
    this.workDir = workDir;
  }

  @Override
  public String engine() {
    return "flink";
  }

  static Path jobJar() {
    Path jar = Dist.home().resolve("job/target/recoverybench-flink-job.jar");
    if (!Files.isRegularFile(jar)) {
      throw new LabException(
          "the Flink job jar is missing at " + jar + "; build it with: mvn -DskipTests package");
    }
    return jar;
  }

  @Override
  public void start(TrialContext ctx, Duration timeout) {
    this.ctx = ctx;
    // an upgrade "without uids" compares two versions of a job that never set uids
    boolean noUids =
        ctx.scenario().faults().stream().anyMatch(f -> f.restart() != null && !f.restart().uids());
    Optional<String> existing = lab.engines().flink();
    if (existing.isPresent()) {
      // a cluster we do not own: kills of its processes would be pretending
      if (!ctx.kills().isEmpty()) {
        throw new LabException(notOwned(roleOf(ctx.kills().get(0))));
      }
      cluster = FlinkCluster.existing(workDir.resolve("flink"), ctx.endpoints(), existing.get());
    } else {
      // the engine's endpoints: S3 may be behind the harness's proxy
      Map<String, String> conf = new LinkedHashMap<>(hadoopConf(ctx));
      conf.putAll(haConf(ctx, lab));
      cluster = new FlinkCluster(workDir.resolve("flink"), ctx.endpoints(), conf);
      cluster.start(taskManagersWanted(), timeout);
      replacer = new TaskManagerReplacer(cluster, taskManagerLock);
      replacer.start();
    }
    job = new FlinkJob(lab, workDir, cluster, ctx, noUids);
    replacedJobs =
        ctx.hdfs() == null
            ? new ReplacedJobCheckpoints(lab.endpoints(), ctx.checkpointPrefix())
            : null;
    job.submit(Optional.empty(), 0, timeout);
  }

  /**
   * The HDFS client settings for {@code hdfs://} checkpoints, as Flink passes Hadoop settings: with
   * the {@code flink.hadoop.} prefix in the cluster's configuration (the JobManager, the
   * TaskManagers and the {@code flink run} client read it). None for S3.
   */
  static Map<String, String> hadoopConf(TrialContext ctx) {
    Map<String, String> m = new LinkedHashMap<>();
    if (ctx.hdfs() != null) {
      HdfsEndpoints.CLIENT_SETTINGS.forEach((k, v) -> m.put("flink.hadoop." + k, v));
    }
    return m;
  }

  /**
   * JobManager high availability with the lab's ZooKeeper ({@code flink_ha: zookeeper}): the job
   * graphs and checkpoint pointers on S3 (under {@code ha/<the trial's checkpoint prefix>}, beside
   * the checkpoints so that checkpoint sizes stay the checkpoints' own), a cluster id of the
   * trial's own so that no trial finds another's jobs, and ZooKeeper sessions short enough for a
   * standby to take over within seconds. None without HA.
   */
  static Map<String, String> haConf(TrialContext ctx, Lab lab) {
    Map<String, String> m = new LinkedHashMap<>();
    if (!ctx.scenario().settings().flinkHaZooKeeper()) {
      return m;
    }
    String quorum =
        lab.zookeeper()
            .orElseThrow(
                () ->
                    new LabException(
                        "scenario "
                            + ctx.scenario().name()
                            + " runs Flink with ZooKeeper high availability (settings.flink_ha:"
                            + " zookeeper), but the lab runs no ZooKeeper"));
    m.putAll(
        FlinkCluster.zooKeeperHa(
            quorum,
            ctx.checkpointUri("s3", "ha/" + ctx.checkpointPrefix()),
            "/" + ctx.checkpointPrefix().replaceAll("[^A-Za-z0-9._-]", "-")));
    return m;
  }

  private boolean ha() {
    return cluster != null && cluster.highAvailability();
  }

  /** When the leader was killed last (HA), and when its job ran again under the standby. */
  private long leaderKilledAt;

  private java.util.OptionalLong runningAgainAt = java.util.OptionalLong.empty();

  /** The new standby's start in the background after a takeover (HA), or null. */
  private Thread standbyStart;

  private volatile RuntimeException standbyStartFailure;

  @Override
  public boolean takesOver(String role) {
    return "jobmanager".equals(role) && ha();
  }

  @Override
  public java.util.OptionalLong runningAgainAt() {
    return runningAgainAt;
  }

  /** Waits until the standby started after the last takeover is up; throws if it did not start. */
  private void awaitStandbyStart(Duration timeout) {
    Thread t = standbyStart;
    if (t == null) {
      return;
    }
    try {
      t.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    standbyStart = null;
    RuntimeException failed = standbyStartFailure;
    standbyStartFailure = null;
    if (failed != null) {
      throw failed;
    }
  }

  /**
   * After the leader's kill: waits until the job, taken over by the standby (no submission), runs
   * all its tasks again, in a state the engine entered after the kill; then starts a new standby in
   * the background, as a process supervisor would bring the killed JobManager back, so that its JVM
   * start does not compete with the takeover for the CPU.
   */
  private void awaitTakeover(Duration timeout) {
    String id = jobId();
    int tasks = job.parallelism();
    long[] since = {0};
    boolean back =
        Poll.until(
            timeout,
            Duration.ofMillis(100),
            () -> {
              since[0] = rest().jobStateSince(id, "RUNNING").orElse(0);
              return since[0] > leaderKilledAt
                  && "RUNNING".equals(rest().jobState(id).orElse(""))
                  && rest().runningTasks(id) >= tasks;
            });
    if (!back) {
      throw new LabException(
          "the standby JobManager did not run job "
              + id
              + " again within "
              + timeout
              + " of the leader's kill (job state "
              + rest().jobState(id).orElse("unknown")
              + "; logs in "
              + cluster.dir().resolve("log")
              + ")");
    }
    runningAgainAt = java.util.OptionalLong.of(since[0]);
    Thread t =
        new Thread(
            () -> {
              try {
                cluster.startJobManager();
              } catch (RuntimeException e) {
                standbyStartFailure = e;
              }
            },
            "flink-standby-jobmanager-start");
    t.setDaemon(true);
    standbyStart = t;
    t.start();
  }

  private String notOwned(String role) {
    return "scenario "
        + ctx.scenario().name()
        + " needs to kill a "
        + role
        + "; --flink-rest points at a cluster recoverybench does not own";
  }

  /** One TaskManager for the job, plus the scenario's standbys. */
  private int taskManagersWanted() {
    return 1 + ctx.scenario().settings().standbyTaskManagers();
  }

  private FlinkRest rest() {
    return cluster.rest();
  }

  /** The id of the job submitted last, or null. */
  private String jobId() {
    return job == null ? null : job.id();
  }

  @Override
  public RestartOutcome restart(RestartSpec spec, Duration timeout) {
    if (ha() && spec.stop() == RestartSpec.Stop.KILL) {
      throw new LabException(
          "scenario "
              + ctx.scenario().name()
              + ": a JobManager kill followed by a resubmission (a damaged checkpoint) is not run"
              + " with flink_ha: zookeeper yet (the standby would take the old job over)");
    }
    String savepoint = null;
    switch (spec.stop()) {
      case KILL -> cluster.killJobManager();
      case CANCEL -> job.cancel(timeout);
      case SAVEPOINT -> savepoint = job.stopWithSavepoint(timeout);
    }
    String change = spec.change() == null ? null : spec.change().apply(this);
    if (spec.stop() == RestartSpec.Stop.KILL) {
      cluster.startJobManager();
      cluster.awaitTaskManagers(1, timeout);
    }
    job.change(spec.parallelism(), spec.extraOperator(), !spec.explicitUids());
    String from =
        savepoint != null
            ? savepoint
            : cluster.latestRetainedCheckpoint(ctx.checkpointUri("s3")).orElse(null);
    if (from == null) {
      job.submitNext(Optional.empty(), timeout);
      return new RestartOutcome(RestartOutcome.STARTED_EMPTY, null, null, change);
    }
    try {
      job.submitNext(Optional.of(from), timeout);
      return new RestartOutcome(RestartOutcome.RESTORED, from, null, change);
    } catch (LabException refused) {
      job.cancelIfRunning(timeout);
      job.submitNext(Optional.empty(), timeout);
      return new RestartOutcome(
          RestartOutcome.REFUSED_STARTED_EMPTY, from, refused.getMessage(), change);
    }
  }

  @Override
  public Optional<LatestCheckpoint> latestCheckpoint() {
    return cluster
        .latestRetainedCheckpoint(ctx.checkpointUri("s3"))
        .map(
            uri -> {
              String dirKey = uri.substring(("s3://" + lab.endpoints().s3Bucket() + "/").length());
              List<String> keys = EngineDrivers.s3Keys(lab.endpoints(), dirKey + "/");
              return new LatestCheckpoint(
                  dirKey.substring(dirKey.lastIndexOf('/') + 1),
                  keys,
                  keys.stream().filter(k -> k.endsWith("/_metadata")).toList());
            });
  }

  /**
   * Every checkpoint of each job as the REST API's history showed it, by job and id: the history
   * keeps only the latest few ({@code web.checkpoints.history}), and the sampler's reads about once
   * a second keep the rest here (for the first checkpoint after a restore).
   */
  private final Map<String, Map<Long, FlinkRest.Checkpoint>> seenCheckpoints =
      new ConcurrentHashMap<>();

  /** The job that ran at the last kill, and the epoch ms just before its signal was sent. */
  private volatile String jobAtKill;

  private volatile long signalledAt;

  /**
   * The failures of the job's exception history read since the last kill, while its recovery's
   * phases are still to be asked for: the history keeps only the latest 16, and a job without a
   * free slot fails again about every second.
   */
  private final Set<Long> failuresSeen = new ConcurrentSkipListSet<>();

  private volatile boolean recoveryPending;
  private volatile long failuresReadAt;

  @Override
  public long completedCheckpoints() {
    String id = jobId();
    if (id == null) {
      return 0;
    }
    if (recoveryPending && System.currentTimeMillis() - failuresReadAt >= 1_000) {
      failuresReadAt = System.currentTimeMillis();
      failuresSeen.addAll(rest().failureTimes(id)); // about once a second, with the sampler's read
    }
    return rest()
        .checkpoints(id)
        .map(
            c -> {
              remember(id, c.history());
              return c.counts().completed();
            })
        .orElse(0L);
  }

  /** The lines of every JobManager log of the cluster (a restarted one writes a new file). */
  private List<String> jobManagerLogs() {
    List<String> lines = new ArrayList<>();
    try (var files = Files.list(cluster.dir().resolve("log"))) {
      for (Path f :
          files
              .filter(p -> p.getFileName().toString().matches("jobmanager-\\d+\\.log"))
              .sorted()
              .toList()) {
        lines.addAll(Files.readAllLines(f, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // no log to read: the REST API's latest RESTARTING stands in
    }
    return lines;
  }

  private void remember(String jobId, List<FlinkRest.Checkpoint> history) {
    Map<Long, FlinkRest.Checkpoint> seen =
        seenCheckpoints.computeIfAbsent(jobId, k -> new ConcurrentHashMap<>());
    history.forEach(c -> seen.put(c.id(), c));
  }

  /**
   * The phases of the recovery from the last kill, from the REST API of the job that runs now: its
   * exception history, its state timestamps, its subtasks' current attempts, its last restore and
   * the checkpoints seen since ({@link FlinkRecoveryPhases}).
   */
  @Override
  public Optional<RecoveryPhases> recoveryPhases(String role, long killedAtMs) {
    String id = jobId();
    if (cluster == null || id == null || jobAtKill == null) {
      return Optional.empty();
    }
    try {
      boolean resubmitted = !id.equals(jobAtKill);
      boolean takenOver = !resubmitted && "jobmanager".equals(role) && ha();
      Optional<FlinkRest.Checkpoints> checkpoints = rest().checkpoints(id);
      checkpoints.ifPresent(c -> remember(id, c.history()));
      failuresSeen.addAll(rest().failureTimes(id));
      recoveryPending = false;
      return Optional.of(
          FlinkRecoveryPhases.of(
              new FlinkRecoveryPhases.Observed(
                  role,
                  Math.min(signalledAt, killedAtMs),
                  resubmitted,
                  takenOver,
                  List.copyOf(failuresSeen),
                  rest().jobStateTimes(id),
                  resubmitted || takenOver || cluster.isExisting()
                      ? List.of()
                      : FlinkRecoveryPhases.restartsLogged(
                          jobManagerLogs(), id, java.time.ZoneId.systemDefault()),
                  rest().subtaskTimes(id),
                  checkpoints.flatMap(FlinkRest.Checkpoints::restored),
                  List.copyOf(seenCheckpoints.getOrDefault(id, Map.of()).values()))));
    } catch (RuntimeException e) {
      return Optional.empty(); // the phases are a breakdown: the recovery stands without them
    }
  }

  @Override
  public List<String> roles() {
    return List.of("taskmanager", "jobmanager");
  }

  @Override
  public String roleOf(ProcessKind kind) {
    return switch (kind) {
      case COORDINATOR -> "jobmanager";
      case WORKER, CHECKPOINT_WRITER -> "taskmanager";
    };
  }

  @Override
  public long kill(String role) {
    if (cluster.isExisting()) {
      throw new LabException(notOwned(role));
    }
    jobAtKill = jobId();
    failuresSeen.clear();
    recoveryPending = true;
    switch (role) {
      case "taskmanager" -> {
        // the TaskManager that runs the job's tasks (with standbys, not just the first one)
        synchronized (taskManagerLock) { // not to be taken for one that ended by itself
          ManagedProcess tm =
              jobId() == null
                  ? cluster.taskManagers().get(0)
                  : cluster.taskManagersOf(jobId()).stream()
                      .findFirst()
                      .orElse(cluster.taskManagers().get(0));
          long pid = tm.pid();
          signalledAt = System.currentTimeMillis();
          cluster.killTaskManager(tm);
          return pid;
        }
      }
      case "jobmanager" -> {
        if (ha()) {
          // the standby of the last takeover must be up, or this kill would end the cluster
          awaitStandbyStart(Duration.ofMinutes(2));
          leaderKilledAt = System.currentTimeMillis();
          runningAgainAt = java.util.OptionalLong.empty();
        }
        long pid = cluster.jobManager().map(ManagedProcess::pid).orElse(-1L);
        signalledAt = System.currentTimeMillis();
        cluster.killJobManager();
        return pid;
      }
      default -> throw new IllegalArgumentException("Flink has no role " + role);
    }
  }

  @Override
  public void recover(String role, Duration timeout) {
    switch (role) {
      case "taskmanager" -> {
        if (taskManagersWanted() > 1 && jobId() != null) {
          // with a standby the job restarts in its free slots; the replacement (the new standby)
          // starts once the job runs again, as a resource manager would bring it up in the
          // background, so that its JVM start does not compete with the restart for the CPU
          int wanted = taskManagersWanted();
          // first the JobManager notices the loss (and fails the job over), then the job runs again
          Poll.until(
              Duration.ofSeconds(20),
              Duration.ofMillis(100),
              () -> cluster.registeredTaskManagers() < wanted);
          job.awaitRunningOrEnded(timeout, Duration.ofMillis(100));
        }
        synchronized (taskManagerLock) {
          cluster.startTaskManager();
        }
        cluster.awaitTaskManagers(taskManagersWanted(), timeout);
      }
      case "jobmanager" -> {
        if (ha()) {
          awaitTakeover(timeout); // no flink run: the standby takes the job over by itself
          return;
        }
        cluster.startJobManager();
        cluster.awaitTaskManagers(1, timeout);
        // killed before its first checkpoint (the early crash): resubmitted without one, as an
        // operator would; the job then starts from the committed offsets, else the earliest.
        // The new job id checkpoints into a new directory: the old one goes once it has one
        if (replacedJobs != null) {
          replacedJobs.replaced(jobId());
        }
        job.submitNext(cluster.latestRetainedCheckpoint(ctx.checkpointUri("s3")), timeout);
      }
      default -> throw new IllegalArgumentException("Flink has no role " + role);
    }
  }

  /**
   * Deletes the checkpoints of jobs a JobManager resubmission replaced, once they are superseded.
   */
  @Override
  public List<String> housekeeping() {
    if (replacedJobs == null || job == null) {
      return List.of();
    }
    return replacedJobs.retireIfSuperseded(jobId());
  }

  @Override
  public void gracefulRestart(Duration timeout) {
    job.submitNext(Optional.of(job.stopWithSavepoint(timeout)), timeout);
  }

  /**
   * The submission's incarnation base plus the highest attempt of any of its subtasks (every task
   * of the job restarts together, so all share the attempt the rows carry).
   */
  @Override
  public OptionalInt incarnation() {
    return cluster == null || job == null ? OptionalInt.empty() : job.incarnation();
  }

  @Override
  public void stop() {
    if (cluster == null) {
      return;
    }
    if (replacer != null) {
      replacer.stop(); // the cluster stops next: its TaskManagers' ends are no failures
    }
    try {
      awaitStandbyStart(Duration.ofMinutes(2));
    } catch (RuntimeException e) {
      // the trial is over: a standby that did not start is stopped below with the rest
    }
    String jobId = jobId();
    if (jobId != null && "RUNNING".equals(rest().jobState(jobId).orElse(""))) {
      rest().cancel(jobId);
      Poll.until(
          Duration.ofSeconds(30),
          Duration.ofMillis(250),
          () -> !"RUNNING".equals(rest().jobState(jobId).orElse("")));
    }
    cluster.close();
  }

  /**
   * Flink's Kafka source commits the offsets of each completed checkpoint to the consumer group, so
   * the group's offsets are the latest checkpoint's offsets (read there, not parsed from the
   * checkpoint's _metadata).
   */
  @Override
  public Map<Integer, Long> checkpointedOffsets() {
    try (Admin admin = LabClients.kafkaAdmin(lab.endpoints())) {
      return LabClients.committedOffsets(admin, ctx.groupId(), ctx.topic());
    }
  }

  @Override
  public List<TrialResult.PerCheckpoint> checkpoints() {
    return job == null ? new ArrayList<>() : FlinkJobStatus.checkpoints(rest(), job.ids());
  }

  @Override
  public Map<String, Long> processes() {
    Map<String, Long> m = new LinkedHashMap<>();
    if (cluster != null) {
      cluster.jobManager().ifPresent(jm -> m.put("jobmanager", jm.pid()));
      int s = 0;
      for (ManagedProcess jm : cluster.standbyJobManagers()) {
        m.put("jobmanager-standby-" + s++, jm.pid());
      }
      int i = 0;
      for (ManagedProcess tm : cluster.taskManagers()) {
        m.put("taskmanager-" + i++, tm.pid());
      }
    }
    return m;
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (cluster != null && cluster.isExisting()) {
      m.put("cluster", "existing at " + cluster.restUrl());
      existingClusterConfig(m);
    } else {
      ownClusterConfig(m);
    }
    if (ctx.scenario()
        .settings()
        .flinkRestart()
        .equals(org.recoverybench.scenario.Scenario.EngineSettings.RESTART_EXPONENTIAL)) {
      // the job's own configuration overrides the cluster's restart strategy
      m.keySet().removeIf(k -> k.startsWith("restart-strategy"));
      m.put("restart-strategy.type", "exponential-delay");
      m.put("restart-strategy.exponential-delay.initial-backoff", "1s");
      m.put("restart-strategy.exponential-delay.max-backoff", "10s");
      m.put("restart-strategy.exponential-delay.backoff-multiplier", 2.0);
      m.put("restart-strategy.exponential-delay.attempts-before-reset-backoff", 20);
      m.put("restart-strategy.exponential-delay.reset-backoff-threshold", "60s");
    }
    m.put("sink_mode", ctx.target().sinkMode());
    if (replacer != null) {
      m.put(
          "taskmanager_replacement",
          "a TaskManager that ends by itself is replaced "
              + TaskManagerReplacer.DELAY.toSeconds()
              + " s later, as Flink's resource manager does on Kubernetes or YARN");
    }
    m.put("flink_ha", ctx.scenario().settings().flinkHa());
    if (ctx.scenario().settings().flinkHaZooKeeper()) {
      m.put("ha_zookeeper_session_timeout_ms", FlinkCluster.HA_SESSION_TIMEOUT_MS);
      m.put("ha_standby_jobmanagers", 1);
    }
    m.put(
        "checkpoints_retained",
        ctx.scenario().settings().checkpointsRetained() > 0
            ? ctx.scenario().settings().checkpointsRetained()
            : "the job's default (3)");
    if (job != null && job.parallelismOverride() > 0) {
      m.put("parallelism_after_restart", job.parallelismOverride());
    }
    if (job != null && job.extraOperator()) {
      m.put("upgrade_explicit_uids", !job.noUids());
      m.put(
          "upgrade_extra_operator_in_running_job",
          jobId() != null
              && rest().vertexNames(jobId()).stream()
                  .anyMatch(n -> n.contains(EXTRA_OPERATOR_NAME)));
    }
    m.put("checkpoint_interval_ms", ctx.scenario().settings().checkpointInterval().toMillis());
    m.put(
        "starting_offsets",
        ctx.scenario().settings().startingOffsets().equals("engine-default")
            ? "committed-earliest"
            : ctx.scenario().settings().startingOffsets());
    return m;
  }

  private static boolean reported(String key) {
    return key.startsWith("heartbeat.")
        || key.startsWith("restart-strategy")
        || key.startsWith("state.backend")
        || key.startsWith("execution.checkpointing.")
        || key.startsWith("taskmanager.numberOfTaskSlots");
  }

  /** The settings of a cluster we do not own, as its REST API reports them. */
  private void existingClusterConfig(Map<String, Object> m) {
    Optional<Map<String, String>> config = rest().jobManagerConfig();
    if (config.isEmpty()) {
      m.put("config", "unreadable");
      return;
    }
    config
        .get()
        .forEach(
            (key, value) -> {
              if (reported(key)) {
                m.put(key, value);
              }
            });
  }

  private void ownClusterConfig(Map<String, Object> m) {
    try {
      for (String line : Files.readAllLines(cluster.confDir().resolve("config.yaml"))) {
        String l = line.trim();
        if (l.startsWith("heartbeat.")
            || l.startsWith("restart-strategy")
            || l.startsWith("state.backend")
            || l.startsWith("execution.checkpointing.")
            || l.startsWith("taskmanager.numberOfTaskSlots")) {
          String[] kv = l.split(":", 2);
          m.put(kv[0].trim(), kv[1].trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      m.put("config", "unreadable");
    }
  }

  @Override
  public boolean exposesCheckpointProgress() {
    return true;
  }

  /** The id of a checkpoint IN_PROGRESS in {@code /jobs/<id>/checkpoints}, as {@code job/chk-N}. */
  @Override
  public String checkpointInProgress() {
    if (jobId() == null || cluster == null) {
      return null;
    }
    return FlinkJobStatus.checkpointInProgress(rest(), jobId());
  }

  @Override
  public String checkpointStatus(String id) {
    return job == null ? null : FlinkJobStatus.checkpointStatus(rest(), job.ids(), id);
  }

  /**
   * The job's state, its restarts ({@code numRestarts}), its failures (entries of the exception
   * history), checkpoints completed and failed, and the root cause of its latest exception, from
   * the REST API; plus how often the job was submitted.
   */
  @Override
  public Map<String, Object> status() {
    if (cluster == null || jobId() == null) {
      return new LinkedHashMap<>();
    }
    Map<String, Object> m = FlinkJobStatus.status(rest(), jobId(), job.ids().size());
    m.put("flink_cli_runs", (long) cluster.cliRuns());
    if (replacer != null) {
      m.put("taskmanager_exits", (long) replacer.exits());
      m.put("taskmanagers_replaced", (long) replacer.replaced());
      if (replacer.lastExit() != null) {
        m.put("last_taskmanager_exit", replacer.lastExit());
      }
      if (replacer.failure() != null) {
        m.put("taskmanager_replacement", replacer.failure());
      }
    }
    return m;
  }

  @Override
  public void close() {
    if (replacer != null) {
      replacer.stop();
    }
    if (cluster != null) {
      try {
        awaitStandbyStart(Duration.ofMinutes(2)); // else it could start after the close
      } catch (RuntimeException e) {
        // closing anyway: every JobManager started is stopped below
      }
      cluster.close();
    }
  }
}
