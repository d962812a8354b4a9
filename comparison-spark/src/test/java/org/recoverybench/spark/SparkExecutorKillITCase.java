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
    lab.awaitRows(driver, runId, VARIANT, 5_000);
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
  }
}
