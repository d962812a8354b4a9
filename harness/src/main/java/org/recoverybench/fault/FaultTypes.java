package org.recoverybench.fault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The registry of fault types: every type a scenario may name, by its name. */
public final class FaultTypes {
  /** Every fault type, in the order the docs list them. */
  public static final List<FaultType> ALL =
      List.of(
          Kill.TASKMANAGER,
          Kill.JOBMANAGER,
          MovedOffsets.TYPE,
          Kill.DRIVER,
          Kill.EXECUTOR,
          GracefulRestart.TYPE,
          KillDuringCheckpoint.TYPE,
          ServiceOutage.KAFKA,
          S3Outage.TYPE,
          S3Slow.TYPE,
          ServiceOutage.DATABASE,
          PoisonRecord.TYPE,
          CheckpointDamage.DELETED,
          CheckpointDamage.CORRUPTED,
          CheckpointDamage.TRUNCATED,
          Upgrade.TYPE,
          Rescale.TYPE);

  private static final Map<String, FaultType> BY_NAME = byName();

  private FaultTypes() {}

  private static Map<String, FaultType> byName() {
    Map<String, FaultType> m = new LinkedHashMap<>();
    for (FaultType t : ALL) {
      if (m.put(t.name(), t) != null) {
        throw new IllegalStateException("two fault types are named " + t.name());
      }
    }
    return m;
  }

  /** The names of every fault type. */
  public static Set<String> names() {
    return BY_NAME.keySet();
  }

  /** The fault type of that name; throws if there is none (a scenario's types are checked). */
  public static FaultType of(String name) {
    FaultType t = BY_NAME.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no fault type " + name);
    }
    return t;
  }

  /** The types that take a scenario field (e.g. {@code latency}), in the registry's order. */
  public static List<String> taking(String option) {
    return ALL.stream().filter(t -> t.options().contains(option)).map(FaultType::name).toList();
  }
}
