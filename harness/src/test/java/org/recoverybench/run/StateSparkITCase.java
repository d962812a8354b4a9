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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.result.TrialResult;
import org.recoverybench.scenario.Scenario;
import org.recoverybench.scenario.ScenarioLoader;

/**
 * The stateful pipeline on Spark Streaming ({@code mapWithState}, 10,000 keys with 64 bytes of
 * state each, 4 partitions) through a {@code kill -9} of the driver mid-batch: each trial's rows
 * and every key's count and sum in {@code sink_state} counted by the test's own SQL (the expected
 * state per key from {@code generate_series} over the produced ids), and set against the result.
 */
class StateSparkITCase {
  private static final long RECORDS = 20_000;
  private static final long KEYS = 10_000;
  private static EmbeddedLab lab;
  private static Path work;

  /** The test's own count of a run's writes. */
  private record Writes(long rows, long distinct, long duplicatedIds) {}

  /** The test's own comparison of every key's state with what the produced ids make it. */
  private record States(long rows, long wrong, long over, long under, long wrongSum) {}

  @BeforeAll
  static void startLab() {
    work = WorkDirs.freshForTest("state-spark-itcase");
    lab =
        new EmbeddedLab(LabConfig.at(work.resolve("lab")).withHealthTimeout(Duration.ofMinutes(4)));
    lab.start();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  /** Transactional: records, states and offsets commit together; the state restarts from them. */
  @Test
  void transactionalKeepsEveryKeysStateRightThroughADriverKill() throws Exception {
    TrialResult r = run("it-state-kill-driver-transactional");
    Writes w = writes(r.runId());
    States s = states(r.runId());
    assertThat(r.produced()).as("produced").isEqualTo(RECORDS);
    assertThat(w.rows()).as("rows in the sink").isEqualTo(RECORDS);
    assertThat(w.distinct()).as("distinct ids in the sink").isEqualTo(RECORDS);
    assertThat(w.duplicatedIds()).as("ids written twice, by SQL").isZero();
    assertThat(r.lost()).as("lost").isZero();
    assertThat(r.duplicatedIds()).as("duplicated ids").isZero();
    assertThat(s.rows()).as("one state row per key").isEqualTo(KEYS);
    assertThat(s.wrong()).as("keys whose count or sum is wrong, by SQL").isZero();
    assertThat(r.state().keysExpected()).isEqualTo(KEYS);
    assertThat(r.state().keysWithState()).isEqualTo(KEYS);
    assertThat(r.state().wrongKeys()).as("the result's wrong keys").isZero();
  }

  /**
   * Recoverable (getOrCreate, append): the batches the checkpoint still held as pending run again,
   * so the ids they had written are written twice (how many depends on where the kill lands; the
   * result must report exactly what the test's own SQL counts). The state comes back from the state
   * DStream's last checkpoint and the batches after it are folded again from Kafka, so no key's
   * state is wrong (claim: "with getOrCreate, the state is right after a driver crash").
   */
  @Test
  void recoverableReportsExactlyTheDuplicatesAndWrongKeysTheSqlFinds() throws Exception {
    TrialResult r = run("it-state-kill-driver-recoverable");
    Writes w = writes(r.runId());
    States s = states(r.runId());
    assertThat(r.produced()).as("produced").isEqualTo(RECORDS);
    assertThat(r.lost()).as("lost").isEqualTo(RECORDS - w.distinct());
    assertThat(r.duplicatedIds())
        .as("ids written twice: result = SQL")
        .isEqualTo(w.duplicatedIds());
    assertThat(r.rowsWritten()).as("rows: result = SQL").isEqualTo(w.rows());
    assertThat(r.state().wrongKeys())
        .as("keys with wrong state: result = SQL")
        .isEqualTo(s.wrong());
    assertThat(r.state().overCounted()).as("over-counted: result = SQL").isEqualTo(s.over());
    assertThat(r.state().underCounted()).as("under-counted: result = SQL").isEqualTo(s.under());
    assertThat(r.state().wrongSum()).as("wrong sums: result = SQL").isEqualTo(s.wrongSum());
    assertThat(r.state().keysWithState()).as("state rows: result = SQL").isEqualTo(s.rows());
    assertThat(w.distinct()).as("distinct ids in the sink").isEqualTo(RECORDS);
    assertThat(r.lost()).as("lost").isZero();
    assertThat(s.rows()).as("one state row per key").isEqualTo(KEYS);
    assertThat(s.wrong()).as("keys whose count or sum is wrong, by SQL").isZero();
  }

  /**
   * As written (a new context on every start): the state starts empty after the kill, which the
   * check shows as under-counted keys; the result's figures must be those of the test's own SQL.
   */
  @Test
  @Tag("fault-catalogue") // a third driver kill; -Pfault-catalogue runs it
  void asWrittenLosesTheStateAndTheCheckShowsUnderCounts() throws Exception {
    TrialResult r = run("it-state-kill-driver-as-written");
    Writes w = writes(r.runId());
    States s = states(r.runId());
    assertThat(r.produced()).as("produced").isEqualTo(RECORDS);
    assertThat(r.duplicatedIds())
        .as("ids written twice: result = SQL")
        .isEqualTo(w.duplicatedIds());
    assertThat(r.state().wrongKeys())
        .as("keys with wrong state: result = SQL")
        .isEqualTo(s.wrong());
    assertThat(r.state().underCounted()).as("under-counted: result = SQL").isEqualTo(s.under());
    assertThat(r.state().overCounted()).as("over-counted: result = SQL").isEqualTo(s.over());
    assertThat(s.under()).as("keys that lost the state they had before the kill").isPositive();
  }

  private static TrialResult run(String name) throws Exception {
    URL u = StateSparkITCase.class.getResource("/scenarios/" + name + ".yaml");
    Path file = Path.of(u.toURI());
    Scenario sc = ScenarioLoader.load(file);
    Path out = work.resolve("results").resolve(name);
    SuiteRunner.Outcome o =
        new SuiteRunner(
                lab, out, work.resolve("engines").resolve(name), new PrintWriter(System.out, true))
            .run(List.of(sc), List.of(file), "spark", 1);
    assertThat(o.failures()).as("trials that gave no result").isEmpty();
    assertThat(o.results()).hasSize(1);
    TrialResult r = o.results().get(0);
    assertThat(r.faults()).hasSize(1);
    assertThat(r.faults().get(0).type()).isEqualTo("kill-driver");
    assertThat(r.faults().get(0).pid()).as("a process was killed").isNotNull();
    assertThat(r.faults().get(0).firstWriteMs()).as("a write after the kill").isNotNull();
    assertThat(r.state()).as("the result's state check").isNotNull();
    Writes w = writes(r.runId());
    States s = states(r.runId());
    System.out.printf(
        "RB-REPORT %s %s/%s: produced %d, rows %d, distinct %d, lost %d, dup ids %d (%d extra"
            + " writes); state by SQL: %d rows, %d wrong (%d over, %d under, %d wrong sum);"
            + " check: %s; first write after the kill %s ms%n",
        r.scenario(),
        r.engine(),
        r.variant(),
        r.produced(),
        w.rows(),
        w.distinct(),
        r.lost(),
        w.duplicatedIds(),
        r.extraWrites(),
        s.rows(),
        s.wrong(),
        s.over(),
        s.under(),
        s.wrongSum(),
        r.state(),
        r.faults().get(0).firstWriteMs());
    return r;
  }

  private static Writes writes(String runId) throws Exception {
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
        return new Writes(rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    }
  }

  /**
   * Every key's state row against the count and sum of the produced ids {@code 0..RECORDS-1} that
   * carry it ({@code id % KEYS}); a key with records and no row counts as under-counted, a row of a
   * key with no records as over-counted.
   */
  private static States states(String runId) throws Exception {
    try (Connection c = LabClients.jdbc(lab.endpoints());
        PreparedStatement ps =
            c.prepareStatement(
                "WITH expected AS ("
                    + "  SELECT g % ? AS k, count(*)::bigint AS n, sum(g)::bigint AS total"
                    + "  FROM generate_series(0::bigint, ?::bigint - 1) g GROUP BY 1),"
                    + " actual AS ("
                    + "  SELECT state_key AS k, record_count AS n, value_sum AS total"
                    + "  FROM sink_state WHERE run_id = ?),"
                    + " both_sides AS ("
                    + "  SELECT a.k AS has_row, coalesce(e.n, 0) AS en, coalesce(e.total, 0) AS et,"
                    + "         coalesce(a.n, 0) AS an, coalesce(a.total, 0) AS at"
                    + "  FROM expected e FULL JOIN actual a ON a.k = e.k)"
                    + " SELECT count(has_row),"
                    + "  count(*) FILTER (WHERE an <> en OR at <> et),"
                    + "  count(*) FILTER (WHERE an > en),"
                    + "  count(*) FILTER (WHERE an < en),"
                    + "  count(*) FILTER (WHERE an = en AND at <> et)"
                    + " FROM both_sides")) {
      ps.setLong(1, KEYS);
      ps.setLong(2, RECORDS);
      ps.setString(3, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new States(
            rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
      }
    }
  }
}
