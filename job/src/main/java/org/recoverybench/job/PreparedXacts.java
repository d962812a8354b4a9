package org.recoverybench.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The few operations on PostgreSQL's prepared transactions that {@link PreparedTransactionSink}
 * resolves leftovers and commits with, behind an interface so that the retry and the "unknown gid"
 * rules are tested on a hand-written fake.
 */
interface PreparedXacts {
  /** PostgreSQL's SQLSTATE for an unknown prepared transaction (undefined_object). */
  String UNDEFINED_OBJECT = "42704";

  /**
   * PostgreSQL's SQLSTATE for "prepared transaction with identifier ... is busy"
   * (object_not_in_prerequisite_state): another backend is committing or rolling back the same gid
   * at this moment, e.g. a writer resolving leftovers and the committer of another subtask after a
   * rescale.
   */
  String BUSY = "55000";

  /** How often and how long a busy gid is retried: 50 times, 200 ms apart (10 s). */
  int BUSY_RETRIES = 50;

  long BUSY_PAUSE_MS = 200;

  /** The gids of this database's prepared transactions that start with the prefix, oldest first. */
  List<String> gids(String prefix) throws SQLException;

  /** Runs {@code COMMIT PREPARED} or {@code ROLLBACK PREPARED} on the gid. */
  void finish(String verb, String gid) throws SQLException;

  /** What became of a gid. */
  enum Outcome {
    /** This call committed or rolled it back. */
    DONE,
    /** It no longer exists: someone else committed or rolled it back; which, nobody can say. */
    UNKNOWN
  }

  @FunctionalInterface
  interface Pause {
    void sleep(long millis) throws InterruptedException;
  }

  /**
   * Commits or rolls back a gid; retries it while it is busy ({@link #BUSY}).
   *
   * @throws SQLException any other error, or a gid still busy after {@link #BUSY_RETRIES}
   */
  static Outcome finish(PreparedXacts db, String verb, String gid, Pause pause)
      throws SQLException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        db.finish(verb, gid);
        return Outcome.DONE;
      } catch (SQLException e) {
        if (UNDEFINED_OBJECT.equals(e.getSQLState())) {
          return Outcome.UNKNOWN;
        }
        if (!BUSY.equals(e.getSQLState()) || attempt >= BUSY_RETRIES) {
          throw e;
        }
      }
      pause.sleep(BUSY_PAUSE_MS);
    }
  }

  /** The operations on a JDBC connection in autocommit mode. */
  static PreparedXacts on(Connection autocommit) {
    return new PreparedXacts() {
      @Override
      public List<String> gids(String prefix) throws SQLException {
        List<String> gids = new ArrayList<>();
        try (PreparedStatement q =
            autocommit.prepareStatement(
                "SELECT gid FROM pg_prepared_xacts WHERE database = current_database()"
                    + " AND starts_with(gid, ?) ORDER BY prepared, gid")) {
          q.setString(1, prefix);
          try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
              gids.add(rs.getString(1));
            }
          }
        }
        return gids;
      }

      @Override
      public void finish(String verb, String gid) throws SQLException {
        try (Statement s = autocommit.createStatement()) {
          s.execute(verb + " PREPARED '" + gid.replace("'", "''") + "'");
        }
      }
    };
  }
}
