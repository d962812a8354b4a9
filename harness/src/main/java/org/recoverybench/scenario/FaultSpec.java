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
 */
public record FaultSpec(
    String type,
    Duration at,
    int afterCheckpoints,
    boolean midBatch,
    Duration duration,
    Duration latency) {

  public FaultSpec(
      String type, Duration at, int afterCheckpoints, boolean midBatch, Duration duration) {
    this(type, at, afterCheckpoints, midBatch, duration, Duration.ZERO);
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
          POISON_RECORD);

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
