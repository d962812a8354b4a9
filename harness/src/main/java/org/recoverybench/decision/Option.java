package org.recoverybench.decision;

import java.util.List;
import org.recoverybench.scenario.Scenario;

/**
 * One option an architect could choose: an engine, a variant, a sink mode, and the production
 * settings that come with it. A trial belongs to an option when its engine, variant and sink mode
 * match and, where the option names one, its starting-offset setting and its supervision match.
 *
 * @param id stable key, used in file names and tables (e.g. {@code flink-exactly-once})
 * @param label how the report names it
 * @param engine {@code flink} or {@code spark}
 * @param variant Flink {@code datastream}; Spark {@code as-written}, {@code recoverable}, {@code
 *     transactional}, and later {@code structured}, {@code structured-idempotent}
 * @param sinkMode {@code append}, {@code upsert} or {@code exactly-once}
 * @param idempotentWrites whether a replayed record overwrites its earlier write instead of adding
 *     a row (the {@code upsert} sink): such an option declares that duplicates are harmless to its
 *     consumers
 * @param startingOffsets the {@code settings.starting_offsets} it runs with, or null for any
 * @param supervised whether a supervisor restarts a driver that exits by itself ({@code
 *     settings.driver_restarts} above 0), or null for either
 * @param production what the option implies in production, one line each
 */
public record Option(
    String id,
    String label,
    String engine,
    String variant,
    String sinkMode,
    boolean idempotentWrites,
    String startingOffsets,
    Boolean supervised,
    List<String> production) {

  /** The engine run that carries the option out: a scenario's target. */
  public Scenario.Target target() {
    return new Scenario.Target(engine, variant, sinkMode);
  }

  /**
   * The settings a scenario runs this option with: the scenario's own, with the option's starting
   * offsets where it names them. Supervision is not changed here: a scenario whose supervision
   * differs from the option's does not carry the option out.
   */
  public Scenario.EngineSettings settingsIn(Scenario.EngineSettings s) {
    if (startingOffsets == null || startingOffsets.equals(s.startingOffsets())) {
      return s;
    }
    return new Scenario.EngineSettings(
        s.checkpointInterval(),
        s.parallelism(),
        s.sessionTimeout(),
        s.heartbeatInterval(),
        startingOffsets,
        s.onParseError(),
        s.checkpointsRetained(),
        s.standbyTaskManagers(),
        s.checkpointStore(),
        s.driverRestarts(),
        s.flinkHa(),
        s.sparkSupervision(),
        s.flinkRestart(),
        s.stateCheckpointInterval());
  }

  /** Whether a trial with these coordinates belongs to this option. */
  public boolean matches(
      String engine, String variant, String sinkMode, String startingOffsets, boolean supervised) {
    return this.engine.equals(engine)
        && this.variant.equals(variant)
        && this.sinkMode.equals(sinkMode)
        && (this.startingOffsets == null || this.startingOffsets.equals(startingOffsets))
        && (this.supervised == null || this.supervised == supervised);
  }
}
