package org.recoverybench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.result.RecoveryPhases;

/**
 * The phases of a Spark recovery from the driver's log: lines as a real driver wrote them (an
 * executor kill of the reference run, results/reference-parts/part3-worker-loss), and the app's
 * untimed lines as the harness sees them appear.
 */
class SparkRecoveryPhasesTest {
  private static final ZoneId UTC = ZoneOffset.UTC;

  private static long at(String localTime) {
    return LocalDateTime.parse(localTime).atZone(UTC).toInstant().toEpochMilli();
  }

  /** The driver's log around the kill of executor 0 (kill -9 at 11:22:22.619, local time). */
  private static final List<String> EXECUTOR_KILL =
      List.of(
          "2026-12-03T11:22:07.845 INFO StandaloneSchedulerBackend$StandaloneDriverEndpoint:"
              + " Registered executor NettyRpcEndpointRef(spark-client://Executor)"
              + " (127.0.0.1:46144) with ID 0, ResourceProfileId 0",
          "2026-12-03T11:22:07.902 INFO StreamingContext: StreamingContext started",
          "RB-READY variant=as-written incarnation=1"
              + " checkpoint=s3a://recoverybench/checkpoints/kill-executor-earliest-spark-as-written-t1-mx7gsw69/",
          "Received 974 records.",
          "RB-BATCH time=1796296930000 incarnation=1 first=true offsets=0:[0,325) 1:[0,325)"
              + " 2:[0,324)",
          "2026-12-03T11:22:22.646 INFO StandaloneSchedulerBackend: Executor"
              + " app-20261203112202-0000/0 removed: Command exited with code 137",
          "2026-12-03T11:22:22.654 INFO StandaloneSchedulerBackend: Granted executor ID"
              + " app-20261203112202-0000/1 on hostPort 127.0.0.1:45781 with 1 core(s), 1024.0 MiB"
              + " RAM",
          "2026-12-03T11:22:22.669 ERROR TaskSchedulerImpl: Lost executor 0 on 127.0.0.1: Command"
              + " exited with code 137",
          "Received 2441 records.",
          "RB-BATCH time=1796296945000 incarnation=1 offsets=0:[1948,2762) 1:[1948,2762)"
              + " 2:[1948,2761)",
          "2026-12-03T11:22:25.032 INFO CheckpointWriter: Submitted checkpoint of time"
              + " 1796296945000 ms to writer queue",
          "2026-12-03T11:22:26.836 INFO StandaloneSchedulerBackend$StandaloneDriverEndpoint:"
              + " Registered executor NettyRpcEndpointRef(spark-client://Executor)"
              + " (127.0.0.1:39598) with ID 1, ResourceProfileId 0",
          "2026-12-03T11:23:30.982 INFO StreamingContext: Invoking stop(stopGracefully=false) from"
              + " shutdown hook");

  @Test
  void log4jLinesCarryTheirTimeAndTheAppsOwnLinesNone() {
    assertThat(SparkDriverLogs.log4jTime(EXECUTOR_KILL.get(1), UTC))
        .hasValue(at("2026-12-03T11:22:07.902"));
    assertThat(SparkDriverLogs.log4jTime(EXECUTOR_KILL.get(2), UTC)).isEmpty(); // RB-READY
    assertThat(SparkDriverLogs.log4jTime(EXECUTOR_KILL.get(3), UTC)).isEmpty(); // Received …
    assertThat(SparkDriverLogs.log4jTime(EXECUTOR_KILL.get(4), UTC)).isEmpty(); // RB-BATCH
    assertThat(
            SparkDriverLogs.log4jTime(
                "\tat org.apache.spark.streaming.scheduler.JobScheduler.run(JobScheduler.scala:1)",
                UTC))
        .isEmpty();
    assertThat(SparkDriverLogs.log4jTime("", UTC)).isEmpty();
    assertThat(SparkDriverLogs.log4jTime("2026-12-03Tnot a time stamp at all", UTC)).isEmpty();
  }

