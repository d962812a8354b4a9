package org.recoverybench.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialCostTest {
  @Test
  void cpuIsPerThousandIdsProducedToOneDecimal() {
    TrialCost c = TrialCost.of(45_000, 1_500_000_000L, 3, 15_000, 1_200L, 1_800_000);
    assertThat(c.cpuMs()).isEqualTo(45_000);
    assertThat(c.cpuMsPer1000Records()).isEqualTo(3000.0);
    assertThat(TrialCost.of(1_000, 0, 1, 3, null, 1).cpuMsPer1000Records()).isEqualTo(333333.3);
    assertThat(TrialCost.of(7, 0, 1, 3_000, null, 1).cpuMsPer1000Records()).isEqualTo(2.3);
  }

  @Test
  void s3RequestsAreScaledFromTheProxysTimeToAnHour() {
    // 1,200 requests in 30 minutes: 2,400 an hour
    assertThat(TrialCost.of(0, 0, 0, 1, 1_200L, 1_800_000).s3RequestsPerHour()).isEqualTo(2400.0);
    // 7 requests in 90 s: 280 an hour
    assertThat(TrialCost.of(0, 0, 0, 1, 7L, 90_000).s3RequestsPerHour()).isEqualTo(280.0);
    // 1 request in 7 s: 514.2857... an hour
    assertThat(TrialCost.of(0, 0, 0, 1, 1L, 7_000).s3RequestsPerHour()).isEqualTo(514.3);
    assertThat(TrialCost.of(0, 0, 0, 1, 0L, 7_000).s3RequestsPerHour()).isEqualTo(0.0);
  }

  @Test
  void whatWasNotMeasuredStaysNull() {
    TrialCost c = TrialCost.of(500, 10, 2, 0, null, 60_000);
    assertThat(c.cpuMsPer1000Records()).isNull();
    assertThat(c.s3Requests()).isNull();
    assertThat(c.s3RequestsPerHour()).isNull();
    assertThat(c.peakRssBytes()).isEqualTo(10);
    assertThat(c.peakProcesses()).isEqualTo(2);
  }

  @Test
  void aResultWithoutCostLoadsAndOneWithCostKeepsIt(@TempDir Path dir) throws Exception {
    Path committed =
        Path.of(
            "../results/db-outage-supervised/db-outage-supervised/spark-as-written-append/trial-1",
            ResultFiles.RESULT);
    assertThat(Files.readString(committed)).doesNotContain("\"cost\"");
    TrialResult old = ResultFiles.read(committed);
    assertThat(old.cost()).isNull();
    TrialCost cost = TrialCost.of(45_000, 1_500_000_000L, 3, 15_000, 1_200L, 1_800_000);
    Path file = ResultFiles.write(dir, dir.resolve("t"), old.withCost(cost));
    assertThat(Files.readString(file))
        .contains("\"cpu_ms_per_1000_records\" : 3000.0", "\"s3_requests_per_hour\" : 2400.0");
    TrialResult back = ResultFiles.read(file);
    assertThat(back.cost()).isEqualTo(cost);
    assertThat(back.withCost(null)).isEqualTo(old);
  }
}
