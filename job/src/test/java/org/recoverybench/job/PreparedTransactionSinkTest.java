package org.recoverybench.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;
import org.recoverybench.job.LeftoverRule.Gid;
import org.recoverybench.job.LeftoverRule.Start;

class PreparedTransactionSinkTest {
  private static final String PREFIX = "rb:run:1:datastream:jdbc-sink";
  private static final long E = 2_000L;

  /** A hand-written fake: prepared gids, and a number of "busy" answers per gid. */
  static final class FakeXacts implements PreparedXacts {
    final Map<String, String> prepared = new LinkedHashMap<>();
    final Map<String, Integer> busy = new LinkedHashMap<>();
    final List<String> statements = new ArrayList<>();

    /** Gids that another backend finishes while they are busy here. */
    final List<String> finishedByAnother = new ArrayList<>();

    String failWith;

    @Override
    public List<String> gids(String prefix) {
      return prepared.keySet().stream().filter(g -> g.startsWith(prefix)).toList();
    }

    @Override
    public void finish(String verb, String gid) throws SQLException {
      statements.add(verb + " " + gid);
      if (failWith != null) {
        throw new SQLException("injected", failWith);
      }
      int b = busy.getOrDefault(gid, 0);
      if (b > 0) {
        busy.put(gid, b - 1);
        if (b == 1 && finishedByAnother.contains(gid)) {
          prepared.remove(gid);
        }
        throw new SQLException("prepared transaction with identifier is busy", PreparedXacts.BUSY);
      }
      if (prepared.remove(gid) == null) {
        throw new SQLException("does not exist", PreparedXacts.UNDEFINED_OBJECT);
      }
    }
  }

  private static PreparedTransactionSink<Long> sink() {
    return new PreparedTransactionSink<>(
        () -> {
          throw new SQLException("no database in a unit test");
        },
        "INSERT",
        (ps, v) -> {},
        10,
        PREFIX,
        E);
  }

  @Test
  void aBusyGidIsRetriedUntilItIsFree() throws Exception {
    FakeXacts db = new FakeXacts();
    db.prepared.put("g", "");
    db.busy.put("g", 3);
    List<Long> pauses = new ArrayList<>();
    assertThat(PreparedXacts.finish(db, "COMMIT", "g", pauses::add))
        .isEqualTo(PreparedXacts.Outcome.DONE);
    assertThat(pauses).containsExactly(200L, 200L, 200L);
    assertThat(db.statements).hasSize(4);
  }

  @Test
  void aGidThatTheOtherBackendFinishedWhileItWasBusyIsUnknown() throws Exception {
    FakeXacts db = new FakeXacts();
    db.busy.put("g", 1);
    List<Long> pauses = new ArrayList<>();
    assertThat(PreparedXacts.finish(db, "COMMIT", "g", pauses::add))
        .isEqualTo(PreparedXacts.Outcome.UNKNOWN);
    assertThat(pauses).containsExactly(200L);
  }

  @Test
  void aGidBusyForLongerThanTheRetriesOrAnyOtherErrorIsThrown() {
    FakeXacts db = new FakeXacts();
    db.prepared.put("g", "");
    db.busy.put("g", 1_000);
    List<Long> pauses = new ArrayList<>();
    assertThatThrownBy(() -> PreparedXacts.finish(db, "COMMIT", "g", pauses::add))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"));
    assertThat(pauses).hasSize(PreparedXacts.BUSY_RETRIES);
    assertThat(db.statements).hasSize(PreparedXacts.BUSY_RETRIES + 1);

    FakeXacts denied = new FakeXacts();
    denied.failWith = "42501";
    assertThatThrownBy(() -> PreparedXacts.finish(denied, "COMMIT", "g", pauses::add))
        .isInstanceOf(SQLException.class);
    assertThat(denied.statements).hasSize(1);
  }

