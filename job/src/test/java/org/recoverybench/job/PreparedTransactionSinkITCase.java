package org.recoverybench.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.job.LeftoverRule.Start;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.PreparedTransactions;
import org.recoverybench.lab.WorkDirs;

/**
 * The exactly-once sink's writer and committer against the lab's real PostgreSQL, without Flink:
 * real {@code PREPARE TRANSACTION}s left behind as a killed task leaves them, then resolved by the
 * writer of a restart, a resubmission or a fresh start. Each test writes into its own run of a
 * table of its own ({@code eo_rows}) and counts the visible ids with its own SQL.
 */
class PreparedTransactionSinkITCase {
  private static final long OLD = 1_000L;
  private static final long NEW = 2_000L;

  private static EmbeddedLab lab;
  private static Endpoints e;

  @BeforeAll
  static void startLab() throws SQLException {
    lab = new EmbeddedLab(LabConfig.at(WorkDirs.freshForTest("prepared-transaction-sink")));
    lab.start();
    e = lab.endpoints();
    try (Connection c = LabClients.jdbc(e);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE eo_rows (run text NOT NULL, id bigint NOT NULL)");
    }
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  private static String prefix(String run) {
    return "rb:it-" + run + ":datastream:jdbc-sink";
  }

  private static PreparedTransactionSink<Long> sink(
      String run, long epoch, PreparedTransactionSink.Connector connector) {
    return new PreparedTransactionSink<>(
        connector,
        "INSERT INTO eo_rows (run, id) VALUES (?, ?)",
        (ps, id) -> {
          ps.setString(1, run);
          ps.setLong(2, id);
        },
        100,
        prefix(run),
        epoch);
  }

  private static PreparedTransactionSink<Long> sink(String run, long epoch) {
    return sink(run, epoch, () -> LabClients.jdbc(e));
  }

  /** A writer with its two counters: leftovers committed and rolled back. */
  private record Started(
      PreparedTransactionSink.Writer<Long> writer,
      SimpleCounter committed,
      SimpleCounter rolledBack) {}

  private static Started start(PreparedTransactionSink<Long> sink, Start s, int attempt)
      throws IOException {
    SimpleCounter c = new SimpleCounter();
    SimpleCounter r = new SimpleCounter();
    return new Started(new PreparedTransactionSink.Writer<>(sink, s, attempt, c, r), c, r);
  }

  private static Start fresh(long epoch) {
    return new Start(epoch, 0, 1, OptionalLong.empty(), false);
  }

  private static void write(PreparedTransactionSink.Writer<Long> w, long from, long to)
      throws IOException {
    for (long id = from; id < to; id++) {
      w.write(id, null);
    }
  }

  private static String prepare(PreparedTransactionSink.Writer<Long> w) throws IOException {
    Collection<String> gids = w.prepareCommit();
    assertThat(gids).hasSize(1);
    return gids.iterator().next();
  }

  private static List<Long> visible(String run) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = LabClients.jdbc(e);
        PreparedStatement ps =
            c.prepareStatement("SELECT id FROM eo_rows WHERE run = ? ORDER BY id")) {
      ps.setString(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  private static List<String> prepared(String run) throws SQLException {
    try (Connection c = LabClients.jdbc(e)) {
      return PreparedXacts.on(c).gids(prefix(run) + ":");
    }
  }

  private static List<Long> ids(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }

  @Test
  void aRestartCommitsTheLeftoversThatBeganBeforeTheRestoredCheckpointAndRollsBackTheRest()
      throws Exception {
    String run = "k-below-r";
    PreparedTransactionSink<Long> sink = sink(run, OLD);
    Started a = start(sink, fresh(OLD), 0);
    write(a.writer(), 0, 3);
    String g1 = prepare(a.writer()); // began after "checkpoint 0", prepared at barrier 1
    a.writer().snapshotState(1);
    write(a.writer(), 3, 5);
    String g2 = prepare(a.writer()); // K = 1, prepared at barrier 2
    a.writer().snapshotState(2);
    write(a.writer(), 5, 9);
    String g3 = prepare(a.writer()); // K = 2, prepared at barrier 3, which never completes
    a.writer().snapshotState(3);
    write(a.writer(), 9, 10); // open, never prepared
    a.writer().close(); // the task dies
    assertThat(g1).isEqualTo(prefix(run) + ":1000:0:0:0:0");
    assertThat(prepared(run)).containsExactly(g1, g2, g3);
    assertThat(visible(run)).isEmpty();

    Started b = start(sink, new Start(OLD, 0, 1, OptionalLong.of(2), true), 1);
    b.writer().close();
    assertThat(visible(run)).isEqualTo(ids(0, 5));
    assertThat(prepared(run)).isEmpty();
    assertThat(b.committed().getCount()).isEqualTo(2);
    assertThat(b.rolledBack().getCount()).isEqualTo(1);
  }

  @Test
  void aLatePrepareOfAnOlderSubmissionIsRolledBackByTheNextRestartOfTheNewOne() throws Exception {
    String run = "fence";
    Started taken = start(sink(run, NEW), new Start(NEW, 0, 1, OptionalLong.of(4), false), 0);
    // the old submission's writer, restored from 4 too, prepares after the new one took over
    Started late = start(sink(run, OLD), new Start(OLD, 0, 1, OptionalLong.of(4), true), 3);
    write(late.writer(), 100, 102);
    String lateGid = prepare(late.writer()); // K = 4
    late.writer().close();
    write(taken.writer(), 0, 2);
    String own = prepare(taken.writer()); // K = 4, prepared at barrier 5, which completes
    taken.writer().snapshotState(5);
    write(taken.writer(), 2, 3);
    String notCovered = prepare(taken.writer()); // K = 5, prepared at barrier 6, which fails
    taken.writer().close();
    assertThat(prepared(run)).containsExactlyInAnyOrder(lateGid, own, notCovered);

    // the new submission restarts from its checkpoint 6: the late gid has K = 4 < 6, and it is
    // still rolled back, as no restore of the new submission may commit it
    Started restart = start(sink(run, NEW), new Start(NEW, 0, 1, OptionalLong.of(6), true), 1);
    restart.writer().close();
    assertThat(visible(run)).isEqualTo(ids(0, 3));
    assertThat(prepared(run)).isEmpty();
    assertThat(restart.committed().getCount()).isEqualTo(2);
    assertThat(restart.rolledBack().getCount()).isEqualTo(1);
  }

  @Test
  void aFreshStartCommitsAnOlderSubmissionsLeftoversAndRollsBackItsOwn() throws Exception {
    String run = "fresh";
    Started first = start(sink(run, NEW), fresh(NEW), 0);
    Started old = start(sink(run, OLD), new Start(OLD, 0, 1, OptionalLong.of(7), true), 0);
    write(old.writer(), 0, 3);
    String oldGid = prepare(old.writer()); // its checkpoint 8 may have completed: not replayed
    old.writer().close();
    write(first.writer(), 10, 12);
    String ownGid = prepare(first.writer()); // no checkpoint of NEW completed: replayed
    first.writer().close();
    assertThat(prepared(run)).containsExactly(oldGid, ownGid);

    Started again = start(sink(run, NEW), fresh(NEW), 1);
    again.writer().close();
    assertThat(visible(run)).isEqualTo(ids(0, 3));
    assertThat(prepared(run)).isEmpty();
    assertThat(again.committed().getCount()).isEqualTo(1);
    assertThat(again.rolledBack().getCount()).isEqualTo(1);
  }

  /** Records what the committer signalled. */
  private static final class Request implements Committer.CommitRequest<String> {
    private final String gid;
    String signal = "none";

    Request(String gid) {
      this.gid = gid;
    }

    @Override
    public String getCommittable() {
      return gid;
    }

    @Override
    public int getNumberOfRetries() {
      return 0;
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
      signal = "failed-known: " + t.getMessage();
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
      signal = "failed-unknown";
    }

    @Override
    public void retryLater() {
      signal = "retry";
    }

    @Override
    public void updateAndRetryLater(String committable) {
      signal = "update";
    }

    @Override
    public void signalAlreadyCommitted() {
      signal = "already-committed";
    }
  }

  @Test
  void theCommitterCountsAGidThatNoLongerExistsAsUnknownNotAsCommitted() throws Exception {
    String run = "unknown";
    PreparedTransactionSink<Long> sink = sink(run, NEW);
    Started w = start(sink, fresh(NEW), 0);
    write(w.writer(), 0, 2);
    String gid = prepare(w.writer());
    w.writer().close();
    String gone = prefix(run) + ":2000:0:9:0:0";
    SimpleCounter committed = new SimpleCounter();
    SimpleCounter unknown = new SimpleCounter();
    Request present = new Request(gid);
    Request missing = new Request(gone);
    try (var committer =
        new PreparedTransactionSink.GidCommitter(sink, committed, unknown, Thread::sleep)) {
      committer.commit(List.of(present, missing));
    }
    assertThat(visible(run)).isEqualTo(ids(0, 2));
    assertThat(committed.getCount()).isEqualTo(1);
    assertThat(unknown.getCount()).isEqualTo(1);
    assertThat(present.signal).isEqualTo("none");
    assertThat(missing.signal)
        .isEqualTo("failed-known: " + gone + " no longer exists; its outcome is unknown");
  }

  @Test
  void theWritersConnectionIsClosedWhenResolvingTheLeftoversFails() throws Exception {
    String run = "closed";
    String role = "rb_eo_writer";
    String password = UUID.randomUUID().toString();
    String foreignGid = prefix(run) + ":1000:0:0:0:0";
    try (Connection c = LabClients.jdbc(e);
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
      s.execute("GRANT INSERT, SELECT ON eo_rows TO " + role);
      // a leftover that the writer's role may not finish: PostgreSQL answers 42501
      c.setAutoCommit(false);
      s.execute("INSERT INTO eo_rows VALUES ('" + run + "', 1)");
      s.execute("PREPARE TRANSACTION '" + foreignGid + "'");
    }
    List<Connection> opened = new ArrayList<>();
    PreparedTransactionSink<Long> sink =
        sink(
            run,
            NEW,
            () -> {
              Properties p = new Properties();
              p.setProperty("user", role);
              p.setProperty("password", password);
              Connection c = DriverManager.getConnection(e.jdbcUrl(), p);
              opened.add(c);
              return c;
            });
    try {
      assertThatThrownBy(() -> start(sink, fresh(NEW), 0))
          .isInstanceOf(IOException.class)
          .hasRootCauseInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      assertThat(opened).hasSize(1);
      assertThat(opened.get(0).isClosed()).isTrue();
      assertThat(prepared(run)).containsExactly(foreignGid);
    } finally {
      try (Connection c = LabClients.jdbc(e);
          Statement s = c.createStatement()) {
        s.execute("ROLLBACK PREPARED '" + foreignGid + "'");
      }
    }
    assertThat(visible(run)).isEmpty();
  }

  @Test
  void theHarnessRollsBackEveryPreparedTransactionOfItsJobsAndNoOther() throws Exception {
    String run = "earlier-run";
    Started w = start(sink(run, OLD), fresh(OLD), 0);
    write(w.writer(), 0, 2);
    String ours = prepare(w.writer());
    w.writer().close();
    String foreign = "other-program-" + UUID.randomUUID();
    try (Connection c = LabClients.jdbc(e);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("INSERT INTO eo_rows VALUES ('" + run + "', 7)");
      s.execute("PREPARE TRANSACTION '" + foreign + "'");
    }
    try {
      assertThat(PreparedTransactions.rollBackEarlierRuns(e)).containsExactly(ours);
      assertThat(prepared(run)).isEmpty();
      try (Connection c = LabClients.jdbc(e)) {
        assertThat(PreparedXacts.on(c).gids("other-program-")).containsExactly(foreign);
      }
    } finally {
      try (Connection c = LabClients.jdbc(e);
          Statement s = c.createStatement()) {
        s.execute("ROLLBACK PREPARED '" + foreign + "'");
      }
    }
    assertThat(visible(run)).isEmpty();
  }
}
