package org.recoverybench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.SinkLedger;
import org.recoverybench.lab.spark.SparkDriver;
import org.recoverybench.process.LogFiles;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Claim 5 for the {@code recoverable} variant: after a {@code kill -9}, the latest checkpoint is
 * corrupted, or every checkpoint is deleted, and the driver is restarted. 10,000 ids are written
 * before the kill (which waits until the driver's consumer has auto-committed its position to
 * Kafka) and 10,000 more are produced while the driver is down.
 */
class SparkCheckpointDamageITCase {
  static final String VARIANT = "recoverable";
  private static SparkLab lab;

  @BeforeAll
  static void startLab() {
    lab = new SparkLab("sp-ckpt");
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  private record Setup(String runId, String topic, SparkDriver driver, long killedAt) {}

  /** Runs incarnation 1 over ids 0..9999, kills it, and produces 10000..19999. */
  private static Setup runAndKill(String runId) {
    String topic = "t-" + runId;
    lab.createTopic(topic);
    SparkDriver d = lab.driver(VARIANT, runId, topic);
    ManagedProcess first = lab.start(d.incarnation(1));
    SparkDriver.awaitReady(first, SparkLab.READY_TIMEOUT);
    lab.produce(topic, 0, 10_000, 0);
    lab.awaitDistinct(first, runId, VARIANT, 10_000);
    // the driver's consumer auto-commits its position: wait until Kafka holds it (2,500 a
    // partition)
    Map<Integer, Long> end = lab.endOffsets(topic);
    assertThat(
            Poll.until(
                Duration.ofMinutes(1),
                Duration.ofMillis(200),
                () -> lab.committed("g-" + runId).equals(end)))
        .as("committed %s", lab.committed("g-" + runId))
        .isTrue();
    long killedAt = System.currentTimeMillis();
    first.kill9();
    lab.produce(topic, 10_000, 20_000, 0);
    return new Setup(runId, topic, d, killedAt);
  }

  private static List<S3Object> checkpointFiles(S3Client s3, String runId) {
    return s3
        .listObjectsV2(
            ListObjectsV2Request.builder()
                .bucket(lab.endpoints().s3Bucket())
                .prefix("spark/" + runId + "/checkpoint-")
                .build())
        .contents()
        .stream()
        .sorted(Comparator.comparing(S3Object::key))
        .toList();
  }

  private static String report(Setup s, ManagedProcess second, String what) {
    SinkLedger.Counts c = lab.counts(s.runId, VARIANT, 20_000);
    String line =
        s.runId
            + " ("
            + what
            + "): "
            + c
            + "; rows by incarnation "
            + lab.rowsByIncarnation(s.runId)
            + "; incarnation 2 resumed from "
            + lab.resumedFrom(s.runId, 2)
            + "; committed "
            + lab.committed("g-" + s.runId)
            + "; kill to first write of incarnation 2: "
            + lab.firstWriteAfter(s.runId, 2, s.killedAt)
            + " ms";
    SparkLab.report(line);
    return line;
  }

  @Test
  void corruptLatestCheckpointFallsBackToAnOlderOne() {
    Setup s = runAndKill("ckpt-corrupt");
    String newest;
    try (S3Client s3 = LabClients.s3(lab.endpoints())) {
      List<S3Object> files = checkpointFiles(s3, s.runId);
      SparkLab.report(
          s.runId + ": checkpoint files at kill " + files.stream().map(S3Object::key).toList());
      newest =
          files.stream()
              .map(S3Object::key)
              .filter(k -> !k.endsWith(".bk"))
              .reduce((a, b) -> b)
              .orElseThrow();
      s3.putObject(
          PutObjectRequest.builder().bucket(lab.endpoints().s3Bucket()).key(newest).build(),
          RequestBody.fromString("not a checkpoint"));
    }
    ManagedProcess second = lab.start(s.driver.incarnation(2));
    SparkDriver.awaitReady(second, SparkLab.READY_TIMEOUT);
    lab.awaitDistinct(second, s.runId, VARIANT, 20_000);
    report(s, second, "corrupted " + newest);
    second.kill9();
    assertThat(LogFiles.contains(second.logFile(), "Error reading checkpoint from file")).isTrue();
    assertThat(LogFiles.contains(second.logFile(), "RB-CONTEXT created a new StreamingContext"))
        .as("recovered from an older checkpoint, no new context")
        .isFalse();
    assertThat(lab.counts(s.runId, VARIANT, 20_000).lost()).isZero();
  }

  @Test
  void deletedCheckpointsStartANewContextAtTheCommittedOffsets() {
    Setup s = runAndKill("ckpt-deleted");
    Map<Integer, Long> committedAtKill = lab.committed("g-" + s.runId);
    try (S3Client s3 = LabClients.s3(lab.endpoints())) {
      List<ObjectIdentifier> ids =
          checkpointFiles(s3, s.runId).stream()
              .map(o -> ObjectIdentifier.builder().key(o.key()).build())
              .toList();
      s3.deleteObjects(
          DeleteObjectsRequest.builder()
              .bucket(lab.endpoints().s3Bucket())
              .delete(Delete.builder().objects(ids).build())
              .build());
      assertThat(checkpointFiles(s3, s.runId)).isEmpty();
    }
    ManagedProcess second = lab.start(s.driver.incarnation(2));
    SparkDriver.awaitReady(second, SparkLab.READY_TIMEOUT);
    lab.awaitDistinct(second, s.runId, VARIANT, 20_000);
    report(s, second, "deleted every checkpoint file; committed at kill " + committedAtKill);
    second.kill9();
    assertThat(LogFiles.contains(second.logFile(), "RB-CONTEXT created a new StreamingContext"))
        .isTrue();
    // a fresh context does not start over: it starts at the group's committed offsets
    assertThat(lab.resumedFrom(s.runId, 2)).isEqualTo(committedAtKill);
    assertThat(lab.counts(s.runId, VARIANT, 20_000).lost()).isZero();
  }
}
