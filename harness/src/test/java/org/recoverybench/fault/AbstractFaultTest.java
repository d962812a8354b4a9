package org.recoverybench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AbstractFaultTest {
  @Test
  void behaviourShowsCountersThatMovedAndTheRestAsTheyAreNow() {
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("job_state", "RUNNING");
    before.put("restarts", 0L);
    before.put("checkpoints_failed", 2L);
    Map<String, Object> now = new LinkedHashMap<>();
    now.put("job_state", "FAILED");
    now.put("restarts", 10L);
    now.put("checkpoints_failed", 2L);
    now.put("last_exception", "PoisonRecordException: poison record at t-0@7");
    now.put("unknown", null);
    assertThat(AbstractFault.describe(before, now))
        .isEqualTo(
            "job_state=FAILED, restarts 0->10, checkpoints_failed=2,"
                + " last_exception=PoisonRecordException: poison record at t-0@7");
    assertThat(AbstractFault.describe(Map.of(), Map.of("driver_alive", false)))
        .isEqualTo("driver_alive=false");
  }
}
