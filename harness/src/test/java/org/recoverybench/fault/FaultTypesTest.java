package org.recoverybench.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.recoverybench.engine.ProcessKind;

/** Each fault type's applicability: its engines, the S3 proxy, HDFS, what it kills, its fields. */
class FaultTypesTest {
  private static Set<String> where(java.util.function.Predicate<FaultType> p) {
    return FaultTypes.ALL.stream().filter(p).map(FaultType::name).collect(Collectors.toSet());
  }

  @Test
  void killsOfOneEnginesProcessesApplyToThatEngineOnly() {
    assertThat(where(t -> !t.appliesTo("spark")))
        .containsExactlyInAnyOrder(
            "kill-taskmanager", "kill-jobmanager", "kill-jobmanager-offsets-moved");
    assertThat(where(t -> !t.appliesTo("flink")))
        .containsExactlyInAnyOrder("kill-driver", "kill-executor");
    assertThat(where(t -> t.appliesTo("flink") && t.appliesTo("spark"))).hasSize(12);
    assertThat(FaultTypes.of("kill-taskmanager").engines()).containsExactly("flink");
    assertThat(FaultTypes.of("kill-executor").engines()).containsExactly("spark");
    assertThat(FaultTypes.of("db-outage").engines()).containsExactlyInAnyOrder("flink", "spark");
  }

  @Test
  void theFaultsThatNeedTheS3Proxy() {
    assertThat(where(FaultType::needsS3Proxy))
        .containsExactlyInAnyOrder("s3-outage", "s3-slow", "kill-during-checkpoint");
  }

  @Test
  void theFaultsThatRunWithHdfs() {
    assertThat(where(FaultType::runsWithHdfs))
        .containsExactlyInAnyOrder(
            "kill-taskmanager",
            "kill-driver",
            "kill-executor",
            "kafka-restart",
            "db-outage",
            "poison-record");
    // nothing that needs the S3 proxy runs with HDFS
    assertThat(where(t -> t.needsS3Proxy() && t.runsWithHdfs())).isEmpty();
  }

  @Test
  void whatEachKillHits() {
    assertThat(FaultTypes.of("kill-taskmanager").kills()).isEqualTo(ProcessKind.WORKER);
    assertThat(FaultTypes.of("kill-executor").kills()).isEqualTo(ProcessKind.WORKER);
    assertThat(FaultTypes.of("kill-jobmanager").kills()).isEqualTo(ProcessKind.COORDINATOR);
    assertThat(FaultTypes.of("kill-driver").kills()).isEqualTo(ProcessKind.COORDINATOR);
    assertThat(FaultTypes.of("kill-during-checkpoint").kills())
        .isEqualTo(ProcessKind.CHECKPOINT_WRITER);
    for (String damaged :
        List.of("checkpoint-deleted", "checkpoint-corrupted", "checkpoint-truncated")) {
      assertThat(FaultTypes.of(damaged).kills()).as(damaged).isEqualTo(ProcessKind.COORDINATOR);
    }
    assertThat(FaultTypes.of("kill-jobmanager-offsets-moved").kills())
        .isEqualTo(ProcessKind.COORDINATOR);
    assertThat(where(t -> t.kills() != null)).hasSize(9);
  }

  @Test
  void theFieldsEachTypeTakesAndNeeds() {
    assertThat(where(FaultType::needsDuration))
        .containsExactlyInAnyOrder(
            "s3-outage", "s3-slow", "db-outage", "kill-jobmanager-offsets-moved");
    assertThat(FaultTypes.taking(FaultSpec.LATENCY)).containsExactly("s3-slow");
    assertThat(FaultTypes.taking(FaultSpec.RESTORE_FROM)).containsExactly("upgrade", "rescale");
    assertThat(FaultTypes.taking(FaultSpec.UIDS)).containsExactly("upgrade");
    assertThat(FaultTypes.taking(FaultSpec.PARALLELISM)).containsExactly("rescale");
  }

  @Test
  void aScenariosSpecFindsItsTypeAndAnUnknownNameIsRefused() {
    FaultSpec spec = new FaultSpec("s3-slow", null, 2, false, java.time.Duration.ofSeconds(6));
    assertThat(spec.kind()).isSameAs(S3Slow.TYPE);
    assertThat(spec.needsS3Proxy()).isTrue();
    assertThat(spec.appliesTo("spark")).isTrue();
    assertThat(FaultTypes.names()).hasSize(17);
    assertThatThrownBy(() -> FaultTypes.of("kill-nothing"))
        .hasMessage("no fault type kill-nothing");
  }
}
