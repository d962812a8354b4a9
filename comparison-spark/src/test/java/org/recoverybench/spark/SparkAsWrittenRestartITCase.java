package org.recoverybench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.SinkLedger;
import org.recoverybench.lab.spark.SparkDriver;
import org.recoverybench.process.LogFiles;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;

/**
 * What the {@code as-written} app (a new context on every start, {@code ssc.checkpoint} only, the
 * original's Kafka params) really does across a restart. Each test makes the timing that matters a
 * condition it waits for, so the numbers it asserts are exact.
 */
class SparkAsWrittenRestartITCase {
  static final String VARIANT = "as-written";
  private static SparkLab lab;

  @BeforeAll
  static void startLab() {
    lab = new SparkLab("sp-aswr");
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  private static Map<Integer, Long> perPartition(long value) {
    Map<Integer, Long> m = new TreeMap<>();
    for (int p = 0; p < SparkLab.PARTITIONS; p++) {
      m.put(p, value);
    }
    return m;
  }

  /**
   * Claims 1 and 2. Ids 0..4999 exist before the first start; the app then reads 5000..9999, is
   * killed once Kafka holds its committed offsets, and 10000..19999 are produced while it is down.
   */
  @Test
  void restartResumesFromKafkaCommittedOffsetsNotFromTheCheckpoint() {
    String runId = "aswr-restart";
    String topic = "t-" + runId;
    String group = "g-" + runId;
    lab.createTopic(topic);
    lab.produce(topic, 0, 5_000, 0);
    SparkDriver d = lab.driver(VARIANT, runId, topic);

    ManagedProcess first = lab.start(d.incarnation(1));
    SparkDriver.awaitReady(first, SparkLab.READY_TIMEOUT);
    lab.produce(topic, 5_000, 10_000, 0);
    lab.awaitDistinct(first, runId, VARIANT, 5_000);
    // the driver's own consumer keeps enable.auto.commit=true: wait until its commit is in Kafka
    boolean committed =
        Poll.until(
            Duration.ofMinutes(1),
            Duration.ofMillis(200),
            () -> lab.committed(group).equals(perPartition(2_500)));
    assertThat(committed).as("committed offsets %s", lab.committed(group)).isTrue();
    long killedAt = System.currentTimeMillis();
    first.kill9();
    Map<Integer, Long> committedAtKill = lab.committed(group);

    lab.produce(topic, 10_000, 20_000, 0);
    ManagedProcess second = lab.start(d.incarnation(2));
    SparkDriver.awaitReady(second, SparkLab.READY_TIMEOUT);
    lab.awaitDistinct(second, runId, VARIANT, 15_000);
    SinkLedger.Counts c = lab.counts(runId, VARIANT, 20_000);
    Map<Integer, Long> resumed = lab.resumedFrom(runId, 2);
    long restartToFirstWrite = lab.firstWriteAfter(runId, 2, killedAt);
    LabClients.S3Footprint fp = lab.s3Footprint("spark/" + runId);
    second.kill9();

    SparkLab.report(
        runId
            + ": "
            + c
            + "; rows by incarnation "
            + lab.rowsByIncarnation(runId)
            + "; committed at kill "
            + committedAtKill
            + "; incarnation 2 resumed from "
            + resumed
            + "; kill to first write of incarnation 2: "
            + restartToFirstWrite
            + " ms; checkpoint "
            + fp);
    // claim 2: no checkpoint in play and no committed offsets: latest, so 0..4999 are skipped
    assertThat(lab.query("SELECT 0, min(event_id) FROM sink_writes WHERE run_id = ?", runId))
        .isEqualTo(Map.of(0, 5_000L));
    assertThat(c.lost()).isEqualTo(5_000);
    // claim 1: the restart resumed where the group's committed offsets were, not from a checkpoint
    assertThat(resumed).isEqualTo(committedAtKill).isEqualTo(perPartition(2_500));
    assertThat(LogFiles.contains(second.logFile(), "RB-CONTEXT created a new StreamingContext"))
        .isTrue();
    assertThat(c.duplicatedIds()).isZero();
    assertThat(c.rows()).isEqualTo(15_000);
    assertThat(fp.objects()).as("checkpoint files were written, and never read").isPositive();
  }

  /**
   * Claim 3 for the as-written app. The input is throttled to 250 ids/s per partition (5,000 ids a
   * batch), so 20,000 ids make a backlog of four batches. The driver's consumer has already been
   * moved to the end of the log (it asks for the latest offsets each batch) and auto-commits that
   * position: once the commit is in Kafka the app is killed, and the restart starts at the end.
   */
  @Test
  void killWithBacklogLosesWhatTheDriverCommittedButNeverWrote() {
    String runId = "aswr-backlog";
    String topic = "t-" + runId;
    String group = "g-" + runId;
    long n = 20_000;
    lab.createTopic(topic);
    SparkDriver d = lab.driver(VARIANT, runId, topic).option("max-rate-per-partition", 250);

    ManagedProcess first = lab.start(d.incarnation(1));
    SparkDriver.awaitReady(first, SparkLab.READY_TIMEOUT);
    lab.produce(topic, 0, n, 0);
    Map<Integer, Long> ends = lab.endOffsets(topic);
    // the first batch (5,000 ids) is written, and the commit of the end of the log is in Kafka
    lab.awaitRows(first, runId, VARIANT, 5_000);
    boolean committedToEnd =
        Poll.until(
            Duration.ofMinutes(1),
            Duration.ofMillis(100),
            () -> lab.committed(group).equals(ends) || !first.isAlive());
    assertThat(committedToEnd).as("committed %s", lab.committed(group)).isTrue();
    long killedAt = System.currentTimeMillis();
    first.kill9();
    SinkLedger.Counts atKill = lab.counts(runId, VARIANT, n);
    Map<Integer, Long> writtenAtKill = lab.writtenEnds(runId);

    ManagedProcess second = lab.start(d.incarnation(2));
    SparkDriver.awaitReady(second, SparkLab.READY_TIMEOUT);
    // two batches of the restarted app complete (each batch saves its checkpoint twice: when it
    // is generated and when its job is done): whatever it was going to read, it has read
    boolean caughtUp =
        Poll.until(
            Duration.ofMinutes(1),
            Duration.ofMillis(200),
            () ->
                SparkLab.countLines(second.logFile(), "CheckpointWriter: Checkpoint for time")
                    >= 4);
    SinkLedger.Counts c = lab.counts(runId, VARIANT, n);
    LabClients.S3Footprint fp = lab.s3Footprint("spark/" + runId);
    second.kill9();

    SparkLab.report(
        runId
            + ": "
            + c
            + "; at kill "
            + atKill
            + "; written ends at kill "
            + writtenAtKill
            + "; committed = log end "
            + ends
            + "; rows by incarnation "
            + lab.rowsByIncarnation(runId)
            + "; killed after "
            + (killedAt - first.startedAt().toEpochMilli())
            + " ms; checkpoint "
            + fp);
    assertThat(caughtUp).isTrue();
    assertThat(atKill.rows()).as("a backlog was left at the kill").isLessThan(n);
    assertThat(atKill.rows()).isGreaterThanOrEqualTo(5_000);
    // the restart wrote nothing: it started at the committed offsets, the end of the log
    assertThat(lab.rowsByIncarnation(runId)).doesNotContainKey(2);
    assertThat(c.rows()).isEqualTo(atKill.rows());
    assertThat(c.lost()).isEqualTo(n - atKill.distinct());
    assertThat(c.duplicatedIds()).isZero();
    // what is lost is exactly the committed-but-unwritten span of each partition
    long span = 0;
    for (var e : ends.entrySet()) {
      span += e.getValue() - writtenAtKill.getOrDefault(e.getKey(), 0L);
    }
    assertThat(c.lost()).isEqualTo(span);
  }
}
