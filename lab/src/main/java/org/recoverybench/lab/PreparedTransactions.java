package org.recoverybench.lab;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's clean-up of prepared transactions that its own earlier runs left in the sink
 * database: a run killed with the harness, or a job that gave up, leaves its exactly-once sink's
 * prepared transactions behind. They hold PostgreSQL's vacuum horizon and locks on the sink table,
 * and use up max_prepared_transactions. Every gid of the harness's jobs starts with {@code rb:}
 * followed by the run id.
 */
public final class PreparedTransactions {
  /** The prefix of every gid of the harness's jobs. */
  public static final String HARNESS_PREFIX = "rb:";

  private PreparedTransactions() {}

  /**
   * Rolls back every prepared transaction of the harness's jobs in the sink database. Call it once
   * before the first trial of a harness process: no job of this process has run yet, so these are
   * earlier runs' and nothing will commit them. Another harness process that shares the database
   * would lose its pending transactions: one harness per database.
   *
   * @return the gids rolled back, oldest first
   */
  public static List<String> rollBackEarlierRuns(Endpoints e) throws SQLException {
    try (Connection c = LabClients.jdbc(e)) {
      return rollBack(c, HARNESS_PREFIX);
    }
  }

  /**
   * Rolls back this database's prepared transactions whose gid starts with the prefix. A gid that
   * another session finishes meanwhile is skipped.
   *
   * @return the gids rolled back, oldest first
   */
  public static List<String> rollBack(Connection autocommit, String prefix) throws SQLException {
    List<String> gids = new ArrayList<>();
    try (PreparedStatement ps =
        autocommit.prepareStatement(
            "SELECT gid FROM pg_prepared_xacts WHERE database = current_database()"
                + " AND starts_with(gid, ?) ORDER BY prepared, gid")) {
      ps.setString(1, prefix);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          gids.add(rs.getString(1));
        }
      }
    }
    List<String> done = new ArrayList<>();
    for (String gid : gids) {
      try (Statement s = autocommit.createStatement()) {
        s.execute("ROLLBACK PREPARED '" + gid.replace("'", "''") + "'");
        done.add(gid);
      } catch (SQLException ex) {
        if (!"42704".equals(ex.getSQLState())) {
          throw ex; // 42704: finished by another session meanwhile
        }
      }
    }
    return done;
  }
}
