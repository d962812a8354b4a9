package org.recoverybench.job;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.UnsupportedFileSystemSchemeException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Fast checks, before the job is submitted, that Kafka, the checkpoint store and the database are
 * reachable with the given options. Each failure is one line that names the problem; without these
 * checks the same mistakes show up minutes later as restart loops in the TaskManager logs.
 */
public final class Preflight {
  private static final int KAFKA_TIMEOUT_S = 15;
  private static final int S3_TIMEOUT_S = 30;

  private Preflight() {}

  /** A failed check; the message is one line. */
  public static final class PreflightException extends RuntimeException {
    public PreflightException(String message) {
      super(message);
    }
  }

  public static void check(JobOptions o) {
    checkKafka(o);
    checkDatabase(o);
    checkCheckpointStore(o);
  }

  static void checkKafka(JobOptions o) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(KAFKA_TIMEOUT_S * 1000));
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    Admin admin;
    try {
      admin = Admin.create(p);
    } catch (RuntimeException e) {
      throw new PreflightException(
          "cannot use the Kafka bootstrap servers '" + o.bootstrap() + "': " + rootMessage(e));
    }
    try {
      admin.describeTopics(o.topics()).allTopicNames().get(KAFKA_TIMEOUT_S + 5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof UnknownTopicOrPartitionException) {
        throw new PreflightException(
            "Kafka topic " + o.topics() + " does not exist at " + o.bootstrap());
      }
      if (c instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw new PreflightException(
            "cannot reach Kafka at "
                + o.bootstrap()
                + ": no broker answered within "
                + KAFKA_TIMEOUT_S
                + " s");
      }
      throw new PreflightException(
          "Kafka at "
              + o.bootstrap()
              + " refused to describe "
              + o.topics()
              + ": "
              + rootMessage(e));
    } catch (TimeoutException e) {
      throw new PreflightException(
          "cannot reach Kafka at " + o.bootstrap() + ": no broker answered in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PreflightException("interrupted while checking Kafka");
    } finally {
      admin.close(java.time.Duration.ZERO);
    }
  }

  static void checkDatabase(JobOptions o) {
    Properties p = new Properties();
    p.setProperty("user", o.jdbcUser());
    try {
      p.setProperty("password", o.jdbcPassword().read());
    } catch (JdbcPassword.PasswordException e) {
      throw new PreflightException(e.getMessage());
    }
    p.setProperty("connectTimeout", "10");
    Connection c;
    try {
      // the driver directly: DriverManager does not see drivers inside a job jar's class loader
      c = new org.postgresql.Driver().connect(o.jdbcUrl(), p);
      if (c == null) {
        throw new PreflightException("the JDBC URL is not a PostgreSQL URL: " + o.jdbcUrl());
      }
    } catch (SQLException e) {
      throw new PreflightException(
          "cannot connect to PostgreSQL at " + o.jdbcUrl() + ": " + rootMessage(e));
    }
    try (c) {
      List<String> tables = new ArrayList<>();
      tables.add(o.sinkMode() == JobOptions.SinkMode.UPSERT ? "sink_upsert" : "sink_writes");
      if (o.onParseError() == JobOptions.OnParseError.DEAD_LETTER) {
        tables.add("sink_dead_letters");
      }
      for (String t : tables) {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?)")) {
          ps.setString(1, t);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getString(1) == null) {
              throw new PreflightException(
                  "the sink table "
                      + t
                      + " does not exist in "
                      + o.jdbcUrl()
                      + " (apply the sink schema, sink-schema.sql)");
            }
          }
        }
      }
      if (o.sinkMode() == JobOptions.SinkMode.EXACTLY_ONCE) {
        for (String w : checkPreparedTransactions(c, o)) {
          System.err.println(RecoveryBenchJob.PROGRAM + ": warning: " + w);
        }
      }
    } catch (SQLException e) {
      throw new PreflightException(
          "cannot check the sink tables at " + o.jdbcUrl() + ": " + rootMessage(e));
    }
  }

  /** A prepared transaction, as {@code pg_prepared_xacts} shows it. */
  record PreparedXact(String gid, String database, Duration age) {}

  /** The share of max_prepared_transactions in use from which the check warns. */
  static final double NEARLY_FULL = 0.8;

  private static List<String> checkPreparedTransactions(Connection c, JobOptions o)
      throws SQLException {
    int max;
    try (PreparedStatement ps = c.prepareStatement("SHOW max_prepared_transactions");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      max = Integer.parseInt(rs.getString(1).trim());
    }
    List<PreparedXact> all = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT gid, database, (extract(epoch FROM now() - prepared) * 1000)::bigint"
                    + " FROM pg_prepared_xacts ORDER BY prepared, gid");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        all.add(
            new PreparedXact(rs.getString(1), rs.getString(2), Duration.ofMillis(rs.getLong(3))));
      }
    }
    return preparedTransactionFindings(
        max, all, JdbcSinks.gidPrefix(o) + ":", Math.max(1, o.parallelism()), o.jdbcUrl());
  }

  /**
   * What the prepared transactions of the database server say about a start of the exactly-once
   * sink: an error if the sink cannot prepare (max_prepared_transactions is 0, or fewer slots are
   * free than two per subtask once this run's own leftovers are resolved), else warnings for
   * orphans (prepared transactions of other runs or programs: they hold the server's vacuum horizon
   * and use up slots; roll them back if nothing will commit them) and for a nearly full setting.
   * This run's own leftovers are not orphans: the job's writers resolve them.
   *
   * @param ownPrefix the gid prefix of this run's sink, with its trailing colon
   */
  static List<String> preparedTransactionFindings(
      int max, List<PreparedXact> all, String ownPrefix, int parallelism, String url) {
    if (max <= 0) {
      throw new PreflightException(
          "the exactly-once sink needs max_prepared_transactions > 0 on "
              + url
              + " (it is "
              + max
              + ")");
    }
    List<PreparedXact> orphans = all.stream().filter(x -> !x.gid().startsWith(ownPrefix)).toList();
    int own = all.size() - orphans.size();
    int needed = 2 * parallelism;
    if (max - orphans.size() < needed) {
      throw new PreflightException(
          "max_prepared_transactions is "
              + max
              + " on "
              + url
              + " and "
              + orphans.size()
              + " are held by other prepared transactions (oldest "
              + describe(orphans)
              + "); the exactly-once sink needs "
              + needed
              + " free (2 per subtask): roll back the orphans or raise the setting");
    }
    List<String> findings = new ArrayList<>();
    if (!orphans.isEmpty()) {
      findings.add(
          orphans.size()
              + " prepared transactions of other runs or programs are pending on the server"
              + " (oldest "
              + describe(orphans)
              + "): they hold the vacuum horizon and use up max_prepared_transactions;"
              + " roll them back (ROLLBACK PREPARED) if nothing will commit them");
    }
    if (all.size() >= NEARLY_FULL * max) {
      findings.add(
          all.size()
              + " of max_prepared_transactions = "
              + max
              + " are in use ("
              + own
              + " of this run, resolved when its writers start)");
    }
    return findings;
  }

  private static String describe(List<PreparedXact> xacts) {
    if (xacts.isEmpty()) {
      return "none";
    }
    PreparedXact x = xacts.get(0);
    return "'" + x.gid() + "' in " + x.database() + ", prepared " + x.age().toSeconds() + " s ago";
  }

  static void checkCheckpointStore(JobOptions o) {
    Path dir = new Path(o.checkpointDir());
    FileSystem fs;
    try {
      fs = dir.getFileSystem();
    } catch (UnsupportedFileSystemSchemeException e) {
      // this client has no plugin for the scheme; the cluster may have it, so it decides
      System.err.println(
          "recoverybench-flink-job: warning: cannot check "
              + o.checkpointDir()
              + " from this client ("
              + oneLine(e.getMessage())
              + ")");
      return;
    } catch (Exception e) {
      throw new PreflightException(
          "cannot open the checkpoint directory " + o.checkpointDir() + ": " + rootMessage(e));
    }
    Path probe = new Path(dir, "_preflight-" + UUID.randomUUID());
    FileSystem target = fs;
    java.util.concurrent.CompletableFuture<Void> write =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              try {
                try (OutputStream out = target.create(probe, FileSystem.WriteMode.OVERWRITE)) {
                  out.write("recoverybench preflight\n".getBytes(StandardCharsets.UTF_8));
                }
                target.delete(probe, false);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    try {
      write.get(S3_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new PreflightException(
          "cannot write to the checkpoint directory " + o.checkpointDir() + ": " + rootMessage(e));
    } catch (TimeoutException e) {
      write.cancel(true);
      throw new PreflightException(
          "cannot write to the checkpoint directory "
              + o.checkpointDir()
              + ": no success within "
              + S3_TIMEOUT_S
              + " s (the store keeps retrying: check the endpoint and the keys)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PreflightException("interrupted while checking the checkpoint directory");
    }
  }

  /** The innermost cause's class and message, on one line. */
  static String rootMessage(Throwable e) {
    Throwable r = e;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    String m = r.getMessage();
    String outer = e.getMessage();
    String text =
        r.getClass().getSimpleName()
            + (m == null ? "" : ": " + m)
            + (r != e && outer != null && !outer.equals(m) ? " (" + outer + ")" : "");
    return oneLine(text);
  }

  static String oneLine(String s) {
    String t = s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    return t.length() > 400 ? t.substring(0, 397) + "..." : t;
  }
}
