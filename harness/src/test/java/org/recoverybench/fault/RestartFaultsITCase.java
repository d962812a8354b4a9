package org.recoverybench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.recoverybench.engine.RestartOutcome;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.process.JavaCommand;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;

/**
 * The restart faults (damaged checkpoints, upgrade, rescale) run by {@code recoverybench run}, as a
 * user runs it, against a lab this test owns, so that it can check result.json against its own SQL.
 * Small workloads: 3,000 ids over 3 partitions, 2 s checkpoints and batches. Each trial restarts
 * its engine, so the class is long. One damaged-checkpoint case (the newest checkpoint deleted) and
 * one upgrade case (from a savepoint, an operator added) run in every {@code mvn verify}; the
 * others carry the tag {@code fault-catalogue} and run with {@code mvn verify -Pfault-catalogue}.
 */
class RestartFaultsITCase {
  private static final long RECORDS = 3_000;
  private static EmbeddedLab lab;

  @BeforeAll
  static void startLab() {
    lab = new EmbeddedLab(LabConfig.at(WorkDirs.freshForTest("restart-faults-lab")));
    lab.start();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  /** Runs one test scenario through the CLI; returns its results, one per target. */
  private static List<TrialResult> run(String name) throws Exception {
    URL u = RestartFaultsITCase.class.getResource("/scenarios/" + name + ".yaml");
    Path dir = WorkDirs.freshForTest("restart-faults-" + name);
    Path out = dir.resolve("results");
    List<String> cmd =
        JavaCommand.main("org.recoverybench.cli.Main")
            .jvm("-Drecoverybench.home=" + org.recoverybench.lab.Dist.home())
            .classpath(org.recoverybench.lab.Dist.home().resolve("harness/target/lib") + "/*")
            .classpath(
                org.recoverybench.lab.Dist.home()
                    .resolve("harness/target/recoverybench-harness.jar")
                    .toString())
            .args(
                "run",
                "--scenario",
                Path.of(u.toURI()).toString(),
                "--lab",
                "external",
                "--out",
                out.toString(),
                "--work-dir",
                dir.resolve("work").toString())
            .build();
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(lab.endpoints().asMap());
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("cli.out").toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    boolean ended =
        p.waitFor(Duration.ofMinutes(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    String text = java.nio.file.Files.readString(dir.resolve("cli.out"));
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended).as("the CLI ended within 20 minutes:\n" + text).isTrue();
    assertThat(p.exitValue()).as(text).isZero();
    List<TrialResult> results = new ArrayList<>();
    for (Path f : ResultFiles.find(out)) {
      TrialResult r = ResultFiles.read(f);
      results.add(r);
      System.out.printf(
          "RB-REPORT %s %s/%s: produced %d, rows %d, distinct %d, lost %d, dup %d (%d extra),"
              + " first write %s ms, lag back %s ms; %s from %s; error %s; change %s; engine %s%n",
          r.scenario(),
          r.engine(),
          r.variant(),
          r.produced(),
          r.rowsWritten(),
          r.distinctWritten(),
          r.lost(),
          r.duplicatedIds(),
          r.extraWrites(),
          r.recoveryFirstWriteMs(),
          r.recoveryLagBaselineMs(),
          r.faults().get(0).behaviour(),
          r.faults().get(0).restoredFrom(),
          r.faults().get(0).error(),
          r.faults().get(0).change(),
          r.settings().get("engine"));
    }
    return results;
  }

  private static TrialResult of(List<TrialResult> rs, String engine) {
    return rs.stream().filter(r -> r.engine().equals(engine)).findFirst().orElseThrow();
  }

  /** Flink's exactly-once promise: every id written once, and the counts of result.json agree. */
  private static void exactlyOnce(TrialResult r) throws Exception {
    assertThat(r.sinkMode()).isEqualTo("exactly-once");
    assertThat(r.produced()).isEqualTo(RECORDS);
    assertThat(r.rowsWritten()).as("rows").isEqualTo(RECORDS);
    assertThat(r.distinctWritten()).as("distinct").isEqualTo(RECORDS);
    assertThat(r.lost()).as("lost").isZero();
    assertThat(r.duplicatedIds()).as("duplicated ids").isZero();
    assertThat(sqlRows(r.runId())).isEqualTo(RECORDS);
  }

  private static long sqlRows(String runId) throws Exception {
    try (Connection c = LabClients.jdbc(lab.endpoints());
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM sink_writes WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The event ids written more than once, from SQL. */
  private static TreeSet<Long> duplicatedIds(String runId) throws Exception {
    return ids(
        runId,
        "SELECT event_id FROM sink_writes WHERE run_id = ? GROUP BY event_id HAVING count(*) > 1");
  }

  /** For each duplicated id, the incarnations that wrote it ("0,1"), distinct. */
  private static List<String> writersOfDuplicates(String runId) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = LabClients.jdbc(lab.endpoints());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT w FROM (SELECT event_id, string_agg(incarnation::text, ','"
                    + " ORDER BY incarnation) AS w FROM sink_writes WHERE run_id = ?"
                    + " GROUP BY event_id HAVING count(*) > 1) d")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static TreeSet<Long> ids(String runId, String sql) throws Exception {
    TreeSet<Long> out = new TreeSet<>();
    try (Connection c = LabClients.jdbc(lab.endpoints());
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }

  @Test
  @Tag("fault-catalogue") // CI time: Spark's damaged checkpoints stay in verify
  // (SparkCheckpointDamage)
  void deletedNewestCheckpoint() throws Exception {
    List<TrialResult> rs = run("it-checkpoint-deleted");
    assertThat(rs).hasSize(2);

    TrialResult flink = of(rs, "flink");
    TrialResult.FaultRecord f = flink.faults().get(0);
    assertThat(f.behaviour()).isEqualTo(RestartOutcome.RESTORED);
    String deleted = f.change().replaceFirst("^deleted (chk-\\d+):.*", "$1");
    long deletedN = Long.parseLong(deleted.substring(4));
    // Flink restores the newest checkpoint left: the one before the deleted one
    assertThat(f.restoredFrom()).endsWith("/chk-" + (deletedN - 1));
    // restored from the checkpoint before the deleted one, whose transaction was committed: the
    // ids of that transaction may be written again
    nothingLostAndOnlyTheNewJobWritesAgain(flink);

    TrialResult spark = of(rs, "spark");
    assertThat(spark.faults().get(0).behaviour()).isEqualTo(RestartOutcome.RESTORED);
    assertThat(spark.faults().get(0).change()).startsWith("deleted checkpoint-");
    assertThat(spark.lost()).isZero();
    assertThat(spark.distinctWritten()).isEqualTo(RECORDS);
    assertThat(spark.rowsWritten()).isEqualTo(sqlRows(spark.runId()));
  }

  @Test
  @Tag("fault-catalogue")
  void truncatedNewestCheckpointIsRefusedByFlink() throws Exception {
    TrialResult flink = of(run("it-checkpoint-truncated"), "flink");
    TrialResult.FaultRecord f = flink.faults().get(0);
    assertThat(f.behaviour()).isEqualTo(RestartOutcome.REFUSED_STARTED_EMPTY);
    assertThat(f.error()).isNotBlank();
    assertThat(f.change()).startsWith("truncated to half ");
    // started without state, the source begins at the offsets the newest checkpoint committed to
    // Kafka, and that checkpoint's transaction was committed: exactly once still
    exactlyOnce(flink);
  }

  @Test
  @Tag("fault-catalogue") // CI time: the upgrade runs in the reference matrix and with the profile
  void upgradeFromASavepointWithAnAddedOperator() throws Exception {
    List<TrialResult> rs = run("it-upgrade");
    TrialResult flink = of(rs, "flink");
    assertThat(flink.faults().get(0).behaviour()).isEqualTo(RestartOutcome.RESTORED);
    assertThat(flink.faults().get(0).restoredFrom()).contains("/savepoints/savepoint-");
    assertThat(engineSetting(flink, "upgrade_extra_operator_in_running_job")).isEqualTo(true);
    exactlyOnce(flink);

    TrialResult spark = of(rs, "spark");
    assertThat(spark.faults().get(0).behaviour()).isEqualTo(RestartOutcome.RESTORED);
    // getOrCreate recovers the checkpointed graph: the added operator never runs
    assertThat(engineSetting(spark, "upgrade_extra_operator_batches")).isEqualTo(0);
    assertThat(spark.lost()).isZero();
    assertThat(spark.distinctWritten()).isEqualTo(RECORDS);
  }

  @Test
  @Tag("fault-catalogue")
  void upgradeWithoutUids() throws Exception {
    TrialResult flink = of(run("it-upgrade-no-uids"), "flink");
    TrialResult.FaultRecord f = flink.faults().get(0);
    assertThat(f.behaviour()).isEqualTo(RestartOutcome.REFUSED_STARTED_EMPTY);
    assertThat(f.error()).contains("allowNonRestoredState");
    assertThat(engineSetting(flink, "upgrade_extra_operator_in_running_job")).isEqualTo(true);
    // started without state, the source begins at the offsets last committed to Kafka. The
    // savepoint's own commit is asynchronous, after its transaction was committed, and may not
    // land before the stopped job's tasks end (seen: 267 of 3,000 ids written again). So nothing is
    // lost, and each id written again is written once more, by the new job only.
    nothingLostAndOnlyTheNewJobWritesAgain(flink);
  }

  /**
   * Every id written; each id written twice is written exactly once more, by the restarted job
   * (incarnation 1) after the first (0), and the result's counts are the SQL's.
   */
  private static void nothingLostAndOnlyTheNewJobWritesAgain(TrialResult flink) throws Exception {
    assertThat(flink.lost()).isZero();
    assertThat(flink.distinctWritten()).isEqualTo(RECORDS);
    TreeSet<Long> dups = duplicatedIds(flink.runId());
    assertThat(flink.duplicatedIds()).isEqualTo(dups.size());
    assertThat(flink.extraWrites()).isEqualTo(dups.size());
    assertThat(flink.rowsWritten()).isEqualTo(RECORDS + dups.size());
    assertThat(sqlRows(flink.runId())).isEqualTo(RECORDS + dups.size());
    assertThat(writersOfDuplicates(flink.runId())).isSubsetOf(List.of("0,1"));
  }

  @Test
  @Tag("fault-catalogue")
  void rescaleFromOneToTwo() throws Exception {
    List<TrialResult> rs = run("it-rescale");
    TrialResult flink = of(rs, "flink");
    assertThat(flink.faults().get(0).behaviour()).isEqualTo(RestartOutcome.RESTORED);
    assertThat(engineSetting(flink, "parallelism_after_restart")).isEqualTo(2);
    exactlyOnce(flink);

    TrialResult spark = of(rs, "spark");
    assertThat(spark.faults().get(0).behaviour()).isEqualTo(RestartOutcome.RESTORED);
    assertThat(engineSetting(spark, "cores_after_restart")).isEqualTo(2);
    assertThat(spark.lost()).isZero();
    assertThat(spark.distinctWritten()).isEqualTo(RECORDS);
  }

  @SuppressWarnings("unchecked")
  private static Object engineSetting(TrialResult r, String key) {
    return ((Map<String, Object>) r.settings().get("engine")).get(key);
  }

  static Endpoints endpoints() {
    return lab.endpoints();
  }
}