  @Test
  void anExecutorKillIsDetectedAtTheFirstLossLineAndDeployedAtTheNextRegistration() {
    long killed = at("2026-12-03T11:22:22.619");
    RecoveryPhases p = SparkDriverLogs.executorPhases(EXECUTOR_KILL, killed - 5, UTC);
    assertThat(p.afterKill(killed))
        .containsExactly(
            java.util.Map.entry("detected", 27L), // "Executor …/0 removed", before "Lost executor"
            java.util.Map.entry("deployed", 4_217L)); // executor 1 registered
    assertThat(p.restoredCheckpointId()).isNull();
    // the registration of the first executor, before the kill, is not the new one
    RecoveryPhases none =
        SparkDriverLogs.executorPhases(EXECUTOR_KILL.subList(0, 5), killed - 5, UTC);
    assertThat(none.at()).containsOnlyKeys("detected", "deployed");
    assertThat(none.at().values()).containsOnlyNulls();
  }

  @Test
  void aLossSeenOnlyByTheTaskSchedulerStillCounts() {
    long killed = at("2026-12-03T11:22:22.619");
    RecoveryPhases p =
        SparkDriverLogs.executorPhases(
            List.of(EXECUTOR_KILL.get(7), EXECUTOR_KILL.get(11)), killed, UTC);
    assertThat(p.afterKill(killed))
        .containsEntry("detected", 50L)
        .containsEntry("deployed", 4_217L);
  }

  @Test
  void aDriverKillsPhasesAreTheNewDriversStartAndItsLinesAsSeen() {
    RecoveryPhases p =
        SparkDriverLogs.driverPhases(10_500L, OptionalLong.of(14_000), OptionalLong.empty());
    assertThat(p.afterKill(10_000))
        .containsExactly(
            java.util.Map.entry("restarted", 500L),
            java.util.Map.entry("running", 4_000L),
            new java.util.AbstractMap.SimpleEntry<>("first_batch", (Long) null));
  }

  @Test
  void theWatchSeesOnlyCompleteLinesAppendedAfterItsOffset(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("driver-2.log");
    // a line of the driver killed before (as in a log appended to at every launch)
    Files.writeString(log, "RB-READY variant=recoverable incarnation=1\n");
    LineWatch w =
        new LineWatch(
            log, LineWatch.sizeOf(log), List.of(SparkDriverLogs.READY, SparkDriverLogs.BATCH));
    w.poll(1_000);
    assertThat(w.seen(SparkDriverLogs.READY)).isEmpty();
    // the restored context runs its pending batch before it says its stream started
    append(log, "2026-12-03T09:33:21.167 INFO DirectKafkaInputDStream: Restored checkpoint data\n");
    append(log, "RB-BATCH time=1796290390000 incarnation=2 first=true offs");
    w.poll(2_000);
    assertThat(w.seen(SparkDriverLogs.BATCH)).as("half a line").isEmpty();
    append(log, "ets=0:[428,1239) 1:[428,1238) 2:[428,1238)\n");
    append(log, "2026-12-03T09:33:22.130 INFO StreamingContext: StreamingContext started\n");
    w.poll(3_000);
    append(
        log,
        "RB-READY variant=recoverable incarnation=2"
            + " checkpoint=s3a://recoverybench/checkpoints/x/\n"
            + "RB-BATCH time=1796290395000 incarnation=2 offsets=0:[1239,3217)\n");
    w.poll(4_000);
    assertThat(w.seen(SparkDriverLogs.BATCH)).hasValue(3_000);
    assertThat(w.seen(SparkDriverLogs.READY)).hasValue(4_000);
    w.close();
  }

  @Test
  void aWatchStartedOnALogNotYetWrittenWaitsForIt(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("stdout");
    LineWatch w = new LineWatch(log, LineWatch.sizeOf(log), List.of(SparkDriverLogs.READY));
    w.poll(1_000);
    append(log, "RB-READY variant=transactional incarnation=1\n");
    w.poll(2_000);
    assertThat(w.seen(SparkDriverLogs.READY)).hasValue(2_000);
  }

  private static void append(Path log, String text) throws Exception {
    Files.writeString(
        log,
        text,
        StandardCharsets.ISO_8859_1,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
