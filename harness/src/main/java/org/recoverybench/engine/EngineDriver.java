package org.recoverybench.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recoverybench.result.RecoveryPhases;
import org.recoverybench.result.TrialResult;

/**
 * One engine, as the runner sees it. There is one implementation per engine; the runner never
 * branches on which engine it drives (after openmessaging/benchmark's BenchmarkDriver).
 */
public interface EngineDriver extends AutoCloseable {
  /** {@code flink} or {@code spark}. */
  String engine();

  /**
   * Starts the engine's processes and the job or app for this trial, and returns once it reads its
   * topic (so that a producer started afterwards is seen, whatever the starting offsets).
   */
  void start(TrialContext ctx, Duration timeout);

  /** Completed checkpoints (Flink) or completed batches (Spark) so far in this trial. */
  long completedCheckpoints();

  /** The process roles this engine can lose: e.g. taskmanager, jobmanager, driver, executor. */
  List<String> roles();

  /** The role ({@link #roles()}) of the process of that kind, e.g. a Flink WORKER: taskmanager. */
  String roleOf(ProcessKind kind);

  /** {@code kill -9} of the PID of one process of the role. Returns the PID killed. */
  long kill(String role);

  /**
   * Brings a killed role back as an operator or supervisor would: a new TaskManager; the JobManager
   * restarted and the job resubmitted from its latest retained checkpoint; the driver restarted
   * with the same arguments. Returns when the new process runs.
   */
  void recover(String role, Duration timeout);

  /** A graceful stop and a start of the same job or app, as in an upgrade. */
  void gracefulRestart(Duration timeout);

  /**
   * Stops the job or app as the spec says, applies its change, and starts it again with the spec's
   * code and parallelism, from its checkpoint or savepoint. Where the engine refuses that state,
   * the outcome says so with the engine's error, and the job is started without state; it throws
   * only if the engine cannot be started at all.
   */
  RestartOutcome restart(RestartSpec spec, Duration timeout);

  /** The newest complete checkpoint of this trial in the lab's bucket, if there is one. */
  Optional<LatestCheckpoint> latestCheckpoint();

  /** Stops the job or app gracefully and ends every process of the engine. */
  void stop();

  /**
   * The next offsets per partition that the engine's checkpoint holds now, as far as the engine
   * exposes them; empty when it does not.
   */
  Map<Integer, Long> checkpointedOffsets();

  /** Each checkpoint of this trial so far. */
  List<TrialResult.PerCheckpoint> checkpoints();

  /** Live processes of the engine: role (with an index where several) to PID. */
  Map<String, Long> processes();

  /** The settings that matter for the report (heartbeats, timeouts, intervals, sink mode). */
  Map<String, Object> settings();

  /**
   * The id of a checkpoint the engine reports in progress right now, or null when none is, or when
   * the engine does not expose it (Spark: see {@link #exposesCheckpointProgress()}).
   */
  default String checkpointInProgress() {
    return null;
  }

  /** Whether {@link #checkpointInProgress()} can be asked (Flink's REST API); Spark cannot. */
  default boolean exposesCheckpointProgress() {
    return false;
  }

  /**
   * Where a checkpoint upload can be caught when the engine does not report checkpoints in progress
   * (Spark): the request line, as the S3 proxy sees it, that uploads a checkpoint file. Null where
   * the engine reports its checkpoints in progress ({@link #exposesCheckpointProgress()}).
   */
  default java.util.regex.Pattern checkpointUploadRequest() {
    return null;
  }

  /** What became of one checkpoint, by the id {@link #checkpointInProgress()} gave; or null. */
  default String checkpointStatus(String id) {
    return null;
  }

  /**
   * What the engine is doing now, for the record of a fault: e.g. the Flink job's state, its
   * restarts and last exception; whether the Spark driver lives, its exit code, failed batches and
   * last error. Never throws: what cannot be read is left out.
   */
  default Map<String, Object> status() {
    return Map.of();
  }

  /**
   * The incarnation the engine runs now: the number its sink rows carry in their {@code
   * incarnation} column (Flink: the submission's incarnation base plus the highest task attempt;
   * Spark: which start of the driver, counting one being started). Empty when the engine cannot
   * tell (e.g. its REST API does not answer). The checker takes the incarnation running at a fault
   * from this, never from the rows.
   */
  default java.util.OptionalInt incarnation() {
    return java.util.OptionalInt.empty();
  }

  /**
   * The routine work an operator does between faults, called about once a second while a trial runs
   * (e.g. deleting the checkpoints of a job that a resubmission replaced, once the new job no
   * longer needs them). Returns one line for each thing done, for the trial's history. What fails
   * (e.g. the store is down) is tried again on the next call.
   */
  default List<String> housekeeping() {
    return List.of();
  }

  /**
   * Whether a kill of this role leaves the job to a standby that takes it over by itself (Flink's
   * JobManager with high availability): then {@link #recover} waits for the job to run again and
   * {@link #runningAgainAt()} says when, by the engine's own record. False by default.
   */
  default boolean takesOver(String role) {
    return false;
  }

  /**
   * After {@link #recover} of a role that {@link #takesOver}: the epoch ms at which the engine
   * reports the job running again; empty where it does not say.
   */
  default java.util.OptionalLong runningAgainAt() {
    return java.util.OptionalLong.empty();
  }

  /**
   * The phases of the recovery from the last kill of this role (at epoch ms {@code killedAtMs}), as
   * the engine's REST API and logs record them: e.g. Flink's failure in the exception history, its
   * RESTARTING, the subtasks deployed and running, the checkpoint restored and the first one after;
   * the new Spark driver started and running its stream. Asked once the recovery has been given its
   * time (before the next fault, or after the drain), while the engine runs. The first visible
   * write is not the engine's to say (the checker measures it). Empty where the engine tells
   * nothing; never throws.
   */
  default Optional<RecoveryPhases> recoveryPhases(String role, long killedAtMs) {
    return Optional.empty();
  }

  @Override
  void close();
}
