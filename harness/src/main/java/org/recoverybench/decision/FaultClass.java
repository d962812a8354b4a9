package org.recoverybench.decision;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recoverybench.fault.CheckpointDamage;
import org.recoverybench.fault.FaultType;
import org.recoverybench.fault.GracefulRestart;
import org.recoverybench.fault.Kill;
import org.recoverybench.fault.KillDuringCheckpoint;
import org.recoverybench.fault.PoisonRecord;
import org.recoverybench.fault.Rescale;
import org.recoverybench.fault.S3Outage;
import org.recoverybench.fault.S3Slow;
import org.recoverybench.fault.ServiceOutage;
import org.recoverybench.fault.Upgrade;

/**
 * A class of fault, paired across engines: the scenario that carries it out on each engine, or why
 * the engine has no equivalent. Each class is one row of the report's grid; unlike faults are never
 * pooled, so each class names exactly one scenario per engine.
 *
 * <p>A scenario named after a fault type (e.g. {@code scenarios/kill-driver.yaml}) runs that one
 * fault and nothing else, so such scenarios are named here by their fault type's {@code name()}; so
 * is a class that is just that fault on both engines. A fault type's name is spelled only where the
 * type is defined.
 *
 * @param id stable key (e.g. {@code worker-loss})
 * @param label how the report names the row
 * @param scenarios engine to the name of the scenario that carries the class out on it
 * @param notApplicable engine to the reason it has no equivalent (a grid cell says "n/a" and why)
 * @param notYet variant to the reason its scenario cannot carry the class out for that variant yet
 *     (a grid cell says "skipped" and why): a gap of the tool, not of the engine
 */
public record FaultClass(
    String id,
    String label,
    Map<String, String> scenarios,
    Map<String, String> notApplicable,
    Map<String, String> notYet) {

  public FaultClass(
      String id, String label, Map<String, String> scenarios, Map<String, String> notApplicable) {
    this(id, label, scenarios, notApplicable, Map.of());
  }

  /** This class, with variants whose cells are skipped for a reason. */
  private FaultClass notYetFor(Map<String, String> variants) {
    return new FaultClass(id, label, scenarios, notApplicable, variants);
  }

  private static final String FLINK = "flink";
  private static final String SPARK = "spark";

  private static FaultClass both(String id, String label, String scenario) {
    return new FaultClass(id, label, Map.of(FLINK, scenario, SPARK, scenario), Map.of());
  }

  /** The class that is one fault type on both engines: its id and scenario are the type's name. */
  private static FaultClass both(FaultType type, String label) {
    return both(type.name(), label, type.name());
  }

  private static FaultClass paired(String id, String label, String flink, String spark) {
    return new FaultClass(id, label, Map.of(FLINK, flink, SPARK, spark), Map.of());
  }

  private static FaultClass sparkOnly(String id, String label, String spark, String whyNotFlink) {
    return new FaultClass(id, label, Map.of(SPARK, spark), Map.of(FLINK, whyNotFlink));
  }

  /** The no-fault reference run; not a row of the grid, but every option's baseline. */
  public static final String BASELINE = "baseline";

  /** Every class, in the grid's row order. */
  public static final List<FaultClass> ALL =
      List.of(
          paired(
              "worker-loss",
              "worker loss (TaskManager ↔ executor)",
              Kill.TASKMANAGER.name(),
              Kill.EXECUTOR.name()),
          paired(
              "coordinator-loss",
              "coordinator loss (JobManager ↔ driver), mid-batch",
              Kill.JOBMANAGER.name(),
              Kill.DRIVER.name()),
          sparkOnly(
              "coordinator-loss-between-batches",
              "coordinator loss between batches",
              "kill-driver-between-batches",
              "Flink has no batches: its checkpoints run beside the processing, so a JobManager"
                  + " kill at any moment is the coordinator-loss row"),
          both(
              "early-crash",
              "early crash (coordinator killed before its first checkpoint)",
              "early-crash"),
          both(KillDuringCheckpoint.TYPE, "kill during a checkpoint"),
          both("broker-restart", "Kafka broker restart", ServiceOutage.KAFKA.name()),
          both(S3Outage.TYPE, "S3 unreachable"),
          both(S3Slow.TYPE, "S3 slow"),
          both(ServiceOutage.DATABASE, "database outage, no supervisor"),
          sparkOnly(
              "db-outage-supervised",
              "database outage, driver supervised",
              "db-outage-supervised",
              "the Flink job restarts itself by its restart strategy, and a TaskManager that ends"
                  + " by itself is replaced: the db-outage row is already supervised"),
          both("poison-dead-letter", "poison record, dead-letter policy", PoisonRecord.TYPE.name()),
          both("poison-fail", "poison record, fail policy", "poison-record-fail"),
          sparkOnly(
              "poison-fail-supervised",
              "poison record, fail policy, driver supervised",
              "poison-record-fail-supervised",
              "the Flink job restarts itself by its restart strategy: the poison-fail row is"
                  + " already supervised"),
          both(CheckpointDamage.DELETED, "newest checkpoint deleted"),
          both(CheckpointDamage.CORRUPTED, "newest checkpoint corrupted"),
          both(CheckpointDamage.TRUNCATED, "newest checkpoint truncated"),
          both(
              Upgrade.TYPE.name(),
              "upgrade (an operator added), from a savepoint or checkpoint",
              "upgrade-savepoint"),
          both(Rescale.TYPE, "rescale (parallelism changed)"),
          both(GracefulRestart.TYPE, "graceful stop and restart"));

  /** The class a scenario of an engine belongs to, if any. */
  public static Optional<FaultClass> ofScenario(String engine, String scenario) {
    return ALL.stream().filter(c -> c.carriedBy(engine, scenario)).findFirst();
  }

  /**
   * The name of a scenario run with other starting offsets than its file's, for an option that
   * names them: {@code kill-driver-earliest}. Such a run belongs to the class of {@code scenario}.
   */
  public static String withOffsets(String scenario, String startingOffsets) {
    return scenario + "-" + startingOffsets;
  }

  /** Whether a scenario run is the baseline (with its file's starting offsets or others). */
  public static boolean isBaseline(String scenario) {
    return sameScenario(BASELINE, scenario);
  }

  /** Whether a run of this name carries the class out on the engine. */
  public boolean carriedBy(String engine, String scenario) {
    String mine = scenarios.get(engine);
    return mine != null && sameScenario(mine, scenario);
  }

  private static boolean sameScenario(String file, String run) {
    return run.equals(file)
        || run.equals(withOffsets(file, "earliest"))
        || run.equals(withOffsets(file, "latest"));
  }

  public static Optional<FaultClass> byId(String id) {
    return ALL.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** Whether options of this engine face the class. */
  public boolean appliesTo(String engine) {
    return scenarios.containsKey(engine);
  }

  /** Why an engine has no equivalent, or null where it has one. */
  public String whyNotApplicable(String engine) {
    if (appliesTo(engine)) {
      return null;
    }
    return notApplicable.getOrDefault(engine, "no scenario of this class for " + engine);
  }
}