  @Test
  void aRestoredWriterCommitsAndRollsBackItsSubtasksLeftoversAndCountsThem() throws Exception {
    FakeXacts db = new FakeXacts();
    String older = new Gid(1_000, 0, 3, 0, 0).format(PREFIX); // a late prepare: fenced
    String covered = new Gid(E, 0, 4, 1, 0).format(PREFIX);
    String replayed = new Gid(E, 0, 5, 1, 0).format(PREFIX);
    String otherSubtask = new Gid(E, 1, 4, 1, 0).format(PREFIX);
    String gone = new Gid(E, 0, 2, 0, 0).format(PREFIX);
    String newer = new Gid(E + 1, 0, 1, 0, 0).format(PREFIX);
    for (String g : List.of(older, covered, replayed, otherSubtask, newer)) {
      db.prepared.put(g, "");
    }
    db.prepared.put("rb:other-run:x", "");
    db.busy.put(covered, 2);
    db.prepared.put(gone, "");
    db.busy.put(gone, 1);
    SimpleCounter committed = new SimpleCounter();
    SimpleCounter rolledBack = new SimpleCounter();
    db.finishedByAnother.add(gone);
    List<Long> pauses = new ArrayList<>();
    PreparedTransactionSink.Writer.resolveLeftovers(
        sink(),
        db,
        new Start(E, 0, 2, OptionalLong.of(5), true),
        committed,
        rolledBack,
        pauses::add);
    assertThat(db.prepared.keySet()).containsExactly(otherSubtask, newer, "rb:other-run:x");
    assertThat(committed.getCount()).isEqualTo(1); // covered; gone is unknown, not counted
    assertThat(rolledBack.getCount()).isEqualTo(2); // older, replayed
    assertThat(pauses).hasSize(3);
    assertThat(db.statements)
        .containsExactlyInAnyOrder(
            "ROLLBACK " + older,
            "COMMIT " + covered,
            "COMMIT " + covered,
            "COMMIT " + covered,
            "ROLLBACK " + replayed,
            "COMMIT " + gone,
            "COMMIT " + gone);
  }

  @Test
  void theWriterStateKeepsTheEpochAndTheStatelessVersionRestoresAsOlderThanAny()
      throws IOException {
    var s = new PreparedTransactionSink.EpochStateSerializer();
    var state = new PreparedTransactionSink.EpochState(E);
    assertThat(s.deserialize(s.getVersion(), s.serialize(state))).isEqualTo(state);
    assertThat(s.deserialize(2, new byte[0]).epoch()).isZero();
    assertThatThrownBy(() -> s.deserialize(9, new byte[8])).isInstanceOf(IOException.class);
  }

  @Test
  void committablesOfTheConnectorsXaSinkAreRefused() throws IOException {
    PreparedTransactionSink.GidSerializer s = new PreparedTransactionSink.GidSerializer();
    assertThat(s.deserialize(s.getVersion(), s.serialize("g"))).isEqualTo("g");
    assertThatThrownBy(() -> s.deserialize(1, new byte[4])).isInstanceOf(IOException.class);
  }

  @Test
  void aQuoteInThePrefixIsRefused() {
    assertThatThrownBy(
            () ->
                new PreparedTransactionSink<SinkRow>(
                    "jdbc:postgresql://x/y", "u", "p", "sql", (ps, r) -> {}, 10, "a'b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everySubmissionHasAHigherEpoch() {
    var first =
        new PreparedTransactionSink<Long>(
            "jdbc:postgresql://x/y", "u", "p", "sql", (ps, r) -> {}, 10, PREFIX);
    boolean later =
        org.recoverybench.process.Poll.until(
            java.time.Duration.ofSeconds(5),
            java.time.Duration.ofMillis(1),
            () -> System.currentTimeMillis() > first.epoch());
    var second =
        new PreparedTransactionSink<Long>(
            "jdbc:postgresql://x/y", "u", "p", "sql", (ps, r) -> {}, 10, PREFIX);
    assertThat(later).isTrue();
    assertThat(second.epoch()).isGreaterThan(first.epoch());
  }
}
