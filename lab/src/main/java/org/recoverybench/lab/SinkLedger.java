package org.recoverybench.lab;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Counts over the sink ledger ({@code sink_writes}) for one run, engine and variant: what the tests
 * and the checker ask first. {@code lost} is relative to ids {@code 0..produced-1}.
 */
public final class SinkLedger {
  private SinkLedger() {}

  /** The counts of one run. */
  public record Counts(long rows, long distinct, long duplicatedIds, long extraWrites, long lost) {}

  public static Counts counts(
      Endpoints e, String runId, String engine, String variant, long produced) throws SQLException {
    String sql =
        "WITH w AS (SELECT event_id, count(*) AS n FROM sink_writes"
            + " WHERE run_id = ? AND engine = ? AND variant = ? GROUP BY event_id)"
            + " SELECT coalesce(sum(n),0), count(*), count(*) FILTER (WHERE n > 1),"
            + " coalesce(sum(n - 1),0), count(*) FILTER (WHERE event_id >= 0 AND event_id < ?)"
            + " FROM w";
    try (Connection c = LabClients.jdbc(e);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, runId);
      ps.setString(2, engine);
      ps.setString(3, variant);
      ps.setLong(4, produced);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long distinctInRange = rs.getLong(5);
        return new Counts(
            rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), produced - distinctInRange);
      }
    }
  }

  /** The number of rows written so far for a run, any engine. */
  public static long rows(Endpoints e, String runId) throws SQLException {
    try (Connection c = LabClients.jdbc(e);
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM sink_writes WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
