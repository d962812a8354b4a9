package org.recoverybench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.recoverybench.fault.FaultSpec;

/** {@code workload.duration}, {@code run.tail_after_recovery} and the early-crash scenarios. */
class WorkloadDurationAndTailTest {
  private static final String GOOD =
      String.join(
          "\n",
          "name: kill-taskmanager",
          "workload:",
          "  partitions: 3",
          "  records: 3000",
          "  rate_per_second: 200",
          "targets:",
          "  - {engine: flink, variant: datastream, sink_mode: exactly-once}",
          "faults:",
          "  - {type: kill-taskmanager, after_checkpoints: 2}",
          "run:",
          "  drain_timeout: 180s",
          "");

  private static Scenario parse(String yaml) {
    return ScenarioLoader.parse("s.yaml", new StringReader(yaml));
  }

  @Test
  void aDurationMakesRateTimesDurationIds() {
    Scenario s = parse(GOOD.replace("records: 3000", "duration: 2m"));
    assertThat(s.workload()).isEqualTo(new Scenario.Workload(3, 24_000, 200, 64));
    assertThat(parse(GOOD.replace("records: 3000", "duration: 1500ms")).workload().records())
        .isEqualTo(300);
  }

  @Test
  void aDurationNeedsARateAndExcludesRecords() {
    assertThatThrownBy(() -> parse(GOOD.replace("records: 3000", "records: 3000\n  duration: 1m")))
        .hasMessage(
            "s.yaml:4: workload.records: give 'records' or 'duration', not both ('duration' makes"
                + " rate × duration ids)");
    assertThatThrownBy(
            () ->
                parse(
                    GOOD.replace("records: 3000", "duration: 1m")
                        .replace("rate_per_second: 200", "rate_per_second: 0")))
        .hasMessage("s.yaml:4: workload.duration: 'duration' needs a 'rate_per_second' above 0");
    assertThatThrownBy(() -> parse(GOOD.replace("records: 3000", "duration: 1ms")))
        .hasMessage(
            "s.yaml:4: workload.duration: makes 0 ids at 200/s; it must make between 1 and"
                + " 1000000000");
  }

  @Test
  void withoutATailTheProducerStopsAtRecordsAsBefore() {
    Scenario s = parse(GOOD);
    assertThat(s.run().tailAfterRecovery()).isNull();
    assertThat(s.producesUntilTail()).isFalse();
    assertThat(s.run())
        .isEqualTo(new Scenario.RunSettings(Duration.ofSeconds(180), Duration.ofSeconds(120), 1));
  }

  @Test
  void aTailKeepsTheProducerGoingAfterTheLastRecovery() {
    Scenario s = parse(GOOD + "  tail_after_recovery: 60s\n");
    assertThat(s.run().tailAfterRecovery()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.producesUntilTail()).isTrue();
    assertThat(s.workload().records()).isEqualTo(3000); // the least it produces
  }

  @Test
  void aTargetThatMeetsNoFaultProducesItsRecordsOnly() {
    String mixed =
        GOOD.replace(
                    "  - {engine: flink, variant: datastream, sink_mode: exactly-once}",
                    "  - {engine: flink, variant: datastream, sink_mode: exactly-once}\n"
                        + "  - {engine: spark, variant: transactional, sink_mode: exactly-once}")
                .replace("after_checkpoints: 2}", "after_checkpoints: 2, engine: flink}")
            + "  tail_after_recovery: 60s\n";
    Scenario s = parse(mixed);
    assertThat(s.forTarget(s.targets().get(0)).producesUntilTail()).isTrue();
    assertThat(s.forTarget(s.targets().get(1)).producesUntilTail()).isFalse();
  }

  @Test
  void aTailNeedsAFaultAndARate() {
    assertThatThrownBy(
            () ->
                parse(
                    GOOD.replace(
                            "faults:\n  - {type: kill-taskmanager, after_checkpoints: 2}\n", "")
                        + "  tail_after_recovery: 60s\n"))
        .hasMessage(
            "s.yaml:10: run.tail_after_recovery: needs a fault to recover from (the scenario has"
                + " none)");
    assertThatThrownBy(
            () ->
                parse(
                    GOOD.replace("rate_per_second: 200", "rate_per_second: 0")
                        + "  tail_after_recovery: 60s\n"))
        .hasMessage(
            "s.yaml:12: run.tail_after_recovery: needs workload.rate_per_second above 0 (the"
                + " producer runs on until then)");
    assertThatThrownBy(() -> parse(GOOD + "  tail_after_recovery: soon\n"))
        .hasMessageStartingWith("s.yaml:12: run.tail_after_recovery: 'soon' is not a duration");
  }

  @Test
  void theEarlyCrashScenariosKillTheCoordinatorBeforeTheFirstCheckpoint() {
    Scenario s = ScenarioLoader.load(Path.of("../scenarios/early-crash.yaml"));
    assertThat(s.settings().startingOffsets()).isEqualTo("engine-default");
    assertThat(s.targets()).hasSize(4);
    Scenario flink = s.forTarget(new Scenario.Target("flink", "datastream", "exactly-once"));
    Scenario spark = s.forTarget(new Scenario.Target("spark", "recoverable", "append"));
    assertThat(flink.faults())
        .containsExactly(
            new FaultSpec(
                "kill-jobmanager",
                Duration.ofSeconds(2),
                0,
                false,
                Duration.ofSeconds(8),
                Duration.ZERO,
                null,
                "flink"));
    assertThat(spark.faults()).hasSize(1);
    assertThat(spark.faults().get(0).type()).isEqualTo("kill-driver");
    assertThat(spark.faults().get(0).at()).isLessThan(s.settings().checkpointInterval());
    Scenario earliest = ScenarioLoader.load(Path.of("../scenarios/early-crash-earliest.yaml"));
    assertThat(earliest.settings().startingOffsets()).isEqualTo("earliest");
    assertThat(earliest.targets()).allMatch(t -> t.engine().equals("spark")).hasSize(3);
    assertThat(earliest.faults()).isEqualTo(spark.faults());
  }
}
