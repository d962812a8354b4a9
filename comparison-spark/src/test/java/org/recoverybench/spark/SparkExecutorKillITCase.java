package org.recoverybench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.SinkLedger;
import org.recoverybench.lab.spark.SparkDriver;
import org.recoverybench.lab.spark.SparkStandalone;
import org.recoverybench.process.LogFiles;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;

/**
 * The as-written app on a standalone Master and Worker: a {@code kill -9} of the executor (a child
 * JVM of the Worker) mid-run. Spark retries the failed tasks on a new executor: nothing is lost;
 * the replays of the plain INSERT are counted.
 */
class SparkExecutorKillITCase {
  static final long N = 20_000;
  static final String VARIANT = "as-written";
  private static SparkLab lab;
  private static SparkStandalone cluster;

  @BeforeAll
  static void start() {
    lab = new SparkLab("sp-exec");
    cluster = SparkStandalone.start(lab.workDir.resolve("cluster"), 2, "1g", Duration.ofMinutes(1));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  private static long receivedSoFar(ManagedProcess driver) {
    try (var lines =
        java.nio.file.Files.lines(driver.logFile(), java.nio.charset.StandardCharsets.ISO_8859_1)) {
      return lines
          .filter(l -> l.startsWith("Received ") && l.endsWith(" records."))
          .mapToLong(l -> Long.parseLong(l.substring(9, l.length() - 9)))
          .sum();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  @Test
  void executorKill9MidRun() throws Exception {
    String runId = "exec-kill";
    String topic = "t-" + runId;
    lab.createTopic(topic);
    SparkDriver d = lab.driver(VARIANT, runId, topic).onCluster(cluster, 2, "512m").incarnation(1);
    ManagedProcess driver = lab.start(d);
    SparkDriver.awaitReady(driver, SparkLab.READY_TIMEOUT);
    assertThat(
            Poll.until(
                Duration.ofMinutes(1),
                Duration.ofMillis(200),
                () -> cluster.anyExecutor().isPresent()))
        .as("an executor runs")
        .isTrue();
    CompletableFuture<Void> producing =
        CompletableFuture.runAsync(() -> lab.produce(topic, 0, N, 1_000));
    // kill while a batch is being written: the driver has logged the batch's count (the sum of
    // the "Received N records." lines) and fewer rows than that are in the database
    boolean midBatch =
        Poll.until(
            SparkLab.WRITE_TIMEOUT,
            Duration.ofMillis(10),
            () -> {
              long received = receivedSoFar(driver);
              long rows = lab.counts(runId, VARIANT, 0).rows();
              return rows >= 5_000 && rows < received;
            });
    assertThat(midBatch).as("caught a batch mid-write").isTrue();
    ProcessHandle executor = cluster.anyExecutor().orElseThrow();
    long killedAt = System.currentTimeMillis();
    executor.destroyForcibly(); // SIGKILL to that PID only
    assertThat(executor.onExit().get().isAlive()).isFalse();
    SinkLedger.Counts atKill = lab.counts(runId, VARIANT, N);
    assertThat(
            Poll.until(
                Duration.ofMinutes(1),
                Duration.ofMillis(200),
                () -> cluster.executors().stream().anyMatch(h -> h.pid() != executor.pid())))
        .as("the Worker started a new executor")
        .isTrue();
    long newExecutorAfter = System.currentTimeMillis() - killedAt;
    producing.get();
    lab.awaitDistinct(driver, runId, VARIANT, N);
    SinkLedger.Counts c = lab.counts(runId, VARIANT, N);
    SparkLab.report(
        runId
            + ": "
            + c
            + "; at kill "
            + atKill
            + "; executor pid "
            + executor.pid()
            + " killed, a new executor within "
            + newExecutorAfter
            + " ms; driver alive "
            + driver.isAlive());
    driver.kill9();
    assertThat(c.lost()).isZero();
    assertThat(c.distinct()).isEqualTo(N);
    assertThat(c.rows()).isEqualTo(N + c.extraWrites());
    assertThat(LogFiles.contains(driver.logFile(), "Lost executor")).isTrue();
  }
}
