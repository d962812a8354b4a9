package org.recoverybench.observe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;

/** Reads the sink ledger of one run: every committed write, and quick progress counts. */
public final class SinkReader {
  private SinkReader() {}

  /**
   * Every committed write of a run. A write's time is when it became visible: its transaction's
   * commit time where the server tracks commit timestamps ({@code track_commit_timestamp=on}, as
   * the embedded lab sets), else the {@code written_at} column (the insert time, which for a
   * prepared transaction is earlier than its commit).
   */
  public static List<Write> writes(Endpoints e, String runId, String engine, String variant)
      throws SQLException {
    List<Write> out = new ArrayList<>();
    try (Connection c = LabClients.jdbc(e)) {
      String visibleAt = visibleAt(c);
      String sql =
          "SELECT event_id, kafka_partition, kafka_offset, incarnation,"
              + " (extract(epoch FROM event_time) * 1000)::bigint,"
              + " (extract(epoch FROM "
              + visibleAt
              + ") * 1000)::bigint"
              + " FROM sink_writes WHERE run_id = ? AND engine = ? AND variant = ? ORDER BY write_seq";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, runId);
        ps.setString(2, engine);
        ps.setString(3, variant);
        ps.setFetchSize(10_000);
        c.setAutoCommit(false); // lets the driver stream with the fetch size
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(
                new Write(
                    rs.getLong(1),
                    rs.getInt(2),
                    rs.getLong(3),
                    rs.getInt(4),
                    rs.getLong(5),
                    rs.getLong(6)));
          }
        }
        c.commit();
      }
    }
    return out;
  }

  /**
   * The SQL expression of when a sink row became visible: its transaction's commit time where the
   * server records commit timestamps, else its insert time.
   */
  public static String visibleAt(Connection c) throws SQLException {
    return tracksCommitTimestamps(c)
        ? "coalesce(pg_xact_commit_timestamp(xmin), written_at)"
        : "written_at";
  }

  /** Whether the server records commit timestamps. */
  public static boolean tracksCommitTimestamps(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SHOW track_commit_timestamp");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() && "on".equalsIgnoreCase(rs.getString(1));
    }
  }

  /** Rows and distinct ids written so far, and the newest write's time (epoch ms, or 0). */
  public record Progress(long rows, long distinct, long lastWrittenAt, int maxIncarnation) {}

  public static Progress progress(Connection c, String runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*), count(DISTINCT event_id),"
                + " coalesce((extract(epoch FROM max(written_at)) * 1000)::bigint, 0),"
                + " coalesce(max(incarnation), -1) FROM sink_writes WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Progress(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4));
      }
    }
  }

  /**
   * Checks the keyed state a run's engine and variant left in {@code sink_state} against the
   * produced ids, reading the rows in key order through a cursor (10^7 keys are not held in
   * memory). Ids at or above {@code produced} that were written anyway (sent, their acknowledgement
   * never received) belong in the state too.
   */
  public static org.recoverybench.check.StateCheck checkState(
      Endpoints e, String runId, String engine, String variant, long keys, long produced)
      throws SQLException {
    try (Connection c = LabClients.jdbc(e)) {
      List<Long> writtenUnacknowledged = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT DISTINCT event_id FROM sink_writes"
                  + " WHERE run_id = ? AND engine = ? AND variant = ? AND event_id >= ?")) {
        ps.setString(1, runId);
        ps.setString(2, engine);
        ps.setString(3, variant);
        ps.setLong(4, produced);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            writtenUnacknowledged.add(rs.getLong(1));
          }
        }
      }
      c.setAutoCommit(false); // a cursor: the driver fetches the rows in pages
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT state_key, record_count, value_sum FROM sink_state"
                  + " WHERE run_id = ? AND engine = ? AND variant = ? ORDER BY state_key")) {
        ps.setFetchSize(10_000);
        ps.setString(1, runId);
        ps.setString(2, engine);
        ps.setString(3, variant);
        try (ResultSet rs = ps.executeQuery()) {
          java.util.Iterator<org.recoverybench.check.StateCheck.KeyState> rows =
              new java.util.Iterator<>() {
                private Boolean ahead;

                @Override
                public boolean hasNext() {
                  if (ahead == null) {
                    try {
                      ahead = rs.next();
                    } catch (SQLException ex) {
                      throw new IllegalStateException(
                          "cannot read sink_state: " + ex.getMessage(), ex);
                    }
                  }
                  return ahead;
                }

                @Override
                public org.recoverybench.check.StateCheck.KeyState next() {
                  if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                  }
                  ahead = null;
                  try {
                    return new org.recoverybench.check.StateCheck.KeyState(
                        rs.getLong(1), rs.getLong(2), rs.getLong(3));
                  } catch (SQLException ex) {
                    throw new IllegalStateException(
                        "cannot read sink_state: " + ex.getMessage(), ex);
                  }
                }
              };
          return org.recoverybench.check.StateCheck.check(
              keys, produced, writtenUnacknowledged, rows);
        }
      } finally {
        c.rollback();
      }
    }
  }

  /** Records of the run that an engine put in {@code sink_dead_letters}. */
  public static long deadLetters(Connection c, String runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT count(*) FROM sink_dead_letters WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Rolls back the prepared (two-phase) transactions of a run that are still pending, e.g. those of
   * a Flink job that failed for good; returns their global ids.
   */
  public static List<String> rollbackPrepared(Endpoints e, String runId) throws SQLException {
    List<String> gids = new java.util.ArrayList<>();
    try (Connection c = org.recoverybench.lab.LabClients.jdbc(e)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT gid FROM pg_prepared_xacts WHERE database = current_database()"
                  + " AND position(? IN gid) > 0 ORDER BY prepared")) {
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            gids.add(rs.getString(1));
          }
        }
      }
      for (String gid : gids) {
        try (java.sql.Statement st = c.createStatement()) {
          st.execute("ROLLBACK PREPARED '" + gid.replace("'", "''") + "'");
        }
      }
    }
    return gids;
  }
}
