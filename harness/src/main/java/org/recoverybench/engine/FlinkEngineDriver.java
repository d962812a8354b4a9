package org.recoverybench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.recoverybench.lab.Dist;
import org.recoverybench.lab.HdfsEndpoints;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabException;
import org.recoverybench.lab.SecretFiles;
import org.recoverybench.lab.flink.FlinkCluster;
import org.recoverybench.lab.flink.FlinkRest;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;
import org.recoverybench.result.TrialResult;

/**
 * Flink as a user runs it: a standalone cluster (one JobManager and one TaskManager JVM) and the
 * shaded job jar submitted with {@code flink run}. A killed TaskManager is replaced; a killed
 * JobManager (no HA) is restarted and the job resubmitted from its latest retained checkpoint.
 */
public final class FlinkEngineDriver implements EngineDriver {
  /** The name the job gives the operator of {@code --upgrade-extra-operator}. */
  static final String EXTRA_OPERATOR_NAME = "upgrade: extra operator";

  private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
  private final Lab lab;
  private final Path workDir;
  private FlinkCluster cluster;
  private TrialContext ctx;
  private String jobId;
  private final List<String> jobIds = new ArrayList<>();
  private int incarnationBase;
  private int highestIncarnation = -1; // the highest incarnation known to have run
  private int parallelismOverride;
  private boolean extraOperator;
  private boolean noUids;

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
    noUids =
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
      cluster = new FlinkCluster(workDir.resolve("flink"), ctx.endpoints(), hadoopConf(ctx));
      cluster.start(taskManagersWanted(), timeout);
    }
    submit(Optional.empty(), 0, timeout);
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

  private String notOwned(String role) {
    return "scenario "
        + ctx.scenario().name()
        + " needs to kill a "
        + role
        + "; --flink-rest points at a cluster recoverybench does not own";
  }

  private List<String> jobArgs(int incarnationBase) {
    var e = ctx.endpoints();
    var s = ctx.scenario().settings();
    List<String> a = new ArrayList<>();
    a.addAll(List.of("--bootstrap", e.kafkaBootstrap(), "--topic", ctx.topic()));
    a.addAll(List.of("--group-id", ctx.groupId(), "--run-id", ctx.runId()));
    a.addAll(List.of("--variant", ctx.target().variant(), "--sink-mode", ctx.target().sinkMode()));
    a.addAll(List.of("--jdbc-url", e.jdbcUrl(), "--jdbc-user", e.jdbcUser()));
    // the password in a file of mode 0600 that the client and every TaskManager read: flink run
    // prints a --jdbc-password's value in its log, and ps shows it
    Path pw = SecretFiles.secret(workDir.resolve("secrets/jdbc-password"), e.jdbcPassword());
    a.addAll(List.of("--jdbc-password-file", pw.toAbsolutePath().toString()));
    a.addAll(List.of("--checkpoint-dir", ctx.checkpointUri("s3")));
    a.addAll(List.of("--checkpoint-interval", s.checkpointInterval().toMillis() + "ms"));
    a.addAll(List.of("--parallelism", Integer.toString(parallelism())));
    if (s.checkpointsRetained() > 0) {
      a.addAll(List.of("--checkpoints-retained", Integer.toString(s.checkpointsRetained())));
    }
    if (extraOperator) {
      a.add("--upgrade-extra-operator");
    }
    if (noUids) {
      a.add("--no-uids");
    }
    a.addAll(List.of("--incarnation-base", Integer.toString(incarnationBase)));
    a.addAll(List.of("--job-name", "recoverybench " + ctx.runId()));
    a.addAll(List.of("--on-parse-error", s.onParseError()));
    switch (s.startingOffsets()) {
      case "earliest" -> a.addAll(List.of("--starting-offsets", "earliest"));
      case "latest" -> a.addAll(List.of("--starting-offsets", "latest"));
      default -> {
        // the port's default: committed offsets, else earliest
      }
    }
    return a;
  }

  private void submit(Optional<String> restoreFrom, int incarnationBase, Duration timeout) {
    FlinkCluster.Submission sub =
        cluster.submit(jobJar(), restoreFrom, jobArgs(incarnationBase), timeout);
    if (sub.exitCode() != 0 || sub.jobId() == null) {
      throw new LabException(
          "flink run failed (exit " + sub.exitCode() + "): " + cliError(sub.output()));
    }
    jobId = sub.jobId();
    jobIds.add(jobId);
    this.incarnationBase = incarnationBase;
    highestIncarnation = Math.max(highestIncarnation, incarnationBase);
    boolean running = awaitRunningOrEnded(timeout, Duration.ofMillis(250));
    String state = rest().jobState(jobId).orElse("unknown");
    if (TERMINAL.contains(state)) {
      throw new LabException(
          "the Flink job " + jobId + " is " + state + ": " + failureCause(jobId));
    }
    if (!running) {
      throw new LabException(
          "the Flink job "
              + jobId
              + " is "
              + rest().jobState(jobId).orElse("unknown")
              + ", not RUNNING, after "
              + timeout);
    }
  }

  /**
   * Waits until the current job runs all its tasks, or has ended; returns whether either happened
   * within the timeout.
   */
  private boolean awaitRunningOrEnded(Duration timeout, Duration every) {
    int tasks = parallelism();
    return Poll.until(
        timeout,
        every,
        () ->
            TERMINAL.contains(rest().jobState(jobId).orElse(""))
                || "RUNNING".equals(rest().jobState(jobId).orElse(""))
                    && rest().runningTasks(jobId) >= tasks);
  }

  /** One TaskManager for the job, plus the scenario's standbys. */
  private int taskManagersWanted() {
    return 1 + ctx.scenario().settings().standbyTaskManagers();
  }

  /** The states of a job that has ended (Flink names states in upper case). */
  private static final Set<String> TERMINAL = Set.of("FAILED", "CANCELED", "FINISHED");

  private FlinkRest rest() {
    return cluster.rest();
  }

  private int parallelism() {
    return parallelismOverride > 0 ? parallelismOverride : ctx.scenario().settings().parallelism();
  }

  /** The first line of the job's failure and its root cause, from the REST API. */
  private String failureCause(String id) {
    Optional<FlinkRest.Exceptions> ex = rest().exceptions(id, 1);
    if (ex.isEmpty()) {
      return "no exception reported";
    }
    String trace = ex.get().rootException();
    if (trace.isEmpty() && !ex.get().history().isEmpty()) {
      trace = ex.get().history().get(0);
    }
    return causeLine(trace);
  }

  /** The root cause that {@code flink run} printed: its last "Caused by", else its last line. */
  static String cliError(String output) {
    String last = "";
    String cause = null;
    for (String l : output.lines().map(String::strip).toList()) {
      if (l.startsWith("Caused by: ")) {
        cause = l.substring("Caused by: ".length());
      }
      if (!l.isEmpty()) {
        last = l;
      }
    }
    return cause != null ? cause : last;
  }

  /** {@code first line [root cause: last "Caused by" line]} of a stack trace. */
  static String causeLine(String trace) {
    List<String> lines = trace.lines().map(String::strip).toList();
    if (lines.isEmpty()) {
      return "no exception reported";
    }
    String first = lines.get(0);
    String root = null;
    for (String l : lines) {
      if (l.startsWith("Caused by: ")) {
        root = l.substring("Caused by: ".length());
      }
    }
    return root == null || root.equals(first) ? first : first + " [root cause: " + root + "]";
  }

  @Override
  public RestartOutcome restart(RestartSpec spec, Duration timeout) {
    String savepoint = null;
    switch (spec.stop()) {
      case KILL -> cluster.killJobManager();
      case CANCEL -> {
        rest().cancel(jobId);
        if (!Poll.until(
            timeout,
            Duration.ofMillis(250),
            () -> "CANCELED".equals(rest().jobState(jobId).orElse("")))) {
          throw new LabException("the Flink job " + jobId + " was not CANCELED within " + timeout);
        }
      }
      case SAVEPOINT -> savepoint = stopWithSavepoint(timeout);
    }
    String change = spec.change() == null ? null : spec.change().apply(this);
    if (spec.stop() == RestartSpec.Stop.KILL) {
      cluster.startJobManager();
      cluster.awaitTaskManagers(1, timeout);
    }
    parallelismOverride = spec.parallelism();
    extraOperator = spec.extraOperator();
    noUids = !spec.explicitUids();
    String from =
        savepoint != null
            ? savepoint
            : cluster.latestRetainedCheckpoint(ctx.checkpointUri("s3")).orElse(null);
    if (from == null) {
      submit(Optional.empty(), nextIncarnation(), timeout);
      return new RestartOutcome(RestartOutcome.STARTED_EMPTY, null, null, change);
    }
    try {
      submit(Optional.of(from), nextIncarnation(), timeout);
      return new RestartOutcome(RestartOutcome.RESTORED, from, null, change);
    } catch (LabException refused) {
      if (jobId != null && "RUNNING".equals(rest().jobState(jobId).orElse(""))) {
        rest().cancel(jobId);
        Poll.until(
            timeout,
            Duration.ofMillis(250),
            () -> TERMINAL.contains(rest().jobState(jobId).orElse("")));
      }
      submit(Optional.empty(), nextIncarnation(), timeout);
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

  private String stopWithSavepoint(Duration timeout) {
    String target = ctx.checkpointUri("s3") + "savepoints";
    FlinkCluster.Submission stop =
        cluster.runCli(List.of("stop", "--savepointPath", target, jobId), timeout);
    Matcher m = SAVEPOINT.matcher(stop.output());
    if (stop.exitCode() != 0 || !m.find()) {
      throw new LabException("flink stop with a savepoint failed (exit " + stop.exitCode() + ")");
    }
    return m.group(1);
  }

  @Override
  public long completedCheckpoints() {
    return jobId == null ? 0 : rest().completedCheckpoints(jobId);
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
    switch (role) {
      case "taskmanager" -> {
        // the TaskManager that runs the job's tasks (with standbys, not just the first one)
        ManagedProcess tm =
            jobId == null
                ? cluster.taskManagers().get(0)
                : cluster.taskManagersOf(jobId).stream()
                    .findFirst()
                    .orElse(cluster.taskManagers().get(0));
        long pid = tm.pid();
        cluster.killTaskManager(tm);
        return pid;
      }
      case "jobmanager" -> {
        long pid = cluster.jobManager().map(ManagedProcess::pid).orElse(-1L);
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
        if (taskManagersWanted() > 1 && jobId != null) {
          // with a standby the job restarts in its free slots; the replacement (the new standby)
          // starts once the job runs again, as a resource manager would bring it up in the
          // background, so that its JVM start does not compete with the restart for the CPU
          int wanted = taskManagersWanted();
          // first the JobManager notices the loss (and fails the job over), then the job runs again
          Poll.until(
              Duration.ofSeconds(20),
              Duration.ofMillis(100),
              () -> cluster.registeredTaskManagers() < wanted);
          awaitRunningOrEnded(timeout, Duration.ofMillis(100));
        }
        cluster.startTaskManager();
        cluster.awaitTaskManagers(taskManagersWanted(), timeout);
      }
      case "jobmanager" -> {
        cluster.startJobManager();
        cluster.awaitTaskManagers(1, timeout);
        String chk =
            cluster
                .latestRetainedCheckpoint(ctx.checkpointUri("s3"))
                .orElseThrow(
                    () ->
                        new LabException(
                            "no retained checkpoint under " + ctx.checkpointUri("s3")));
        submit(Optional.of(chk), nextIncarnation(), timeout);
      }
      default -> throw new IllegalArgumentException("Flink has no role " + role);
    }
  }

  @Override
  public void gracefulRestart(Duration timeout) {
    submit(Optional.of(stopWithSavepoint(timeout)), nextIncarnation(), timeout);
  }

  /**
   * The submission's incarnation base plus the highest attempt of any of its subtasks (every task
   * of the job restarts together, so all share the attempt the rows carry).
   */
  @Override
  public OptionalInt incarnation() {
    if (cluster == null || jobId == null) {
      return OptionalInt.empty();
    }
    Optional<JsonNode> job = rest().get("/jobs/" + jobId);
    if (job.isEmpty()) {
      return OptionalInt.empty();
    }
    int attempt = -1;
    for (JsonNode v : job.get().path("vertices")) {
      Optional<JsonNode> vertex =
          rest().get("/jobs/" + jobId + "/vertices/" + v.path("id").asText());
      if (vertex.isEmpty()) {
        return OptionalInt.empty();
      }
      for (JsonNode t : vertex.get().path("subtasks")) {
        attempt = Math.max(attempt, t.path("attempt").asInt(-1));
      }
    }
    if (attempt < 0) {
      return OptionalInt.empty();
    }
    int n = incarnationBase + attempt;
    highestIncarnation = Math.max(highestIncarnation, n);
    return OptionalInt.of(n);
  }

  /**
   * One above every incarnation written so far and every one known to have run (one that wrote
   * nothing must not be reused either), so a resubmitted job is told apart.
   */
  private int nextIncarnation() {
    try (Connection c = LabClients.jdbc(lab.endpoints());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT coalesce(max(incarnation), -1) FROM sink_writes WHERE run_id = ?")) {
      ps.setString(1, ctx.runId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Math.max(rs.getInt(1), highestIncarnation) + 1;
      }
    } catch (SQLException e) {
      throw new LabException("cannot read the incarnations written so far: " + e.getMessage(), e);
    }
  }

  @Override
  public void stop() {
    if (cluster == null) {
      return;
    }
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
    List<TrialResult.PerCheckpoint> out = new ArrayList<>();
    for (String id : jobIds) {
      for (FlinkRest.Checkpoint c : rest().checkpointHistory(id)) {
        if (c.status().equals("COMPLETED")) {
          out.add(
              new TrialResult.PerCheckpoint(
                  id.substring(0, 8) + "/chk-" + c.id(),
                  c.sizeBytes(),
                  c.endToEndMs(),
                  c.latestAckAtMs()));
        }
      }
    }
    out.sort(Comparator.comparing(TrialResult.PerCheckpoint::completedAtMs));
    return out;
  }

  @Override
  public Map<String, Long> processes() {
    Map<String, Long> m = new LinkedHashMap<>();
    if (cluster != null) {
      cluster.jobManager().ifPresent(jm -> m.put("jobmanager", jm.pid()));
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
    m.put("sink_mode", ctx.target().sinkMode());
    m.put(
        "checkpoints_retained",
        ctx.scenario().settings().checkpointsRetained() > 0
            ? ctx.scenario().settings().checkpointsRetained()
            : "the job's default (3)");
    if (parallelismOverride > 0) {
      m.put("parallelism_after_restart", parallelismOverride);
    }
    if (extraOperator) {
      m.put("upgrade_explicit_uids", !noUids);
      m.put(
          "upgrade_extra_operator_in_running_job",
          jobId != null
              && rest().vertexNames(jobId).stream().anyMatch(n -> n.contains(EXTRA_OPERATOR_NAME)));
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
    if (jobId == null || cluster == null) {
      return null;
    }
    for (FlinkRest.Checkpoint c : rest().checkpointHistory(jobId)) {
      if (c.status().equals("IN_PROGRESS")) {
        return jobId.substring(0, 8) + "/chk-" + c.id();
      }
    }
    return null;
  }

  @Override
  public String checkpointStatus(String id) {
    String[] parts = id.split("/chk-", 2);
    for (String job : jobIds) {
      if (job.startsWith(parts[0])) {
        Optional<String> status = rest().checkpointStatus(job, Long.parseLong(parts[1]));
        if (status.isPresent()) {
          return status.get();
        }
      }
    }
    return null;
  }

  /**
   * The job's state, its restarts ({@code numRestarts}), its failures (entries of the exception
   * history), checkpoints completed and failed, and the root cause of its latest exception, from
   * the REST API; plus how often the job was submitted.
   */
  @Override
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (cluster == null || jobId == null) {
      return m;
    }
    m.put("job_state", rest().jobState(jobId).orElse("unknown"));
    m.put("job_submissions", (long) jobIds.size());
    try {
      rest().jobMetric(jobId, "numRestarts").ifPresent(n -> m.put("restarts", n));
      rest()
          .checkpointCounts(jobId)
          .ifPresent(
              c -> {
                m.put("checkpoints_completed", c.completed());
                m.put("checkpoints_failed", c.failed());
              });
      rest()
          .exceptions(jobId, 1000)
          .ifPresent(
              ex -> {
                // each entry is one failure that the job failed over from (or failed on); the
                // history keeps web.exception-history-size (16) of them
                m.put("failures", (long) ex.history().size());
                if (!ex.history().isEmpty()) {
                  m.put("last_exception", rootCause(ex.history().get(0)));
                }
              });
    } catch (RuntimeException e) {
      m.put("status_error", e.getMessage());
    }
    return m;
  }

  /** The last {@code Caused by:} line of a stack trace, or its first line; at most 200 chars. */
  static String rootCause(String trace) {
    String root = trace.lines().findFirst().orElse("");
    for (String l : trace.lines().toList()) {
      if (l.startsWith("Caused by: ")) {
        root = l.substring("Caused by: ".length());
      }
    }
    return root.length() > 200 ? root.substring(0, 200) + "..." : root;
  }

  @Override
  public void close() {
    if (cluster != null) {
      cluster.close();
    }
  }
}
