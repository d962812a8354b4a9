package org.recoverybench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;
import org.recoverybench.scenario.Scenario;
import org.recoverybench.scenario.ScenarioLoader;

/**
 * Spark Structured Streaming (the {@code structured} variants of the Spark app, {@code
 * foreachBatch} with its checkpoint on S3): a {@code kill -9} of the driver right as its second
 * batch starts writing, then the driver restarted on the same checkpoint. Each result is checked
 * against the test's own SQL on {@code sink_writes} and {@code stream_batches}.
 */
class StructuredStreamingITCase {
  private static final long RECORDS = 4_000;
  private static EmbeddedLab lab;
  private static Path work;

  /** The test's own count of a run's writes: rows, distinct ids, ids written more than once. */
  private record Counts(long rows, long distinct, long duplicatedIds) {}

  @BeforeAll
  static void startLab() {
    work = WorkDirs.freshForTest("structured-itcase");
    lab = new EmbeddedLab(LabConfig.at(work.resolve("lab")));
    lab.start();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void idempotentForeachBatchLosesAndDuplicatesNothingAfterADriverKill() throws Exception {
    TrialResult r = run("it-structured-idempotent-kill-driver");
    Counts c = counts(r.runId());
    assertThat(r.produced()).isEqualTo(RECORDS);
    assertThat(c.distinct()).as("distinct ids in the sink").isEqualTo(RECORDS);
    assertThat(c.rows()).as("rows in the sink").isEqualTo(RECORDS);
    assertThat(c.duplicatedIds()).as("ids written twice").isZero();
    assertThat(r.lost()).isZero();
    assertThat(r.duplicatedIds()).isZero();
    // every row belongs to exactly one claimed batch of this run
    assertThat(claimedRows(r.runId())).as("row_count of stream_batches").isEqualTo(RECORDS);
  }

  @Test
  @Tag("fault-catalogue") // CI's verify keeps the idempotent variant's kill; -Pfault-catalogue runs
  // it
  void appendForeachBatchLosesNothingAndItsDuplicatesAreCounted() throws Exception {
    TrialResult r = run("it-structured-kill-driver");
    Counts c = counts(r.runId());
    assertThat(r.produced()).isEqualTo(RECORDS);
    assertThat(c.distinct()).as("distinct ids in the sink").isEqualTo(RECORDS);
    assertThat(r.lost()).isZero();
    // a batch re-run after the kill writes again what it had written: as many rows as ids twice
    assertThat(r.duplicatedIds()).as("duplicated_ids").isEqualTo(c.duplicatedIds());
    assertThat(c.rows()).isEqualTo(RECORDS + r.extraWrites());
    assertThat(claimedRows(r.runId())).as("the append variant claims no batch").isZero();
  }

  /**
   * The newest offsets log file deleted while the driver is down: the fault record names the file,
   * and what the restarted query did is recorded as it happened (lost and duplicated ids, checked
   * here against the test's own SQL, and where it resumed).
   */
  @Test
  @Tag("fault-catalogue") // a damaged checkpoint, like the others of the catalogue:
  // -Pfault-catalogue
  void aDeletedNewestOffsetsFileIsRecordedExactly() throws Exception {
    TrialResult r = run("it-structured-offsets-deleted", "checkpoint-deleted");
    Counts c = counts(r.runId());
    TrialResult.FaultRecord f = r.faults().get(0);
    assertThat(f.change())
        .as("the change made while the driver was down names the deleted file")
        .matches("deleted offsets/\\d+: 1 objects \\[.*/offsets/\\d+\\]");
    // the query starts again on the damaged checkpoint: no error, no new checkpoint
    assertThat(f.behaviour()).as("what the engine did").isEqualTo("restored");
    assertThat(r.produced()).isEqualTo(RECORDS);
    assertThat(r.lost()).isEqualTo(RECORDS - c.distinct());
    // nothing is written twice: the batch re-run from the offsets file before the deleted one
    // has a batch id already written, and is skipped
    assertThat(r.duplicatedIds()).isZero();
    assertThat(c.duplicatedIds()).isZero();
    assertThat(c.rows()).isEqualTo(c.distinct());
    System.out.printf(
        "RB-REPORT offsets-deleted: detail [%s] behaviour [%s] restored from [%s] resume %s%n",
        f.detail(), f.behaviour(), f.restoredFrom(), r.resumeOffsets());
  }

  private static Counts counts(String runId) throws Exception {
    try (Connection c = LabClients.jdbc(lab.endpoints());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*), count(DISTINCT event_id),"
                    + " (SELECT count(*) FROM (SELECT event_id FROM sink_writes WHERE run_id = ?"
                    + "   GROUP BY event_id HAVING count(*) > 1) d)"
                    + " FROM sink_writes WHERE run_id = ?")) {
      ps.setString(1, runId);
      ps.setString(2, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    }
  }

  private static long claimedRows(String runId) throws Exception {
    try (Connection c = LabClients.jdbc(lab.endpoints());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT coalesce(sum(row_count), 0) FROM stream_batches WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static TrialResult run(String name) throws Exception {
    return run(name, "kill-driver");
  }

  private static TrialResult run(String name, String faultType) throws Exception {
    URL u = StructuredStreamingITCase.class.getResource("/scenarios/" + name + ".yaml");
    Path file = Path.of(u.toURI());
    Scenario s = ScenarioLoader.load(file);
    Path out = work.resolve("results").resolve(name);
    SuiteRunner.Outcome o =
        new SuiteRunner(
                lab, out, work.resolve("engines").resolve(name), new PrintWriter(System.out, true))
            .run(List.of(s), List.of(file), "spark", 1);
    assertThat(o.failures()).as("trials that gave no result").isEmpty();
    assertThat(o.results()).hasSize(1);
    TrialResult r = o.results().get(0);
    assertThat(ResultFiles.find(out)).hasSize(1);
    Counts c = counts(r.runId());
    assertThat(r.rowsWritten()).as("rows_written").isEqualTo(c.rows());
    assertThat(r.distinctWritten()).as("distinct_written").isEqualTo(c.distinct());
    assertThat(r.duplicatedIds()).as("duplicated_ids").isEqualTo(c.duplicatedIds());
    assertThat(r.lost()).as("lost").isEqualTo(RECORDS - c.distinct());
    assertThat(r.faults()).hasSize(1);
    assertThat(r.faults().get(0).type()).isEqualTo(faultType);
    if (faultType.equals("kill-driver")) {
      assertThat(r.faults().get(0).pid()).isNotNull();
    }
    System.out.printf(
        "RB-REPORT %s %s/%s: produced %d, rows %d, distinct %d, lost %d, dup ids %d (%d extra"
            + " writes), claimed batch rows %d, first write after the kill %s ms%n",
        r.scenario(),
        r.engine(),
        r.variant(),
        r.produced(),
        c.rows(),
        c.distinct(),
        r.lost(),
        c.duplicatedIds(),
        r.extraWrites(),
        claimedRows(r.runId()),
        r.recoveryFirstWriteMs());
    return r;
  }
}
