package org.recoverybench.fault;

import org.recoverybench.engine.RestartSpec;
import org.recoverybench.scenario.FaultSpec;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A fault that is a stop, a change and a start of the job or app: its {@link #spec()} is what the
 * engine driver carries out ({@code EngineDriver.restart}); the stop is the fault's start, and the
 * new start its end.
 */
public interface RestartFault {
  RestartSpec spec();

  /** The worker for a scenario's fault, or null if the fault is not a restart fault. */
  static RestartFault of(FaultSpec f, S3Client s3, String bucket) {
    return switch (f.type()) {
      case FaultSpec.CHECKPOINT_DELETED ->
          new CheckpointDamage(CheckpointDamage.Kind.DELETE, s3, bucket);
      case FaultSpec.CHECKPOINT_CORRUPTED ->
          new CheckpointDamage(CheckpointDamage.Kind.CORRUPT, s3, bucket);
      case FaultSpec.CHECKPOINT_TRUNCATED ->
          new CheckpointDamage(CheckpointDamage.Kind.TRUNCATE, s3, bucket);
      case FaultSpec.UPGRADE -> new Upgrade(stopOf(f), f.restart().uids());
      case FaultSpec.RESCALE -> new Rescale(stopOf(f), f.restart().parallelism());
      default -> null;
    };
  }

  private static RestartSpec.Stop stopOf(FaultSpec f) {
    return f.restart().restoreFrom().equals(FaultSpec.RestartOptions.FROM_CHECKPOINT)
        ? RestartSpec.Stop.CANCEL
        : RestartSpec.Stop.SAVEPOINT;
  }
}
