package org.recoverybench.fault;

import java.util.Set;
import org.recoverybench.scenario.FaultSpec;
import org.recoverybench.scenario.Scenario;

/** Makes the worker of each fault type this package carries out. */
public final class Faults {
  private static final Set<String> TYPES =
      Set.of(
          FaultSpec.KILL_DURING_CHECKPOINT,
          FaultSpec.KAFKA_RESTART,
          FaultSpec.S3_OUTAGE,
          FaultSpec.S3_SLOW,
          FaultSpec.DB_OUTAGE,
          FaultSpec.POISON_RECORD);

  private Faults() {}

  /** Whether a worker of this package carries out the fault type. */
  public static boolean handles(String type) {
    return TYPES.contains(type);
  }

  /** Whether the engines of a scenario must reach S3 through the harness's proxy. */
  public static boolean needsS3Proxy(Scenario s) {
    return s.faults().stream().anyMatch(FaultSpec::needsS3Proxy);
  }

  public static FaultWorker create(FaultSpec spec, FaultEnv env) {
    return switch (spec.type()) {
      case FaultSpec.KILL_DURING_CHECKPOINT -> new KillDuringCheckpoint(spec, env);
      case FaultSpec.KAFKA_RESTART -> new KafkaRestart(spec, env);
      case FaultSpec.S3_OUTAGE -> new S3Outage(spec, env);
      case FaultSpec.S3_SLOW -> new S3Slow(spec, env);
      case FaultSpec.DB_OUTAGE -> new DatabaseOutage(spec, env);
      case FaultSpec.POISON_RECORD -> new PoisonRecord(spec, env);
      default -> throw new IllegalArgumentException("no worker for fault " + spec.type());
    };
  }
}
