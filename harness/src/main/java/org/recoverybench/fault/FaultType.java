package org.recoverybench.fault;

import java.util.Set;
import org.recoverybench.engine.ProcessKind;

/**
 * One fault type, as a scenario names it ({@code faults[].type}): everything the harness knows
 * about it in one place. Each type is defined in the file of its class, and listed once in {@link
 * FaultTypes}; {@code docs/faults.md} has the table of them all.
 */
public sealed interface FaultType
    permits Kill,
        MovedOffsets,
        GracefulRestart,
        KillDuringCheckpoint,
        ServiceOutage,
        S3Outage,
        S3Slow,
        PoisonRecord,
        CheckpointDamage,
        Upgrade,
        Rescale {

  /** Flink and Spark. */
  Set<String> BOTH = Set.of("flink", "spark");

  /** The name a scenario file gives the type in {@code faults[].type}. */
  String name();

  /** The engines ({@code flink}, {@code spark}) the fault applies to. */
  Set<String> engines();

  /** Whether the engines must reach S3 through the harness's TCP proxy for this fault. */
  boolean needsS3Proxy();

  /**
   * Whether the fault runs with {@code checkpoint_store: hdfs}; those that do not reach the
   * checkpoints through S3 (the S3 proxy, or an S3 listing of the retained checkpoints).
   */
  boolean runsWithHdfs();

  /** The worker that carries out one fault of a schedule. */
  FaultWorker worker(FaultSpec spec, FaultEnv env);

  /** The kind of engine process the fault kills, or null if it kills none. */
  default ProcessKind kills() {
    return null;
  }

  /** Whether the scenario must give the fault a non-zero {@code duration}. */
  default boolean needsDuration() {
    return false;
  }

  /**
   * The scenario fields this type takes beyond {@code at}, {@code after_checkpoints}, {@code
   * mid_batch} and {@code duration}: some of {@link FaultSpec#OPTIONS}.
   */
  default Set<String> options() {
    return Set.of();
  }

  default boolean appliesTo(String engine) {
    return engines().contains(engine);
  }
}
