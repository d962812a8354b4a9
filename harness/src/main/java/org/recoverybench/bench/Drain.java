package org.recoverybench.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;

/**
 * Watches the rows of one run appear in the sink: one count every {@link #EVERY_MS} ms, until a
 * target count is reached or nothing new arrives for a while. Every writer in the bench, the plain
 * consumer that sets the limit and each engine, is measured by this same clock and this same rule,
 * so their rates compare.
 */
final class Drain {
  static final long EVERY_MS = 200;

  /** One count: when, and how many rows of the run were visible. */
  record Sample(long atMs, long rows) {}

  /** What the sink showed until the target was reached (or the writer stalled). */
  record Outcome(List<Sample> samples, boolean complete) {}

  private Drain() {}

  /**
   * Counts the visible rows of {@code runId} until there are {@code target} of them, no new row
   * came for {@code stall}, or {@code failed} says the writer died.
   */
  static Outcome watch(
      Endpoints e, String runId, long target, Duration stall, BooleanSupplier failed)
      throws SQLException {
    List<Sample> samples = new ArrayList<>();
    long lastRows = -1;
    long lastChange = System.currentTimeMillis();
    try (Connection c = LabClients.jdbc(e);
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM sink_writes WHERE run_id = ?")) {
      ps.setString(1, runId);
      while (true) {
        long rows;
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          rows = rs.getLong(1);
        }
        long now = System.currentTimeMillis();
        samples.add(new Sample(now, rows));
        if (rows >= target) {
          return new Outcome(samples, true);
        }
        if (rows != lastRows) {
          lastRows = rows;
          lastChange = now;
        } else if (now - lastChange > stall.toMillis() || failed.getAsBoolean()) {
          return new Outcome(samples, false);
        }
        sleep(EVERY_MS);
      }
    }
  }

  /**
   * The visible rate of a drain, in rows per second: the rows that became visible after the first
   * visible ones, over the time from those first ones to the last. Start-up (engine scheduling, the
   * first fetch) is left out by starting at the first visible rows. With a sink that commits on
   * checkpoints, rows become visible in steps; the estimate is then off by at most one checkpoint
   * interval over the length of the drain, which is why the backlog is sized to last many
   * intervals.
   */
  static Double rate(List<Sample> samples, long target) {
    Sample first = null;
    Sample last = null;
    for (Sample s : samples) {
      if (first == null && s.rows() > 0) {
        first = s;
      }
      if (s.rows() >= target) {
        last = s;
        break;
      }
    }
    if (first == null || last == null || last.atMs() <= first.atMs()) {
      return null;
    }
    return (last.rows() - first.rows()) * 1000.0 / (last.atMs() - first.atMs());
  }

  /**
   * The rate at which a run's rows were written, from the time each row was inserted ({@code
   * written_at}, the database clock at the INSERT, also inside a transaction that commits later):
   * the middle 80% of the rows over the time between the 10th and the 90th percentile of their
   * insert times. Start-up and the last stragglers are left out, and a sink that commits on
   * checkpoints is measured by its writing, not by when its commits made the rows visible (that is
   * its latency, measured apart). Null with fewer than 10 rows.
   */
  static Double writeRate(Endpoints e, String runId) throws SQLException {
    String sql =
        "SELECT count(*), extract(epoch FROM (percentile_disc(0.9) WITHIN GROUP (ORDER BY"
            + " written_at) - percentile_disc(0.1) WITHIN GROUP (ORDER BY written_at))) * 1000"
            + " FROM sink_writes WHERE run_id = ?";
    try (Connection c = LabClients.jdbc(e);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long n = rs.getLong(1);
        double ms = rs.getDouble(2);
        return n < 10 || ms <= 0 ? null : 0.8 * n * 1000.0 / ms;
      }
    }
  }

  /** Rows and distinct ids of a run in the sink, by SQL: {rows, distinct}. */
  static long[] counts(Endpoints e, String runId) throws SQLException {
    try (Connection c = LabClients.jdbc(e);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*), count(DISTINCT event_id) FROM sink_writes WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms); // the sampling period of the drain, not a wait for a condition
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ex);
    }
  }
}
