package org.recoverybench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.recoverybench.engine.ProcessKind;

/** The moved-offsets fault: what it is, and how its record spells the move. */
class MovedOffsetsTest {
  @Test
  void itIsAJobManagerKillOfFlinkThatNeedsTheJobManagerDownForADuration() {
    assertThat(MovedOffsets.TYPE.engines()).containsExactly("flink");
    assertThat(MovedOffsets.TYPE.kills()).isEqualTo(ProcessKind.COORDINATOR);
    assertThat(MovedOffsets.TYPE.needsDuration()).isTrue();
    assertThat(MovedOffsets.TYPE.runsWithHdfs()).isFalse();
    assertThat(MovedOffsets.TYPE.needsS3Proxy()).isFalse();
  }

  @Test
  void theDetailGivesEachPartitionBeforeAndAfterTheMove() {
    Map<Integer, Long> before = new TreeMap<>(Map.of(0, 412L, 1, 405L, 2, 409L));
    Map<Integer, Long> after = Map.of(0, 0L, 1, 0L, 2, 0L);
    assertThat(MovedOffsets.Worker.describe(before, after))
        .isEqualTo("p0 412->0, p1 405->0, p2 409->0");
  }
}
