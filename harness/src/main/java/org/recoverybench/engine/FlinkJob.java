package org.recoverybench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabException;
import org.recoverybench.lab.SecretFiles;
import org.recoverybench.lab.flink.FlinkCluster;
import org.recoverybench.lab.flink.FlinkRest;
import org.recoverybench.process.Poll;
import org.recoverybench.scenario.Scenario;

/**
 * The trial's Flink job on its cluster: its submission with {@code flink run} (fresh, or from a
 * retained checkpoint or a savepoint), its stop with a savepoint, and the incarnations its
 * submissions and restarts carry.
 */
final class FlinkJob {
  /** The states of a job that has ended (Flink names states in upper case). */
  static final Set<String> TERMINAL = Set.of("FAILED", "CANCELED", "FINISHED");

  /**
   * The job's arguments for {@code flink_restart: exponential-delay}: from 1 s, doubling up to 10
   * s, 20 attempts in a row before the job fails (about 3 minutes of failures), starting again
   * after 60 s without one.
   */
  static final List<String> EXPONENTIAL_RESTARTS =
      List.of(
          "--restart-strategy",
          "exponential-delay",
          "--restart-attempts",
          "20",
          "--restart-delay",
          "1s",
          "--restart-max-delay",
          "10s",
          "--restart-reset-after",
          "60s");

  private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
  private final Lab lab;
  private final Path workDir;
  private final FlinkCluster cluster;
  private final TrialContext ctx;
  private String jobId;
  private final List<String> jobIds = new ArrayList<>();
  private int incarnationBase;
  private int highestIncarnation = -1; // the highest incarnation known to have run
  private int parallelismOverride;
  private boolean extraOperator;
  private boolean noUids;

  FlinkJob(Lab lab, Path workDir, FlinkCluster cluster, TrialContext ctx, boolean noUids) {
    this.lab = lab;
    this.workDir = workDir;
    this.cluster = cluster;
    this.ctx = ctx;
    this.noUids = noUids;
  }

  /** The id of the job submitted last, or null before the first submission. */
  String id() {
    return jobId;
  }

  /** The ids of every job submitted, in order. */
  List<String> ids() {
    return jobIds;
  }

  int parallelismOverride() {
    return parallelismOverride;
  }

  boolean extraOperator() {
    return extraOperator;
  }

  boolean noUids() {
    return noUids;
  }

  /** The version of the job the next submissions run, as a restart spec changes it. */
  void change(int parallelismOverride, boolean extraOperator, boolean noUids) {
    this.parallelismOverride = parallelismOverride;
    this.extraOperator = extraOperator;
    this.noUids = noUids;
  }

  private FlinkRest rest() {
    return cluster.rest();
  }

  int parallelism() {
    return parallelismOverride > 0 ? parallelismOverride : ctx.scenario().settings().parallelism();
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
    if (s.flinkRestart().equals(Scenario.EngineSettings.RESTART_EXPONENTIAL)) {
      a.addAll(EXPONENTIAL_RESTARTS);
    }
    var w = ctx.scenario().workload();
    if (w.stateful()) {
      a.addAll(List.of("--keys", Long.toString(w.keys())));
      a.addAll(List.of("--state-bytes", Integer.toString(w.stateBytes())));
    }
    switch (s.startingOffsets()) {
      case "earliest" -> a.addAll(List.of("--starting-offsets", "earliest"));
      case "latest" -> a.addAll(List.of("--starting-offsets", "latest"));
      default -> {
        // the port's default: committed offsets, else earliest
      }
    }
    return a;
  }

  /** Submits the job under the next unused incarnation. */
  void submitNext(Optional<String> restoreFrom, Duration timeout) {
    submit(restoreFrom, nextIncarnation(), timeout);
  }

  void submit(Optional<String> restoreFrom, int incarnationBase, Duration timeout) {
    FlinkCluster.Submission sub =
        cluster.submit(FlinkEngineDriver.jobJar(), restoreFrom, jobArgs(incarnationBase), timeout);
    if (sub.exitCode() != 0 || sub.jobId() == null) {
      throw new LabException(
          "flink run failed (exit "
              + sub.exitCode()
              + "): "
              + FlinkJobStatus.cliError(sub.output()));
    }
    jobId = sub.jobId();
    jobIds.add(jobId);
    this.incarnationBase = incarnationBase;
    highestIncarnation = Math.max(highestIncarnation, incarnationBase);
    boolean running = awaitRunningOrEnded(timeout, Duration.ofMillis(250));
    String state = rest().jobState(jobId).orElse("unknown");
    if (TERMINAL.contains(state)) {
      throw new LabException(
          "the Flink job "
              + jobId
              + " is "
              + state
              + ": "
              + FlinkJobStatus.failureCause(rest(), jobId));
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
  boolean awaitRunningOrEnded(Duration timeout, Duration every) {
    int tasks = parallelism();
    return Poll.until(
        timeout,
        every,
        () ->
            TERMINAL.contains(rest().jobState(jobId).orElse(""))
                || "RUNNING".equals(rest().jobState(jobId).orElse(""))
                    && rest().runningTasks(jobId) >= tasks);
  }

  /** Cancels the job; throws if it is not CANCELED within the timeout. */
  void cancel(Duration timeout) {
    rest().cancel(jobId);
    if (!Poll.until(
        timeout,
        Duration.ofMillis(250),
        () -> "CANCELED".equals(rest().jobState(jobId).orElse("")))) {
      throw new LabException("the Flink job " + jobId + " was not CANCELED within " + timeout);
    }
  }

  /** Cancels the job if it runs, and waits (up to the timeout) until it has ended. */
  void cancelIfRunning(Duration timeout) {
    if (jobId != null && "RUNNING".equals(rest().jobState(jobId).orElse(""))) {
      rest().cancel(jobId);
      Poll.until(
          timeout,
          Duration.ofMillis(250),
          () -> TERMINAL.contains(rest().jobState(jobId).orElse("")));
    }
  }

  /** Stops the job with {@code flink stop}; returns the savepoint's path. */
  String stopWithSavepoint(Duration timeout) {
    String target = ctx.checkpointUri("s3") + "savepoints";
    FlinkCluster.Submission stop =
        cluster.runCli(List.of("stop", "--savepointPath", target, jobId), timeout);
    Matcher m = SAVEPOINT.matcher(stop.output());
    if (stop.exitCode() != 0 || !m.find()) {
      throw new LabException("flink stop with a savepoint failed (exit " + stop.exitCode() + ")");
    }
    return m.group(1);
  }

  /**
   * The submission's incarnation base plus the highest attempt of any of its subtasks (every task
   * of the job restarts together, so all share the attempt the rows carry).
   */
  OptionalInt incarnation() {
    if (jobId == null) {
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
}
