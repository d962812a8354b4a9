package org.recoverybench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** {@code settings.flink_ha}: none (the default) or zookeeper, and when the lab needs ZooKeeper. */
class FlinkHaSettingTest {
  private static Scenario parse(String engine, String ha) {
    String yaml =
        String.join(
            "\n",
            "name: ha",
            "workload: {partitions: 3, records: 100}",
            "targets:",
            "  - {engine: " + engine + ", variant: " + variant(engine) + ", sink_mode: upsert}",
            "settings:",
            "  checkpoint_interval: 5s",
            "  " + ha,
            "");
    return ScenarioLoader.parse("s.yaml", new StringReader(yaml));
  }

  private static String variant(String engine) {
    return engine.equals("flink") ? "datastream" : "recoverable";
  }

  @Test
  void noneIsTheDefault() {
    Scenario s = parse("flink", "parallelism: 1");
    assertThat(s.settings().flinkHa()).isEqualTo("none");
    assertThat(s.settings().flinkHaZooKeeper()).isFalse();
    assertThat(s.needsZooKeeper()).isFalse();
  }

  @Test
  void zookeeperOnFlinkNeedsTheLabsZooKeeper() {
    Scenario s = parse("flink", "flink_ha: zookeeper");
    assertThat(s.settings().flinkHa()).isEqualTo("zookeeper");
    assertThat(s.settings().flinkHaZooKeeper()).isTrue();
    assertThat(s.needsZooKeeper()).isTrue();
    assertThat(parse("flink", "flink_ha: none").needsZooKeeper()).isFalse();
  }

  @Test
  void aSparkOnlyScenarioNeedsNoZooKeeper() {
    assertThat(parse("spark", "flink_ha: zookeeper").needsZooKeeper()).isFalse();
  }

  @Test
  void aDamagedCheckpointIsRefusedWithHaAsOneLine() {
    String yaml =
        String.join(
            "\n",
            "name: ha",
            "workload: {partitions: 3, records: 100}",
            "targets:",
            "  - {engine: flink, variant: datastream, sink_mode: exactly-once}",
            "settings: {flink_ha: zookeeper}",
            "faults:",
            "  - {type: checkpoint-deleted, after_checkpoints: 2}",
            "");
    assertThatThrownBy(() -> ScenarioLoader.parse("s.yaml", new StringReader(yaml)))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(
            "s.yaml:7: faults[0]: checkpoint-deleted does not run with flink_ha: zookeeper yet (it"
                + " kills the JobManager and resubmits the job; a standby would take the old job"
                + " over)");
  }

  @Test
  void aBadValueIsOneLineNamingTheFileTheLineAndTheChoices() {
    assertThatThrownBy(() -> parse("flink", "flink_ha: kubernetes"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage("s.yaml:7: settings.flink_ha: 'kubernetes' is not one of none, zookeeper");
  }
}
