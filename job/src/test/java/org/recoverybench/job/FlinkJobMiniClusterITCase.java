package org.recoverybench.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.SinkLedger;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.lab.workload.EventProducer;
import org.recoverybench.process.Poll;

/**
 * The job on a Flink MiniCluster against the real lab: 20,000 ids into 3 partitions, the
 * exactly-once sink, and one TaskManager terminated mid-run and replaced.
 */
class FlinkJobMiniClusterITCase {
  private static final int IDS = 20_000;
  private static final int PARTITIONS = 3;

  private static EmbeddedLab lab;
  private static Endpoints e;

  @BeforeAll
  static void startLab() {
    lab = new EmbeddedLab(LabConfig.at(WorkDirs.freshForTest("flink-minicluster")));
    lab.start();
    e = lab.endpoints();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  static Configuration s3Configuration(Endpoints e) {
    Configuration c = new Configuration();
    c.setString("s3.endpoint", e.s3Endpoint());
    c.setString("s3.path.style.access", "true");
    c.setString("s3.access-key", e.s3AccessKey());
    c.setString("s3.secret-key", e.s3SecretKey());
    return c;
  }

  @Test
  void exactlyOnceSurvivesATaskManagerLoss() throws Exception {
    runThroughATaskManagerLoss();
  }

  /**
   * The stateful pipeline ({@code --keys 1000 --state-bytes 64}, RocksDB incremental) with the
   * exactly-once sink through the same TaskManager loss: every key's count and sum in {@code
   * sink_state}, committed with the rows, is what the produced ids make it (20 ids a key).
   */
  @Test
  void exactlyOnceKeyedStateIsRightAfterATaskManagerLoss() throws Exception {
    int keys = 1_000;
    String runId =
        runThroughATaskManagerLoss("--keys", Integer.toString(keys), "--state-bytes", "64");
    long wrong = 0;
    int seen = 0;
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(e.jdbcUrl(), e.jdbcUser(), e.jdbcPassword());
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "SELECT state_key, record_count, value_sum FROM sink_state WHERE run_id = ?"
                    + " ORDER BY state_key")) {
      ps.setString(1, runId);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          seen++;
          long k = rs.getLong(1);
          long n = IDS / keys; // ids k, k + keys, ..., all below IDS
          long sum = n * k + (long) keys * (n * (n - 1) / 2);
          if (rs.getLong(2) != n || rs.getLong(3) != sum) {
            wrong++;
          }
        }
      }
    }
    System.out.printf("MINICLUSTER keyed state: keys with state=%d, wrong=%d%n", seen, wrong);
    assertThat(seen).as("keys with a state row").isEqualTo(keys);
    assertThat(wrong).as("keys whose count or sum is wrong").isZero();
  }

  /** Runs the job with the exactly-once sink through a TaskManager loss; returns the run id. */
  private String runThroughATaskManagerLoss(String... extraArgs) throws Exception {
    String runId = "mini-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = "events-" + runId;
    String prefix = "flink/" + runId;
    EventProducer.createTopic(e.kafkaBootstrap(), topic, PARTITIONS);

    Configuration conf = s3Configuration(e);
    // a MiniCluster ignores s3.* keys given to the job: the file systems must know them first
    FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.PORT, 0);
    conf.set(TaskManagerOptions.HOST, "127.0.0.1");
    conf.setString("heartbeat.interval", "1000");
    conf.setString("heartbeat.timeout", "5000");

    MiniCluster mini =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(2)
                .setNumSlotsPerTaskManager(1)
                .build());
    mini.start();
    try {
      TestStreamEnvironment.setAsContext(mini, 2);
      java.util.List<String> args =
          new java.util.ArrayList<>(
              java.util.List.of(
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
                  ItSupport.passwordFile(e, "mini-" + runId),
                  "--run-id",
                  runId,
                  "--sink-mode",
                  "exactly-once",
                  "--checkpoint-dir",
                  "s3://" + e.s3Bucket() + "/" + prefix,
                  "--checkpoint-interval",
                  "2s",
                  "--parallelism",
                  "2"));
      args.addAll(java.util.List.of(extraArgs));
      JobOptions o = JobOptions.parse(args.toArray(String[]::new));
      Preflight.check(o);
      CompletableFuture<Void> producing =
          ItSupport.produceInBackground(e, topic, PARTITIONS, IDS, 1_000);
      JobClient job =
          new RecoveryBenchJob(
                  o, RecoveryBenchJob.kafkaSource(o), JdbcSinks.rows(o), JdbcSinks.deadLetters(o))
              .executeAsync();
      JobID id = job.getJobID();

      // mid-run: after the first completed checkpoint and some committed writes
      assertThat(
              Poll.until(
                  Duration.ofSeconds(120),
                  Duration.ofMillis(200),
                  () -> completedCheckpoints(mini, id) >= 1 && ItSupport.rows(e, runId) > 0))
          .as("a checkpoint completed and rows were committed")
          .isTrue();
      long rowsBeforeKill = SinkLedger.rows(e, runId);
      Instant killedAt = Instant.now();
      mini.terminateTaskManager(0).get(60, TimeUnit.SECONDS);
      mini.startTaskManager();

      producing.get(120, TimeUnit.SECONDS);
      ItSupport.awaitAllWritten(e, runId, IDS, Duration.ofSeconds(180));
      // two more checkpoints: a late duplicate commit would show up by then
      long cps = completedCheckpoints(mini, id);
      assertThat(
              Poll.until(
                  Duration.ofSeconds(60),
                  Duration.ofMillis(200),
                  () -> completedCheckpoints(mini, id) >= cps + 2))
          .isTrue();

      SinkLedger.Counts c = ItSupport.counts(e, runId, IDS);
      var firstNew = ItSupport.firstWriteAbove(e, runId, 0);
      ItSupport.Footprint fp = ItSupport.footprint(e, prefix + "/");
      System.out.printf(
          "MINICLUSTER exactly-once: rows=%d distinct=%d duplicatedIds=%d extraWrites=%d lost=%d;"
              + " rows before kill=%d; kill->first write of new incarnation=%s ms;"
              + " checkpoints completed=%d; S3 objects=%d bytes=%d retained chk=%d;%s%n",
          c.rows(),
          c.distinct(),
          c.duplicatedIds(),
          c.extraWrites(),
          c.lost(),
          rowsBeforeKill,
          firstNew.map(t -> Long.toString(Duration.between(killedAt, t).toMillis())).orElse("n/a"),
          completedCheckpoints(mini, id),
          fp.objects(),
          fp.bytes(),
          fp.completedCheckpoints(),
          ItSupport.rowsPerIncarnation(e, runId));

      job.cancel().get(60, TimeUnit.SECONDS);
      assertThat(c.rows()).isEqualTo(IDS);
      assertThat(c.distinct()).isEqualTo(IDS);
      assertThat(c.duplicatedIds()).isZero();
      assertThat(c.lost()).isZero();
      assertThat(firstNew).as("a new incarnation wrote after the TaskManager loss").isPresent();
      assertThat(fp.objects()).isPositive();
      assertThat(fp.completedCheckpoints()).isPositive();
      assertThat(
              Poll.until(
                  Duration.ofSeconds(30),
                  Duration.ofMillis(200),
                  () -> jobStatus(job).isGloballyTerminalState()))
          .isTrue();
    } finally {
      TestStreamEnvironment.unsetAsContext();
      mini.close();
    }
    return runId;
  }

  static long completedCheckpoints(MiniCluster mini, JobID id) {
    try {
      var stats = mini.getExecutionGraph(id).get(10, TimeUnit.SECONDS).getCheckpointStatsSnapshot();
      return stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
    } catch (Exception ex) {
      return 0;
    }
  }

  static JobStatus jobStatus(JobClient job) {
    try {
      return job.getJobStatus().get(10, TimeUnit.SECONDS);
    } catch (Exception ex) {
      return JobStatus.RUNNING;
    }
  }
}
