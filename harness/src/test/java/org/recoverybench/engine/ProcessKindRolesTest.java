package org.recoverybench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which process each kind of process names on each engine: the drivers' knowledge, not faults'. */
class ProcessKindRolesTest {
  @Test
  void flinkCoordinatesInItsJobManagerAndWritesCheckpointsInItsTaskManagers() {
    FlinkEngineDriver flink = new FlinkEngineDriver(null, Path.of("unused"));
    assertThat(flink.roleOf(ProcessKind.COORDINATOR)).isEqualTo("jobmanager");
    assertThat(flink.roleOf(ProcessKind.WORKER)).isEqualTo("taskmanager");
    assertThat(flink.roleOf(ProcessKind.CHECKPOINT_WRITER)).isEqualTo("taskmanager");
    for (ProcessKind k : ProcessKind.values()) {
      assertThat(flink.roles()).contains(flink.roleOf(k));
    }
    assertThat(flink.checkpointUploadRequest()).isNull();
  }

  @Test
  void sparkCoordinatesAndWritesCheckpointsInItsDriver() {
    SparkEngineDriver spark = new SparkEngineDriver(null, Path.of("unused"));
    assertThat(spark.roleOf(ProcessKind.COORDINATOR)).isEqualTo("driver");
    assertThat(spark.roleOf(ProcessKind.WORKER)).isEqualTo("executor");
    assertThat(spark.roleOf(ProcessKind.CHECKPOINT_WRITER)).isEqualTo("driver");
  }
}
