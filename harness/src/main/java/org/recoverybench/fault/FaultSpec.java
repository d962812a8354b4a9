package org.recoverybench.fault;

import java.time.Duration;

/**
 * One fault of a schedule: what, when it starts, and how long until it stops (the restart).
 *
 * @param type the fault, one of {@link FaultTypes#names()}
 * @param at start this long after the workload starts; or null
 * @param afterCheckpoints start once this many checkpoints (Flink) or batches (Spark) have
 *     completed since the workload started; or 0
 * @param midBatch with afterCheckpoints: start halfway into the next interval rather than right
 *     after the checkpoint
 * @param duration how long the fault lasts: the time between a kill and the restart, or of an
 *     outage
 * @param latency for the types that take it: the latency the S3 proxy adds to every chunk, each
 *     way; else zero
 * @param restart for the types that take {@code restore_from} (an upgrade, a rescale): how the job
 *     is stopped and started again; else null
 * @param engine the one engine whose targets meet this fault (a scenario that mixes Flink and Spark
 *     faults, such as the soak); null: every target of the scenario
 */
public record FaultSpec(
    String type,
    Duration at,
    int afterCheckpoints,
    boolean midBatch,
    Duration duration,
    Duration latency,
    RestartOptions restart,
    String engine) {

  public FaultSpec(
      String type,
      Duration at,
      int afterCheckpoints,
      boolean midBatch,
      Duration duration,
      Duration latency,
      RestartOptions restart) {
    this(type, at, afterCheckpoints, midBatch, duration, latency, restart, null);
  }

  public FaultSpec(
      String type, Duration at, int afterCheckpoints, boolean midBatch, Duration duration) {
    this(type, at, afterCheckpoints, midBatch, duration, Duration.ZERO, null);
  }

  /** A fault with an added latency (S3 slow). */
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

  /** The scenario fields that only some fault types take ({@code FaultType.options}). */
  public static final String LATENCY = "latency";

  public static final String RESTORE_FROM = "restore_from";
  public static final String UIDS = "uids";
  public static final String PARALLELISM = "parallelism";
  public static final String ENGINE = "engine";

  /** The fault type this spec names: what it applies to, needs, and how it is carried out. */
  public FaultType kind() {
    return FaultTypes.of(type);
  }

  /** Whether the engines must reach S3 through the harness's TCP proxy for this fault. */
  public boolean needsS3Proxy() {
    return kind().needsS3Proxy();
  }

  /** Which engines a fault applies to. */
  public boolean appliesTo(String engine) {
    return kind().appliesTo(engine);
  }

  /** Whether a target of this engine meets the fault: its type applies, and no other is named. */
  public boolean meets(String targetEngine) {
    return appliesTo(targetEngine) && (engine == null || engine.equals(targetEngine));
  }
}
