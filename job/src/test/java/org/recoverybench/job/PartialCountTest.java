package org.recoverybench.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PartialCountTest {
  @Test
  void sendsItsCountOnItsTimerBeforeEachBarrierAndAtTheEnd() throws Exception {
    try (OneInputStreamOperatorTestHarness<String, Long> h =
        new OneInputStreamOperatorTestHarness<>(new PartialCount<String>(200))) {
      h.setProcessingTime(0);
      h.open();
      for (int i = 0; i < 3; i++) {
        h.processElement(new StreamRecord<>("row"));
      }
      assertThat(h.extractOutputValues()).as("nothing before the timer").isEmpty();
      h.setProcessingTime(200);
      for (int i = 0; i < 2; i++) {
        h.processElement(new StreamRecord<>("row"));
      }
      h.prepareSnapshotPreBarrier(1);
      h.setProcessingTime(400); // nothing pending: nothing sent
      for (int i = 0; i < 4; i++) {
        h.processElement(new StreamRecord<>("row"));
      }
      h.endInput();
      h.close();
      assertThat(h.extractOutputValues()).isEqualTo(List.of(3L, 2L, 4L));
    }
  }
}
