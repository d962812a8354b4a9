package org.recoverybench.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.Dist;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.SinkLedger;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.lab.flink.FlinkCluster;
import org.recoverybench.lab.workload.EventProducer;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;
import org.recoverybench.process.Ports;

/**
 * The shaded job jar, submitted with {@code flink run} to a real local cluster (JobManager and
 * TaskManagers as their own JVMs), with real {@code kill -9}s.
 */
class FlinkClusterITCase {
  private static final int IDS = 20_000;
  private static final int PARTITIONS = 3;
  private static final int RATE = 800;
  private static final Duration SETTLE = Duration.ofSeconds(240);

  private static EmbeddedLab lab;
  private static Endpoints e;
  private static Path jar;
  private static Path work;

  /** The run's prepared transactions once its job was idle, before it was cancelled. */
  private List<String> leftPrepared = List.of();

  @BeforeAll
  static void startLab() {
    jar = Dist.home().resolve("job/target/recoverybench-flink-job.jar");
    assertThat(jar).as("the shaded job jar (mvn package -pl job)").exists();
    work = WorkDirs.freshForTest("flink-cluster");
    lab = new EmbeddedLab(LabConfig.at(work.resolve("lab")));
    lab.start();
    e = lab.endpoints();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  private static List<String> jobArgs(String runId, String topic, String mode, int incBase) {
    return List.of(
        "--bootstrap",
        e.kafkaBootstrap(),
        "--topic",
        topic,
        "--group-id",
        "g-" + runId,
        "--jdbc-url",
        e.jdbcUrl(),
        "--jdbc-user",
        e.jdbcUser(),
        "--jdbc-password-file",
        ItSupport.passwordFile(e, "flink-cluster-" + runId),
        "--run-id",
        runId,
        "--sink-mode",
        mode,
        "--incarnation-base",
        Integer.toString(incBase),
        "--checkpoint-dir",
        checkpointDir(runId),
        "--checkpoint-interval",
        "2s",
        "--parallelism",
        "2");
  }

  private static String checkpointDir(String runId) {
    return "s3://" + e.s3Bucket() + "/flink/" + runId;
  }

  private static FlinkCluster.Submission submit(
      FlinkCluster cluster, Optional<String> restore, List<String> args) {
    FlinkCluster.Submission s = cluster.submit(jar, restore, args, Duration.ofMinutes(3));
    assertThat(s.exitCode()).as("flink run exit code; output:%n%s", s.output()).isZero();
    assertThat(s.jobId()).as("job id in: %s", s.output()).isNotNull();
    return s;
  }

  private static void awaitCheckpoints(FlinkCluster cluster, String jobId, long n) {
    assertThat(
            Poll.until(
                Duration.ofSeconds(180),
                Duration.ofMillis(200),
                () -> cluster.rest().completedCheckpoints(jobId) >= n))
        .as("%d completed checkpoints of %s", n, jobId)
        .isTrue();
  }

  private static String report(
      String what, String runId, Instant killedAt, int incAbove, long checkpoints) {
    SinkLedger.Counts c = ItSupport.counts(e, runId, IDS);
    Optional<Instant> first = ItSupport.firstWriteAbove(e, runId, incAbove);
    ItSupport.Footprint fp = ItSupport.footprint(e, "flink/" + runId + "/");
    String line =
        String.format(
            "CLUSTER %s: produced=%d rows=%d distinct=%d duplicatedIds=%d extraWrites=%d lost=%d;"
                + " kill->first write of new incarnation=%s ms; completed checkpoints=%d;"
                + " S3 objects=%d bytes=%d retained chk=%d; prepared transactions left=%s;%s",
            what,
            IDS,
            c.rows(),
            c.distinct(),
            c.duplicatedIds(),
            c.extraWrites(),
            c.lost(),
            first.map(t -> Long.toString(Duration.between(killedAt, t).toMillis())).orElse("n/a"),
            checkpoints,
            fp.objects(),
            fp.bytes(),
            fp.completedCheckpoints(),
            ItSupport.preparedTransactions(e, runId),
            ItSupport.rowsPerIncarnation(e, runId));
    System.out.println(line);
    try {
      Files.writeString(
          work.resolve("results.txt"),
          line + System.lineSeparator(),
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException ex) {
      // the line is on stdout as well
    }
    return line;
  }

  /** Runs a TaskManager kill for a sink mode and returns the counts. */
  private SinkLedger.Counts killTaskManager(String mode) throws Exception {
    String runId = "tm-" + mode + "-" + UUID.randomUUID().toString().substring(0, 6);
    String topic = "events-" + runId;
    EventProducer.createTopic(e.kafkaBootstrap(), topic, PARTITIONS);
    try (FlinkCluster cluster = new FlinkCluster(work.resolve(runId), e)) {
      cluster.start(1, Duration.ofSeconds(90));
      String jobId = submit(cluster, Optional.empty(), jobArgs(runId, topic, mode, 0)).jobId();
      // produce while the job runs, so the kill lands mid-stream and not after a caught-up backlog
      CompletableFuture<Void> producing =
          ItSupport.produceInBackground(e, topic, PARTITIONS, IDS, RATE);
      awaitCheckpoints(cluster, jobId, 2);

      ManagedProcess victim = cluster.taskManagers().get(0);
      if (mode.equals("exactly-once")) {
        // kill while the sink's part of a checkpoint is prepared and the checkpoint is not yet
        // complete: the window in which a sink that commits early writes duplicates
        System.out.println(
            "CLUSTER killing the TaskManager while prepared: "
                + ItSupport.awaitPreparedTransaction(e, runId, Duration.ofSeconds(60)));
      }
      Instant killedAt = Instant.now();
      cluster.killTaskManager(victim); // kill -9 by PID
      cluster.startTaskManager();

      producing.get(120, TimeUnit.SECONDS);
      ItSupport.awaitAllWritten(e, runId, IDS, SETTLE);
      long cps = cluster.rest().completedCheckpoints(jobId);
      awaitCheckpoints(cluster, jobId, cps + 2);
      report(
          "kill -9 TaskManager, " + mode,
          runId,
          killedAt,
          0,
          cluster.rest().completedCheckpoints(jobId));
      SinkLedger.Counts c = ItSupport.counts(e, runId, IDS);
      leftPrepared = ItSupport.preparedTransactions(e, runId);
      cluster.rest().cancel(jobId);
      assertThat(ItSupport.firstWriteAbove(e, runId, 0))
          .as("rows written by the restarted tasks (incarnation 1)")
          .isPresent();
      return c;
    }
  }

  @Test
  void exactlyOnceLosesAndDuplicatesNothingWhenATaskManagerIsKilled() throws Exception {
    SinkLedger.Counts c = killTaskManager("exactly-once");
    assertThat(leftPrepared).as("prepared transactions left once the job is idle").isEmpty();
    assertThat(c.lost()).isZero();
    assertThat(c.duplicatedIds()).isZero();
    assertThat(c.rows()).isEqualTo(IDS);
    assertThat(c.distinct()).isEqualTo(IDS);
  }

  @Test
  void appendLosesNothingAndCountsItsDuplicatesWhenATaskManagerIsKilled() throws Exception {
    SinkLedger.Counts c = killTaskManager("append");
    assertThat(c.lost()).isZero();
    assertThat(c.distinct()).isEqualTo(IDS);
    assertThat(c.rows()).isEqualTo(IDS + c.extraWrites());
  }

  @Test
  void exactlyOnceResumesFromTheLatestRetainedCheckpointAfterAJobManagerKill() throws Exception {
    String runId = "jm-" + UUID.randomUUID().toString().substring(0, 6);
    String topic = "events-" + runId;
    EventProducer.createTopic(e.kafkaBootstrap(), topic, PARTITIONS);
    try (FlinkCluster cluster = new FlinkCluster(work.resolve(runId), e)) {
      cluster.start(1, Duration.ofSeconds(90));
      String jobId =
          submit(cluster, Optional.empty(), jobArgs(runId, topic, "exactly-once", 0)).jobId();
      CompletableFuture<Void> producing =
          ItSupport.produceInBackground(e, topic, PARTITIONS, IDS, RATE);
      awaitCheckpoints(cluster, jobId, 2);

      System.out.println(
          "CLUSTER killing the JobManager while prepared: "
              + ItSupport.awaitPreparedTransaction(e, runId, Duration.ofSeconds(60)));
      Instant killedAt = Instant.now();
      cluster.killJobManager(); // kill -9 by PID
      cluster.startJobManager();
      cluster.awaitTaskManagers(1, Duration.ofSeconds(120));
      Optional<String> latest = cluster.latestRetainedCheckpoint(checkpointDir(runId));
      assertThat(latest).as("a retained checkpoint under %s", checkpointDir(runId)).isPresent();
      System.out.println("CLUSTER resubmitting from " + latest.get());
      String jobId2 = submit(cluster, latest, jobArgs(runId, topic, "exactly-once", 100)).jobId();

      producing.get(120, TimeUnit.SECONDS);
      ItSupport.awaitAllWritten(e, runId, IDS, SETTLE);
      long cps = cluster.rest().completedCheckpoints(jobId2);
      awaitCheckpoints(cluster, jobId2, cps + 2);
      report(
          "kill -9 JobManager, resubmit -s " + latest.get().replaceAll(".*/", ""),
          runId,
          killedAt,
          99,
          cluster.rest().completedCheckpoints(jobId2));
      SinkLedger.Counts c = ItSupport.counts(e, runId, IDS);
      List<String> left = ItSupport.preparedTransactions(e, runId);
      cluster.rest().cancel(jobId2);
      assertThat(left).as("prepared transactions left once the job is idle").isEmpty();
      assertThat(c.lost()).isZero();
      assertThat(c.duplicatedIds()).isZero();
      assertThat(c.rows()).isEqualTo(IDS);
      assertThat(c.distinct()).isEqualTo(IDS);
    }
  }

  @Test
  void flinkRunWithAnUnreachableBrokerFailsWithOneLineNamingIt() {
    String runId = "bad-" + UUID.randomUUID().toString().substring(0, 6);
    int deadPort = Ports.free();
    try (FlinkCluster cluster = new FlinkCluster(work.resolve(runId), e)) {
      cluster.startJobManager();
      List<String> args = new ArrayList<>(jobArgs(runId, "t", "exactly-once", 0));
      args.set(args.indexOf("--bootstrap") + 1, "127.0.0.1:" + deadPort);
      FlinkCluster.Submission s =
          cluster.submit(jar, Optional.empty(), args, Duration.ofMinutes(2));
      System.out.println("CLUSTER bad broker: exit=" + s.exitCode() + " output=" + s.output());
      assertThat(s.exitCode()).isNotZero();
      assertThat(s.output())
          .contains("recoverybench-flink-job: error: cannot reach Kafka at 127.0.0.1:" + deadPort);
      assertThat(s.jobId()).isNull();
    }
  }
}
