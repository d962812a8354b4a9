package org.recoverybench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * {@code settings.spark_supervision} (harness, the default, or cluster) with the faults it refuses,
 * and {@code settings.flink_restart} (fixed-delay, the default, or exponential-delay).
 */
class SupervisionAndRestartSettingsTest {
  private static Scenario parse(String target, String settings, String fault) {
    String yaml =
        String.join(
            "\n",
            "name: sup",
            "workload: {partitions: 3, records: 100}",
            "targets:",
            "  - " + target,
            "settings: {" + settings + "}",
            "faults:",
            "  - " + fault,
            "");
    return ScenarioLoader.parse("s.yaml", new StringReader(yaml));
  }

  private static final String SPARK =
      "{engine: spark, variant: transactional, sink_mode: exactly-once}";
  private static final String FLINK =
      "{engine: flink, variant: datastream, sink_mode: exactly-once}";
  private static final String KILL_DRIVER = "{type: kill-driver, after_checkpoints: 2}";

  @Test
  void theHarnessSupervisesAndFixedDelayRestartsByDefault() {
    Scenario s = parse(SPARK, "parallelism: 1", KILL_DRIVER);
    assertThat(s.settings().sparkSupervision()).isEqualTo("harness");
    assertThat(s.settings().sparkClusterSupervision()).isFalse();
    assertThat(s.settings().flinkRestart()).isEqualTo("fixed-delay");
  }

  @Test
  void clusterSupervisionTakesKillsOutagesAndPoisonRecords() {
    for (String fault :
        new String[] {
          KILL_DRIVER,
          "{type: kill-executor, after_checkpoints: 2}",
          "{type: db-outage, after_checkpoints: 2, duration: 5s}",
          "{type: poison-record, after_checkpoints: 2}"
        }) {
      Scenario s = parse(SPARK, "spark_supervision: cluster", fault);
      assertThat(s.settings().sparkClusterSupervision()).as(fault).isTrue();
    }
  }

  @Test
  void clusterSupervisionRefusesARestartByTheHarnessAsOneLine() {
    assertThatThrownBy(
            () ->
                parse(
                    SPARK,
                    "spark_supervision: cluster",
                    "{type: graceful-restart, after_checkpoints: 2}"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(
            "s.yaml:7: faults[0]: graceful-restart does not run with spark_supervision: cluster"
                + " (the harness would stop and start the driver itself, and the Worker would"
                + " relaunch it too); with cluster: kills, outages, slow S3 and poison records");
    // a Flink-only scenario is not concerned
    assertThat(
            parse(
                    FLINK,
                    "spark_supervision: cluster",
                    "{type: graceful-restart, after_checkpoints: 2}")
                .faults())
        .hasSize(1);
  }

  @Test
  void clusterSupervisionRefusesTheHarnesssDriverRestarts() {
    assertThatThrownBy(
            () -> parse(SPARK, "spark_supervision: cluster, driver_restarts: 3", KILL_DRIVER))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining(
            "driver_restarts is the harness's supervision of the driver; with spark_supervision:"
                + " cluster the Spark Worker relaunches it (--supervise)");
  }

  @Test
  void badValuesAreOneLineWithTheChoices() {
    assertThatThrownBy(() -> parse(SPARK, "spark_supervision: yarn", KILL_DRIVER))
        .isInstanceOf(ScenarioException.class)
        .hasMessage("s.yaml:5: settings.spark_supervision: 'yarn' is not one of cluster, harness");
    assertThatThrownBy(() -> parse(FLINK, "flink_restart: failure-rate", KILL_DRIVER))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("settings.flink_restart: 'failure-rate' is not one of");
  }

  @Test
  void exponentialDelayIsKeptAndTheOptionRegistryKeepsBothSettings() {
    Scenario s =
        parse(
            FLINK,
            "flink_restart: exponential-delay",
            "{type: db-outage, after_checkpoints: 2, duration: 90s}");
    assertThat(s.settings().flinkRestart()).isEqualTo("exponential-delay");
    var opt =
        org.recoverybench.decision.Options.DEFAULT.byId("spark-as-written-earliest").orElseThrow();
    Scenario.EngineSettings rewritten =
        opt.settingsIn(parse(SPARK, "spark_supervision: cluster", KILL_DRIVER).settings());
    assertThat(rewritten.startingOffsets()).isEqualTo("earliest");
    assertThat(rewritten.sparkSupervision()).isEqualTo("cluster");
    assertThat(opt.settingsIn(s.settings()).flinkRestart()).isEqualTo("exponential-delay");
  }
}
