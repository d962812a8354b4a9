package org.recoverybench.scenario;

import java.time.Duration;
import java.util.Set;

/**
 * One fault of a schedule: what, when it starts, and how long until it stops (the restart).
 *
 * @param type the fault, one of {@link #TYPES}
 * @param at start this long after the workload starts; or null
 * @param afterCheckpoints start once this many checkpoints (Flink) or batches (Spark) have
 *     completed since the workload started; or 0
 * @param midBatch with afterCheckpoints: start halfway into the next interval rather than right
 *     after the checkpoint
 * @param duration how long the fault lasts: the time between a kill and the restart, or of an
 *     outage
 * @param latency s3-slow only: the latency the proxy adds to every chunk, each way
 * @param restart for upgrade and rescale: how the job is stopped and started again; else null
 */
public record FaultSpec(
    String type,
    Duration at,
    int afterCheckpoints,
    boolean midBatch,
    Duration duration,
    Duration latency,
    RestartOptions restart) {

  public FaultSpec(
      String type, Duration at, int afterCheckpoints, boolean midBatch, Duration duration) {
    this(type, at, afterCheckpoints, midBatch, duration, Duration.ZERO, null);
  }

  /** A fault with an added latency (s3-slow). */
  public FaultSpec(
      String type,
      Duration at,
      int afterCheckpoints,
      boolean midBatch,
      Duration duration,
      Duration latency) {
    this(type, at, afterCheckpoints, midBatch, duration, latency, null);
  }

  /** A restart fault (upgrade, rescale). */
  public FaultSpec(
      String type,
      Duration at,
      int afterCheckpoints,
      boolean midBatch,
      Duration duration,
      RestartOptions restart) {
    this(type, at, afterCheckpoints, midBatch, duration, Duration.ZERO, restart);
  }

  /**
   * How an upgrade or a rescale stops and restores the job.
   *
   * @param restoreFrom {@link #FROM_SAVEPOINT} (Flink: stop-with-savepoint) or {@link
   *     #FROM_CHECKPOINT} (Flink: cancel, then the latest retained checkpoint); Spark, which has
   *     neither, stops gracefully and restarts from its checkpoint directory either way
   * @param uids Flink: whether the job sets explicit operator uids (upgrade only)
   * @param parallelism the new parallelism (Flink) or cores (Spark) (rescale only); else 0
   */
  public record RestartOptions(String restoreFrom, boolean uids, int parallelism) {
    public static final String FROM_SAVEPOINT = "savepoint";
    public static final String FROM_CHECKPOINT = "checkpoint";
  }

  public static final String KILL_TASKMANAGER = "kill-taskmanager";
  public static final String KILL_JOBMANAGER = "kill-jobmanager";
  public static final String KILL_DRIVER = "kill-driver";
  public static final String KILL_EXECUTOR = "kill-executor";
  public static final String GRACEFUL_RESTART = "graceful-restart";
  // outages and bad data (the workers are in the harness's fault package)
  public static final String KILL_DURING_CHECKPOINT = "kill-during-checkpoint";
  public static final String KAFKA_RESTART = "kafka-restart";
  public static final String S3_OUTAGE = "s3-outage";
  public static final String S3_SLOW = "s3-slow";
  public static final String DB_OUTAGE = "db-outage";
  public static final String POISON_RECORD = "poison-record";
  // restart faults: damaged checkpoints, upgrades, rescales
  public static final String CHECKPOINT_DELETED = "checkpoint-deleted";
  public static final String CHECKPOINT_CORRUPTED = "checkpoint-corrupted";
  public static final String CHECKPOINT_TRUNCATED = "checkpoint-truncated";
  public static final String UPGRADE = "upgrade";
  public static final String RESCALE = "rescale";

  public static final Set<String> TYPES =
      Set.of(
          KILL_TASKMANAGER,
          KILL_JOBMANAGER,
          KILL_DRIVER,
          KILL_EXECUTOR,
          GRACEFUL_RESTART,
          KILL_DURING_CHECKPOINT,
          KAFKA_RESTART,
          S3_OUTAGE,
          S3_SLOW,
          DB_OUTAGE,
          POISON_RECORD,
          CHECKPOINT_DELETED,
          CHECKPOINT_CORRUPTED,
          CHECKPOINT_TRUNCATED,
          UPGRADE,
          RESCALE);

  /** Whether the engines must reach S3 through the harness's TCP proxy for this fault. */
  public boolean needsS3Proxy() {
    return type.equals(S3_OUTAGE) || type.equals(S3_SLOW) || type.equals(KILL_DURING_CHECKPOINT);
  }

  /** Which engines a fault applies to. */
  public boolean appliesTo(String engine) {
    return switch (type) {
      case KILL_TASKMANAGER, KILL_JOBMANAGER -> engine.equals("flink");
      case KILL_DRIVER, KILL_EXECUTOR -> engine.equals("spark");
      default -> true;
    };
  }
}
