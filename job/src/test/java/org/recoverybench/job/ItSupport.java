package org.recoverybench.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.SinkLedger;
import org.recoverybench.lab.workload.EventProducer;
import org.recoverybench.process.Poll;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What the job's integration tests share: producing, polling the ledger, and S3 footprints. */
final class ItSupport {
  private ItSupport() {}

  /** A password file (mode 0600) holding the lab's database password, for --jdbc-password-file. */
  static String passwordFile(Endpoints e, String name) {
    return passwordFile(e.jdbcPassword(), name);
  }

  static String passwordFile(String password, String name) {
    java.nio.file.Path f =
        org.recoverybench.lab.WorkDirs.freshForTest("pw-" + name).resolve("jdbc-password");
    return org.recoverybench.lab.SecretFiles.secret(f, password).toString();
  }

  /** Produces ids 0..n-1 into the topic at the given rate, in the background. */
  static CompletableFuture<Void> produceInBackground(
      Endpoints e, String topic, int partitions, long n, int rate) {
    return CompletableFuture.runAsync(
        () -> {
          try (EventProducer p = new EventProducer(e.kafkaBootstrap(), topic, partitions, 16)) {
            p.produce(0, n, rate);
          }
        });
  }

  static SinkLedger.Counts counts(Endpoints e, String runId, long produced) {
    try {
      return SinkLedger.counts(e, runId, "flink", "datastream", produced);
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static long rows(Endpoints e, String runId) {
    try {
      return SinkLedger.rows(e, runId);
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** Waits until every produced id is in the ledger. */
  static void awaitAllWritten(Endpoints e, String runId, long produced, Duration timeout) {
    boolean ok =
        Poll.until(timeout, Duration.ofSeconds(1), () -> counts(e, runId, produced).lost() == 0);
    if (!ok) {
      throw new AssertionError(
          "not every id was written within " + timeout + ": " + counts(e, runId, produced));
    }
  }

  /** The earliest write of an incarnation above {@code above}, if any. */
  static Optional<Instant> firstWriteAbove(Endpoints e, String runId, int above) {
    String sql =
        "SELECT (extract(epoch FROM min(written_at)) * 1000)::bigint FROM sink_writes"
            + " WHERE run_id = ? AND incarnation > ?";
    try (Connection c = LabClients.jdbc(e);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, runId);
      ps.setInt(2, above);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long ms = rs.getLong(1);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ms));
      }
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The gids of the run's prepared (not yet committed or rolled back) transactions. */
  static java.util.List<String> preparedTransactions(Connection c, String runId) {
    String sql =
        "SELECT gid FROM pg_prepared_xacts WHERE starts_with(gid, ?) ORDER BY prepared, gid";
    java.util.List<String> gids = new java.util.ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, "rb:" + runId + ":");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          gids.add(rs.getString(1));
        }
      }
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
    return gids;
  }

  static java.util.List<String> preparedTransactions(Endpoints e, String runId) {
    try (Connection c = LabClients.jdbc(e)) {
      return preparedTransactions(c, runId);
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /**
   * Waits until the exactly-once sink has a transaction of the run prepared and not yet committed:
   * the sink has taken its part of a checkpoint that has not completed. A failure now is the one
   * that a sink committing before completion turns into duplicates.
   *
   * @return the prepared gids seen
   */
  static java.util.List<String> awaitPreparedTransaction(
      Endpoints e, String runId, Duration timeout) {
    try (Connection c = LabClients.jdbc(e)) {
      java.util.List<java.util.List<String>> seen = new java.util.ArrayList<>();
      boolean ok =
          Poll.until(
              timeout,
              Duration.ofMillis(5),
              () -> {
                java.util.List<String> g = preparedTransactions(c, runId);
                seen.add(g);
                return !g.isEmpty();
              });
      if (!ok) {
        throw new AssertionError("no prepared transaction of " + runId + " within " + timeout);
      }
      return seen.get(seen.size() - 1);
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** Rows per incarnation, as text for the report. */
  static String rowsPerIncarnation(Endpoints e, String runId) {
    String sql =
        "SELECT incarnation, count(*), count(DISTINCT event_id) FROM sink_writes WHERE run_id = ?"
            + " GROUP BY incarnation ORDER BY incarnation";
    StringBuilder sb = new StringBuilder();
    try (Connection c = LabClients.jdbc(e);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sb.append(" inc ")
              .append(rs.getInt(1))
              .append(": ")
              .append(rs.getLong(2))
              .append(" rows/")
              .append(rs.getLong(3))
              .append(" ids;");
        }
      }
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
    return sb.toString();
  }

  /** Objects and bytes under a prefix, and the number of chk-N/_metadata among them. */
  record Footprint(long objects, long bytes, long completedCheckpoints) {}

  static Footprint footprint(Endpoints e, String prefix) {
    try (S3Client s3 = LabClients.s3(e)) {
      long objects = 0;
      long bytes = 0;
      long metadata = 0;
      for (S3Object o :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder().bucket(e.s3Bucket()).prefix(prefix).build())
              .contents()) {
        objects++;
        bytes += o.size();
        if (o.key().matches(".*/chk-\\d+/_metadata")) {
          metadata++;
        }
      }
      return new Footprint(objects, bytes, metadata);
    }
  }
}
