package org.recoverybench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.SinkLedger;
import org.recoverybench.lab.spark.SparkDriver;
import org.recoverybench.process.ManagedProcess;

/**
 * A {@code kill -9} of the driver mid-run, then a restart with the same options (incarnation 2):
 * {@code recoverable} ({@code getOrCreate}) loses nothing and replays, {@code transactional} loses
 * nothing and duplicates nothing.
 */
class SparkDriverKillITCase {
  static final long N = 20_000;
  static final int RATE = 1_000; // ids per second: 20 s of input, four 5 s batches
  private static SparkLab lab;

  @BeforeAll
  static void startLab() {
    lab = new SparkLab("sp-kill");
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @ParameterizedTest
  @CsvSource({"recoverable,append", "recoverable,upsert", "transactional,"})
  void driverKill9MidRun(String variant, String sinkMode) throws Exception {
    String runId = "kill-" + variant + (sinkMode == null ? "" : "-" + sinkMode);
    String topic = "t-" + runId;
    lab.createTopic(topic);
    SparkDriver d = lab.driver(variant, runId, topic);
    if (sinkMode != null) {
      d.sinkMode(sinkMode);
    }
    ManagedProcess first = lab.start(d.incarnation(1));
    SparkDriver.awaitReady(first, SparkLab.READY_TIMEOUT);
    CompletableFuture<Void> producing =
        CompletableFuture.runAsync(() -> lab.produce(topic, 0, N, RATE));

    lab.awaitRows(first, runId, variant, 5_000);
    long killedAt = System.currentTimeMillis();
    first.kill9();
    SinkLedger.Counts atKill = lab.counts(runId, variant, N);
    Map<Integer, Long> writtenAtKill = lab.writtenEnds(runId);
    Map<Integer, Long> committedAtKill = lab.committed("g-" + runId);
    Map<Integer, Long> storedAtKill =
        lab.query(
            "SELECT kafka_partition, next_offset FROM stream_offsets WHERE run_id = ?", runId);
    LabClients.S3Footprint fpAtKill = lab.s3Footprint("spark/" + runId);

    ManagedProcess second = lab.start(d.incarnation(2));
    SparkDriver.awaitReady(second, SparkLab.READY_TIMEOUT);
    producing.get();
    lab.awaitDistinct(second, runId, variant, N);
    SinkLedger.Counts c = lab.counts(runId, variant, N);
    long restartToFirstWrite = lab.firstWriteAfter(runId, 2, killedAt);
    Map<Integer, Long> resumed = lab.resumedFrom(runId, 2);
    LabClients.S3Footprint fp = lab.s3Footprint("spark/" + runId);
    second.kill9();

    SparkLab.report(
        runId
            + ": "
            + c
            + "; at kill "
            + atKill
            + "; rows by incarnation "
            + lab.rowsByIncarnation(runId)
            + "; written ends at kill "
            + writtenAtKill
            + "; committed to Kafka at kill "
            + committedAtKill
            + "; stored in DB at kill "
            + storedAtKill
            + "; incarnation 2 resumed from "
            + resumed
            + "; kill to first write of incarnation 2: "
            + restartToFirstWrite
            + " ms; checkpoint at kill "
            + fpAtKill
            + ", at end "
            + fp);
    assertThat(c.lost()).as("lost ids").isZero();
    assertThat(c.distinct()).isEqualTo(N);
    if (variant.equals("transactional")) {
      assertThat(c.duplicatedIds()).as("duplicated ids").isZero();
      assertThat(c.rows()).isEqualTo(N);
      // it resumed exactly where its last committed transaction ended
      assertThat(resumed).isEqualTo(storedAtKill);
      assertThat(
              lab.query(
                  "SELECT kafka_partition, next_offset FROM stream_offsets WHERE run_id = ?",
                  runId))
          .isEqualTo(lab.endOffsets(topic));
    } else {
      // getOrCreate re-runs the batches of the checkpoint: replays, never gaps
      assertThat(c.rows()).isEqualTo(N + c.extraWrites());
      for (var e : resumed.entrySet()) {
        assertThat(e.getValue())
            .as("partition %d resumed at or before what was written", e.getKey())
            .isLessThanOrEqualTo(writtenAtKill.getOrDefault(e.getKey(), 0L));
      }
    }
    assertThat(Duration.ofMillis(restartToFirstWrite)).isPositive();
  }
}
