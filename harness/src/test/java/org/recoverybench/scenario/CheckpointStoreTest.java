package org.recoverybench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code settings.checkpoint_store}: s3 (the default) or hdfs, and the faults hdfs allows. */
class CheckpointStoreTest {
  private static final String BASE =
      String.join(
          "\n",
          "name: store",
          "workload: {partitions: 3, records: 100}",
          "targets:",
          "  - {engine: flink, variant: datastream, sink_mode: exactly-once}",
          "settings:",
          "  checkpoint_interval: 5s",
          "  STORE",
          "FAULTS",
          "");

  private static Scenario parse(String store, String faults) {
    String yaml = BASE.replace("STORE", store).replace("FAULTS", faults);
    return ScenarioLoader.parse("s.yaml", new StringReader(yaml));
  }

  @Test
  void s3IsTheDefault() {
    Scenario s = parse("parallelism: 1", "");
    assertThat(s.settings().checkpointStore()).isEqualTo("s3");
    assertThat(s.settings().hdfs()).isFalse();
    assertThat(s.needsHdfs()).isFalse();
  }

  @Test
  void readsS3AndHdfs() {
    assertThat(parse("checkpoint_store: s3", "").settings().checkpointStore()).isEqualTo("s3");
    Scenario h = parse("checkpoint_store: hdfs", "");
    assertThat(h.settings().checkpointStore()).isEqualTo("hdfs");
    assertThat(h.needsHdfs()).isTrue();
  }

  @Test
  void aBadStoreIsOneLineNamingTheFileTheLineAndTheChoices() {
    assertThatThrownBy(() -> parse("checkpoint_store: gcs", ""))
        .isInstanceOf(ScenarioException.class)
        .hasMessage("s.yaml:7: settings.checkpoint_store: 'gcs' is not one of hdfs, s3");
    assertThatThrownBy(() -> parse("checkpoint_store: HDFS", ""))
        .hasMessage("s.yaml:7: settings.checkpoint_store: 'HDFS' is not one of hdfs, s3");
  }

  @Test
  void hdfsRunsTheKillFaults() {
    Scenario s =
        parse(
            "checkpoint_store: hdfs",
            "faults:\n  - {type: kill-taskmanager, after_checkpoints: 2, duration: 0s}");
    assertThat(s.faults()).hasSize(1);
    assertThat(s.faults().get(0).type()).isEqualTo("kill-taskmanager");
  }

  @Test
  void hdfsRefusesAFaultThatReachesTheCheckpointsThroughS3() {
    assertThatThrownBy(
            () ->
                parse(
                    "checkpoint_store: hdfs",
                    "faults:\n  - {type: kill-jobmanager, after_checkpoints: 2}"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(
            "s.yaml:9: faults[0]: kill-jobmanager does not run with checkpoint_store: hdfs (it"
                + " reaches the checkpoints through S3); with hdfs: db-outage, kafka-restart,"
                + " kill-driver, kill-executor, kill-taskmanager, poison-record");
    assertThatThrownBy(
            () ->
                parse(
                    "checkpoint_store: hdfs",
                    "faults:\n  - {type: s3-outage, at: 10s, duration: 5s}"))
        .hasMessageStartingWith(
            "s.yaml:9: faults[0]: s3-outage does not run with checkpoint_store: hdfs");
  }

  @Test
  void theCommittedHdfsScenariosCheckpointToHdfs() {
    for (String name :
        new String[] {"hdfs-baseline", "hdfs-kill-taskmanager", "hdfs-kill-driver"}) {
      Scenario s =
          ScenarioLoader.load(
              Path.of(System.getProperty("user.dir"))
                  .getParent()
                  .resolve("scenarios")
                  .resolve(name + ".yaml"));
      assertThat(s.name()).isEqualTo(name);
      assertThat(s.needsHdfs()).as(name).isTrue();
    }
  }
}
