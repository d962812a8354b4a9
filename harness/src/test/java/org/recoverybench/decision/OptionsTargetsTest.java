package org.recoverybench.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.recoverybench.scenario.Scenario;
import org.recoverybench.scenario.ScenarioLoader;

class OptionsTargetsTest {
  /** A scenario file with the option's target and settings, read as {@code run} reads one. */
  private static Scenario asScenario(Option o) {
    Scenario.Target t = o.target();
    String yaml =
        "name: x\n"
            + "workload: {partitions: 1, records: 10}\n"
            + "targets:\n"
            + "  - {engine: "
            + t.engine()
            + ", variant: "
            + t.variant()
            + ", sink_mode: "
            + t.sinkMode()
            + "}\n"
            + "settings:\n"
            + "  starting_offsets: "
            + (o.startingOffsets() != null ? o.startingOffsets() : "engine-default")
            + "\n"
            + "  driver_restarts: "
            + (Boolean.TRUE.equals(o.supervised()) ? 1 : 0)
            + "\n";
    return ScenarioLoader.parse(o.id() + ".yaml", new StringReader(yaml));
  }

  @Test
  void everyRegisteredOptionMapsToAValidTargetThatCountsForIt() {
    assertThat(Options.DEFAULT.all()).hasSize(10);
    for (Option o : Options.DEFAULT.all()) {
      Scenario s = asScenario(o);
      assertThat(s.targets()).as(o.id()).containsExactly(o.target());
      Scenario.EngineSettings settings = o.settingsIn(s.settings());
      assertThat(Options.DEFAULT.of(o.target(), settings)).as(o.id()).contains(o);
    }
  }

  @Test
  void targetsAreTheDistinctEngineRuns() {
    assertThat(Options.DEFAULT.targets())
        .containsExactly(
            new Scenario.Target("flink", "datastream", "exactly-once"),
            new Scenario.Target("flink", "datastream", "upsert"),
            new Scenario.Target("flink", "datastream", "append"),
            new Scenario.Target("spark", "transactional", "exactly-once"),
            new Scenario.Target("spark", "recoverable", "upsert"),
            new Scenario.Target("spark", "recoverable", "append"),
            new Scenario.Target("spark", "as-written", "append"),
            new Scenario.Target("spark", "structured-idempotent", "exactly-once"),
            new Scenario.Target("spark", "structured", "append"));
    assertThat(
            Options.DEFAULT.plain(new Scenario.Target("spark", "as-written", "append")).get().id())
        .isEqualTo("spark-as-written");
  }

  @Test
  void aRunWithOtherOffsetsBelongsToItsFilesClass() {
    FaultClass loss = FaultClass.byId("coordinator-loss").orElseThrow();
    assertThat(loss.carriedBy("spark", "kill-driver-earliest")).isTrue();
    assertThat(loss.carriedBy("spark", "kill-driver")).isTrue();
    assertThat(loss.carriedBy("spark", "kill-driver-between-batches")).isFalse();
    assertThat(FaultClass.ofScenario("spark", "kill-driver-between-batches-earliest").get().id())
        .isEqualTo("coordinator-loss-between-batches");
    assertThat(FaultClass.isBaseline("baseline-earliest")).isTrue();
  }
}
