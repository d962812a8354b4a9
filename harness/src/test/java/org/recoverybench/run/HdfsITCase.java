package org.recoverybench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.HdfsEndpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.LabService;
import org.recoverybench.lab.WebHdfs;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;
import org.recoverybench.scenario.Scenario;
import org.recoverybench.scenario.ScenarioLoader;

/**
 * HDFS as the checkpoint store: a lab with a real NameNode and DataNode (each its own JVM), a Flink
 * TaskManager kill -9 and a Spark driver kill -9 whose checkpoints are on {@code hdfs://}. Each
 * result is checked against the test's own SQL, and the checkpoint files against WebHDFS.
 */
class HdfsITCase {
  private static final long RECORDS = 3_000;
  private static EmbeddedLab lab;
  private static Path work;

  @BeforeAll
  static void startLab() {
    work = WorkDirs.freshForTest("hdfs-itcase");
    lab =
        new EmbeddedLab(
            LabConfig.at(work.resolve("lab"))
                .withHdfs(true)
                .withHealthTimeout(Duration.ofMinutes(4)));
    lab.start();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void theLabRunsANameNodeAndADataNodeAsTwoProcessesOnLoopback() {
    List<String> names = lab.services().stream().map(LabService::name).toList();
    assertThat(names).contains("hdfs-namenode", "hdfs-datanode");
    long nn = lab.service("hdfs-namenode").pid();
    long dn = lab.service("hdfs-datanode").pid();
    assertThat(nn).isPositive();
    assertThat(dn).isPositive().isNotEqualTo(nn);
    HdfsEndpoints h = lab.hdfs().orElseThrow();
    assertThat(h.uri()).startsWith("hdfs://127.0.0.1:");
    assertThat(h.webUrl()).startsWith("http://127.0.0.1:");
  }

  @Test
  void flinkKillTaskManagerWithHdfsCheckpointsLosesAndDuplicatesNothing() throws Exception {
    TrialResult r = run("it-hdfs-kill-taskmanager", "flink");
    assertThat(r.produced()).isEqualTo(RECORDS);
    assertThat(r.distinctWritten()).isEqualTo(RECORDS);
    assertThat(r.rowsWritten()).isEqualTo(RECORDS);
    assertThat(r.lost()).isZero();
    assertThat(r.duplicatedIds()).isZero();
    assertThat(r.extraWrites()).isZero();
    assertThat(r.faults()).hasSize(1);
    assertThat(r.faults().get(0).type()).isEqualTo("kill-taskmanager");
    assertThat(r.faults().get(0).pid()).isNotNull();
    assertCheckpointsOnHdfs(r);
    // Flink's REST API reports each completed checkpoint, with its duration
    assertThat(r.checkpoint().perCheckpoint()).isNotEmpty();
    assertThat(r.checkpoint().perCheckpoint())
        .allSatisfy(c -> assertThat(c.durationMs()).isNotNull());
  }

  @Test
  void sparkRecoverableKillDriverWithHdfsCheckpointsLosesNothing() throws Exception {
    TrialResult r = run("it-hdfs-kill-driver", "spark");
    assertThat(r.produced()).isEqualTo(RECORDS);
    assertThat(r.distinctWritten()).isEqualTo(RECORDS);
    assertThat(r.lost()).isZero();
    // a recovered context re-runs up to a batch: duplicates are expected, and exactly accounted
    assertThat(r.rowsWritten()).isEqualTo(RECORDS + r.extraWrites());
    assertThat(r.faults()).hasSize(1);
    assertThat(r.faults().get(0).type()).isEqualTo("kill-driver");
    assertCheckpointsOnHdfs(r);
    // Spark's checkpoint files as HDFS lists them, each with its write time from the driver log
    assertThat(r.checkpoint().perCheckpoint()).isNotEmpty();
    assertThat(r.checkpoint().perCheckpoint())
        .allSatisfy(c -> assertThat(c.id()).matches("checkpoint-\\d+(\\.bk)?"));
    @SuppressWarnings("unchecked")
    Map<String, Object> engine = (Map<String, Object>) r.settings().get("engine");
    assertThat(((Number) engine.get("checkpoint_writes")).longValue()).isPositive();
  }

  /** The result names HDFS, its settings, and a footprint of files that WebHDFS also lists. */
  private static void assertCheckpointsOnHdfs(TrialResult r) {
    HdfsEndpoints h = lab.hdfs().orElseThrow();
    String prefix = "checkpoints/" + r.runId() + "/";
    assertThat(r.checkpoint().location()).isEqualTo(h.uri(prefix));
    assertThat(r.settings().get("checkpoint_store")).isEqualTo("hdfs");
    assertThat(r.settings().get("hdfs"))
        .isEqualTo(
            Map.of(
                "dfs.replication",
                "1",
                "dfs.client.block.write.locateFollowingBlock.initial.delay.ms",
                "20"));
    // sampled every second while the trial ran
    assertThat(r.checkpoint().maxObjects()).isPositive();
    assertThat(r.checkpoint().maxBytes()).isPositive();
    // and still there after the engine stopped: the last sample is what HDFS holds now
    WebHdfs.Footprint now = WebHdfs.footprint(h, prefix);
    assertThat(now.files()).isPositive().isEqualTo(r.checkpoint().objects());
    assertThat(now.bytes()).isEqualTo(r.checkpoint().bytes());
  }

  private static TrialResult run(String name, String engine) throws Exception {
    URL u = HdfsITCase.class.getResource("/scenarios/" + name + ".yaml");
    Path file = Path.of(u.toURI());
    Scenario s = ScenarioLoader.load(file);
    assertThat(s.needsHdfs()).isTrue();
    Path out = work.resolve("results").resolve(name);
    SuiteRunner.Outcome o =
        new SuiteRunner(
                lab, out, work.resolve("engines").resolve(name), new PrintWriter(System.out, true))
            .run(List.of(s), List.of(file), engine, 1);
    assertThat(o.failures()).as("trials that gave no result").isEmpty();
    assertThat(o.results()).hasSize(1);
    TrialResult r = o.results().get(0);
    assertThat(ResultFiles.find(out)).hasSize(1);
    try (Connection c = LabClients.jdbc(lab.endpoints());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*), count(DISTINCT event_id),"
                    + " (SELECT count(*) FROM (SELECT event_id FROM sink_writes WHERE run_id = ?"
                    + "   GROUP BY event_id HAVING count(*) > 1) d)"
                    + " FROM sink_writes WHERE run_id = ?")) {
      ps.setString(1, r.runId());
      ps.setString(2, r.runId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(r.rowsWritten()).as("rows_written").isEqualTo(rs.getLong(1));
        assertThat(r.distinctWritten()).as("distinct_written").isEqualTo(rs.getLong(2));
        assertThat(r.duplicatedIds()).as("duplicated_ids").isEqualTo(rs.getLong(3));
        assertThat(r.lost()).as("lost").isEqualTo(RECORDS - rs.getLong(2));
      }
    }
    System.out.printf(
        "%s %s/%s: rows %d, distinct %d, lost %d, dup %d (%d extra), first write %s ms;"
            + " checkpoint %d files / %d bytes at %s%n",
        r.scenario(),
        r.engine(),
        r.variant(),
        r.rowsWritten(),
        r.distinctWritten(),
        r.lost(),
        r.duplicatedIds(),
        r.extraWrites(),
        r.recoveryFirstWriteMs(),
        r.checkpoint().objects(),
        r.checkpoint().bytes(),
        r.checkpoint().location());
    return r;
  }
}
