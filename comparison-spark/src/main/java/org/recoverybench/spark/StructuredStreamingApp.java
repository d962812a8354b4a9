package org.recoverybench.spark;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.recoverybench.contract.SinkSql;

/**
 * The app as a Structured Streaming query, the migration that stays on Spark: the Kafka source
 * ({@code spark-sql-kafka-0-10}), {@code foreachBatch} writing every record to PostgreSQL, the
 * {@code checkpointLocation} given as {@code --checkpoint-dir} (e.g. on S3 through s3a), and a
 * processing-time trigger of {@code --batch-seconds}. A restarted driver resumes from its
 * checkpoint's offsets and commits logs, as Structured Streaming always does.
 *
 * <p>Lines for the harness: {@code RB-CONTEXT created a new StreamingQuery} when the checkpoint
 * holds no offsets log yet, {@code RB-READY} once the source's start offsets are fixed (its
 * initial-offsets file is in the checkpoint), {@code Received N records.} and {@code RB-BATCH} for
 * each non-empty batch.
 */
final class StructuredStreamingApp {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private StructuredStreamingApp() {}

  static void run(AppOptions o, SinkConfig sink) throws Exception {
    boolean idempotent = o.variant().equals("structured-idempotent");
    if (idempotent) {
      checkBatchesTable(sink);
    }
    SparkSession spark =
        SparkSession.builder().config(SparkStreamingApp.sparkConf(o)).getOrCreate();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (!hasFiles(hadoop, under(o.checkpointDir(), "offsets"))) {
      System.out.println(
          "RB-CONTEXT created a new StreamingQuery (no offsets log in the checkpoint)");
    }
    Dataset<Row> records =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", o.bootstrap())
            .option("subscribe", o.topic())
            .option("startingOffsets", o.autoOffsetReset() == null ? "latest" : o.autoOffsetReset())
            .load()
            .selectExpr("topic", "partition", "offset", "CAST(value AS STRING) AS value");
    if (o.upgradeExtraOperator()) {
      // the upgraded query, as a code change would make it: one more column, projected after the
      // source (a change Structured Streaming lets a query make over its checkpoint), which the
      // batch writer counts per partition with an output of its own
      records = records.withColumn(StructuredBatchWriter.EXTRA_COLUMN, functions.col("partition"));
    }
    StreamingQuery query =
        records
            .writeStream()
            .queryName(SparkStreamingApp.APP_NAME)
            .trigger(Trigger.ProcessingTime(o.batchSeconds() * 1000L))
            .option("checkpointLocation", o.checkpointDir())
            .foreachBatch(new StructuredBatchWriter(sink, idempotent, o.checkpointDir()))
            .start();
    awaitStartOffsets(query, hadoop, o.checkpointDir());
    SparkStreamingApp.ready(o, " query=" + query.id());
    query.awaitTermination();
  }

  /**
   * Waits until the Kafka source has fixed its start offsets: it writes them to {@code sources/0/0}
   * in the checkpoint at the first trigger, before which records would be read from wherever {@code
   * latest} is then. Fails if the query stops first.
   */
  static void awaitStartOffsets(StreamingQuery query, Configuration hadoop, String checkpointDir)
      throws IOException, InterruptedException {
    String initial = under(checkpointDir, "sources/0/0");
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!exists(hadoop, initial)) {
      if (!query.isActive()) {
        throw new IllegalStateException(
            "the query stopped before it fixed its start offsets"
                + (query.exception().isDefined()
                    ? ": " + query.exception().get().getMessage()
                    : ""));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the query wrote no start offsets to " + initial + " within " + READY_TIMEOUT);
      }
      Thread.sleep(200);
    }
  }

  /** {@code child} under the directory {@code dir}, whether or not it ends with a slash. */
  static String under(String dir, String child) {
    return dir.replaceAll("/+$", "") + "/" + child;
  }

  private static boolean exists(Configuration hadoop, String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(hadoop).exists(p);
  }

  /** Whether {@code dir} exists and holds at least one file. */
  static boolean hasFiles(Configuration hadoop, String dir) throws IOException {
    Path p = new Path(dir);
    FileSystem fs = FileSystem.get(URI.create(dir), hadoop);
    if (!fs.exists(p)) {
      return false;
    }
    for (FileStatus s : fs.listStatus(p)) {
      if (s.isFile()) {
        return true;
      }
    }
    return false;
  }

  /** Fails fast with one line if the sink lacks the table of the batches written. */
  static void checkBatchesTable(SinkConfig sink) throws SQLException {
    try (Connection c = PartitionWriter.connect(sink);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?")) {
      ps.setString(1, SinkSql.BATCHES_TABLE);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getInt(1) < 1) {
          throw new SQLException(
              "the sink table "
                  + SinkSql.BATCHES_TABLE
                  + " (structured-idempotent) is missing in "
                  + sink.jdbcUrl());
        }
      }
    }
  }
}
