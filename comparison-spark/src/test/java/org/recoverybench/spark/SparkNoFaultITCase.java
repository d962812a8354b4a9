package org.recoverybench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.SinkLedger;
import org.recoverybench.lab.spark.SparkDriver;
import org.recoverybench.process.ManagedProcess;

/**
 * No fault: 20,000 ids give 20,000 distinct ids and no duplicate, for every variant and sink mode.
 * The consumer keeps the original's offset reset (unset, so Kafka's {@code latest}): the test
 * produces only once the driver has logged {@code RB-READY}, i.e. its start offsets are fixed.
 */
class SparkNoFaultITCase {
  static final long N = 20_000;
  private static SparkLab lab;

  @BeforeAll
  static void startLab() {
    lab = new SparkLab("sp-nofault");
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "as-written,append",
    "as-written,upsert",
    "recoverable,append",
    "recoverable,upsert",
    "transactional,"
  })
  void everyIdExactlyOnce(String variant, String sinkMode) {
    String runId = "nofault-" + variant + (sinkMode == null ? "" : "-" + sinkMode);
    String topic = "t-" + runId;
    lab.createTopic(topic);
    SparkDriver d = lab.driver(variant, runId, topic).incarnation(1);
    if (sinkMode != null) {
      d.sinkMode(sinkMode);
    }
    long t0 = System.currentTimeMillis();
    ManagedProcess driver = lab.start(d);
    SparkDriver.awaitReady(driver, SparkLab.READY_TIMEOUT);
    long ready = System.currentTimeMillis() - t0;
    lab.produce(topic, 0, N, 0);
    lab.awaitDistinct(driver, runId, variant, N);
    SinkLedger.Counts c = lab.counts(runId, variant, N);
    LabClients.S3Footprint fp = lab.s3Footprint("spark/" + runId);
    driver.kill9();
    SparkLab.report(
        runId
            + ": "
            + c
            + " driver ready after "
            + ready
            + " ms; checkpoint "
            + fp.objects()
            + " objects, "
            + fp.bytes()
            + " bytes");
    assertThat(c.distinct()).isEqualTo(N);
    assertThat(c.rows()).isEqualTo(N);
    assertThat(c.duplicatedIds()).isZero();
    assertThat(c.lost()).isZero();
    assertThat(fp.objects()).as("checkpoint objects on S3").isPositive();
  }
}
