package org.recoverybench.cli;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;

/**
 * {@code recoverybench run} as a user runs it, on a lab this test owns (passed as {@code --lab
 * external}), so that the test can check every figure of each result.json against its own SQL.
 */
class RunITCase {
  private static EmbeddedLab lab;

  @BeforeAll
  static void startLab() {
    lab = new EmbeddedLab(LabConfig.at(WorkDirs.freshForTest("run-itcase-lab")));
    lab.start();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  static Path scenario(String name) throws Exception {
    URL u = RunITCase.class.getResource("/scenarios/" + name + ".yaml");
    return Path.of(u.toURI());
  }

  @Test
  void runKillTaskManagerAndKillDriverThenEveryFigureMatchesSql() throws Exception {
    Path dir = WorkDirs.freshForTest("run-itcase");
    Path out = dir.resolve("results");
    Endpoints e = lab.endpoints();
    Map<String, String> env = e.asMap();
    // two invocations of run, as a user would type them, against the lab this test owns
    for (String name : List.of("it-kill-taskmanager", "it-kill-driver")) {
      Path runDir = dir.resolve(name);
      try (CliProcess cli =
          CliProcess.start(
              runDir,
              env,
              "run",
              "--scenario",
              scenario(name).toString(),
              "--lab",
              "external",
              "--out",
              out.resolve(name).toString(),
              "--work-dir",
              runDir.resolve("work").toString())) {
        assertThat(cli.awaitExit(Duration.ofMinutes(8))).as(cli.stdout()).isZero();
        assertThat(cli.stdout()).contains("Report: ");
      }
    }
    List<Path> files = ResultFiles.find(out);
    assertThat(files).hasSize(2);
    for (Path f : files) {
      TrialResult r = ResultFiles.read(f);
      Counts sql = count(e, r.runId(), r.engine(), r.variant(), r.produced());
      assertThat(r.produced()).isEqualTo(8_000);
      assertThat(r.rowsWritten()).as("rows_written").isEqualTo(sql.rows);
      assertThat(r.distinctWritten()).as("distinct_written").isEqualTo(sql.distinct);
      assertThat(r.lost()).as("lost").isEqualTo(sql.lost);
      assertThat(r.duplicatedIds()).as("duplicated_ids").isEqualTo(sql.duplicatedIds);
      assertThat(r.extraWrites()).as("extra_writes").isEqualTo(sql.extraWrites);
      assertThat(r.incarnations()).as("incarnations").isEqualTo(sql.incarnations);
      assertThat(r.faults()).hasSize(1);
      // the incarnation that was running when the kill landed comes from the history (process
      // starts and attempts), not from the rows; an incarnation above it wrote afterwards
      Integer running = r.faults().get(0).runningIncarnation();
      assertThat(running).as("the incarnation running at the kill, from the history").isNotNull();
      assertThat(r.incarnations())
          .as("an incarnation started after the kill wrote")
          .anyMatch(i -> i > running);
      assertThat(r.recoveryFirstWriteMs()).isNotNull().isPositive();
      assertThat(r.resumeOffsets()).as("one resume offset per partition").hasSize(3);
      assertThat(r.checkpoint().objects()).isPositive();
      // both promises under test: nothing is lost
      assertThat(r.lost()).isZero();
      assertThat(r.distinctWritten()).isEqualTo(8_000);
      // the cost: the engine's CPU and memory from the sampler, its S3 requests from the proxy
      // that every engine the harness starts reaches S3 through (it checkpoints there)
      assertThat(r.cost()).as("cost").isNotNull();
      assertThat(r.cost().cpuMs()).isPositive();
      assertThat(r.cost().peakRssBytes()).isPositive();
      assertThat(r.cost().peakProcesses()).isPositive();
      assertThat(r.cost().cpuMsPer1000Records())
          .isEqualTo(Math.round(r.cost().cpuMs() * 10_000.0 / 8_000) / 10.0);
      assertThat(r.cost().s3Requests()).as("S3 requests").isNotNull().isPositive();
      assertPhases(r);
      if (r.engine().equals("flink")) {
        assertThat(r.sinkMode()).isEqualTo("exactly-once");
        assertThat(r.duplicatedIds()).as("Flink exactly-once duplicates").isZero();
        assertThat(r.rowsWritten()).isEqualTo(8_000);
      }
      System.out.printf(
          "%s %s/%s: rows %d, distinct %d, lost %d, dup %d (%d extra), first write %d ms, lag back %s ms%n",
          r.scenario(),
          r.engine(),
          r.variant(),
          r.rowsWritten(),
          r.distinctWritten(),
          r.lost(),
          r.duplicatedIds(),
          r.extraWrites(),
          r.recoveryFirstWriteMs(),
          r.recoveryLagBaselineMs());
    }

    // the report of both runs together, built by the report command from the files alone
    try (CliProcess cli = CliProcess.start(dir.resolve("report"), env, "report", out.toString())) {
      assertThat(cli.awaitExit(Duration.ofMinutes(2))).as(cli.stdout()).isZero();
    }
    String md = java.nio.file.Files.readString(out.resolve("report.md"));
    String html = java.nio.file.Files.readString(out.resolve("report.html"));
    for (Path f : files) {
      TrialResult r = ResultFiles.read(f);
      assertThat(r.timeline()).as("a per-second timeline").isNotEmpty();
      assertThat(r.timeline().stream().mapToLong(TrialResult.Second::writes).sum())
          .as("the timeline counts every write")
          .isEqualTo(r.rowsWritten());
      String row =
          String.join(
              " | ",
              r.scenario(),
              r.engine() + " / " + r.variant() + " / " + r.sinkMode(),
              "1",
              String.valueOf(r.produced()),
              String.valueOf(r.rowsWritten()),
              String.valueOf(r.distinctWritten()),
              String.valueOf(r.lost()),
              String.valueOf(r.duplicatedIds()),
              String.valueOf(r.extraWrites()));
      assertThat(md).as("the report's row of %s", r.runId()).contains("| " + row + " |");
      assertThat(md)
          .contains(
              "![Timeline of " + r.scenario() + "](charts/timeline-" + r.scenario() + ".svg)");
    }
    long charts;
    try (var list = java.nio.file.Files.list(out.resolve("charts"))) {
      charts = list.count();
    }
    // recovery, duplicates, footprint, storage, and one timeline per scenario
    assertThat(charts).isEqualTo(6);
    assertThat(html.split("<img ", -1).length - 1).isEqualTo(6);
  }

  /**
   * The phases of the kill's recovery, as the engine recorded them: present, and in the order a
   * recovery reaches them where that order is the engine's own (never how long they took: speed
   * lives in the bench).
   */
  static void assertPhases(TrialResult r) {
    TrialResult.FaultRecord f = r.faults().get(0);
    Map<String, Long> p = f.phases();
    System.out.printf("%s %s phases, ms after the kill: %s%n", r.scenario(), r.engine(), p);
    assertThat(p).as("the phases of the kill's recovery").isNotNull();
    assertThat(p.get("first_visible_write"))
        .as("the last phase is the checker's first write")
        .isEqualTo(f.firstWriteMs());
    if (r.engine().equals("flink")) {
      List<String> order =
          List.of(
              "detected",
              "restarting",
              "restored_checkpoint",
              "deployed",
              "running",
              // the exactly-once sink commits the new attempt's rows when a checkpoint completes
              "first_checkpoint_after_restore",
              "first_visible_write");
      assertThat(p.keySet()).as("a TaskManager kill's phases").containsExactlyElementsOf(order);
      assertThat(p.values()).as("every phase known").doesNotContainNull();
      assertThat(f.restoredCheckpointId()).as("the checkpoint restored").isNotNull().isPositive();
      for (int i = 1; i < order.size(); i++) {
        assertThat(p.get(order.get(i)))
            .as("%s at or after %s", order.get(i), order.get(i - 1))
            .isGreaterThanOrEqualTo(p.get(order.get(i - 1)));
      }
    } else {
      assertThat(p.keySet())
          .as("a driver kill's phases")
          .containsExactly("restarted", "running", "first_batch", "first_visible_write");
      assertThat(p.values()).as("every phase known").doesNotContainNull();
      assertThat(p.get("restarted")).as("the new driver started after the kill").isNotNegative();
      // the new driver's stream, its first batch and its first write all come after its start;
      // a restored context may run its pending batch (and write) before it says it runs
      for (String later : List.of("running", "first_batch", "first_visible_write")) {
        assertThat(p.get(later))
            .as("%s at or after restarted", later)
            .isGreaterThanOrEqualTo(p.get("restarted"));
      }
      assertThat(f.restoredCheckpointId()).isNull();
    }
  }

  record Counts(
      long rows,
      long distinct,
      long lost,
      long duplicatedIds,
      long extraWrites,
      List<Integer> incarnations) {}

  /** The test's own accounting, in SQL only. */
  static Counts count(Endpoints e, String runId, String engine, String variant, long produced)
      throws Exception {
    try (Connection c = LabClients.jdbc(e)) {
      long rows, distinct, dupIds, extra, inRange;
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT count(*), count(DISTINCT event_id),"
                  + " (SELECT count(*) FROM (SELECT event_id FROM sink_writes WHERE run_id = ?"
                  + "   AND engine = ? AND variant = ? GROUP BY event_id HAVING count(*) > 1) d),"
                  + " count(*) - count(DISTINCT event_id),"
                  + " count(DISTINCT event_id) FILTER (WHERE event_id BETWEEN 0 AND ? - 1)"
                  + " FROM sink_writes WHERE run_id = ? AND engine = ? AND variant = ?")) {
        ps.setString(1, runId);
        ps.setString(2, engine);
        ps.setString(3, variant);
        ps.setLong(4, produced);
        ps.setString(5, runId);
        ps.setString(6, engine);
        ps.setString(7, variant);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          rows = rs.getLong(1);
          distinct = rs.getLong(2);
          dupIds = rs.getLong(3);
          extra = rs.getLong(4);
          inRange = rs.getLong(5);
        }
      }
      List<Integer> inc = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT DISTINCT incarnation FROM sink_writes WHERE run_id = ? ORDER BY 1")) {
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            inc.add(rs.getInt(1));
          }
        }
      }
      return new Counts(rows, distinct, produced - inRange, dupIds, extra, inc);
    }
  }
}
