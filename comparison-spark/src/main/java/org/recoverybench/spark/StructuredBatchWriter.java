package org.recoverybench.spark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.recoverybench.contract.SinkSql;

/**
 * The body of {@code foreachBatch}, on the driver once per micro-batch. The batch's rows are the
 * Kafka source's {@code topic, partition, offset, value} (value as a string), written under the
 * sink contract:
 *
 * <ul>
 *   <li>{@code structured}: as most users write it, {@code count()} then {@code foreachPartition}
 *       with a JDBC writer, one transaction per partition; a batch re-run after a crash writes its
 *       rows again (at least once);
 *   <li>{@code structured-idempotent}: the batch's rows and its {@code batchId} in one database
 *       transaction, written from the driver; a batch whose id is already in {@code stream_batches}
 *       for this run and query is skipped.
 * </ul>
 */
final class StructuredBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;

  /**
   * The column the upgraded query ({@code --upgrade-extra-operator true}) adds after the source.
   */
  static final String EXTRA_COLUMN = "rb_extra_partition";

  /** The local property Structured Streaming sets on its stream thread: the query's id. */
  static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  private final SinkConfig sink;
  private final boolean idempotent;
  private final String checkpointDir;
  private transient boolean firstBatchSeen;

  StructuredBatchWriter(SinkConfig sink, boolean idempotent, String checkpointDir) {
    this.sink = sink;
    this.idempotent = idempotent;
    this.checkpointDir = checkpointDir;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) throws Exception {
    if (java.util.Arrays.asList(batch.columns()).contains(EXTRA_COLUMN)) {
      countPerPartition(batch, batchId);
    }
    if (idempotent) {
      writeIdempotent(batch, batchId);
    } else {
      long count = batch.count();
      if (count > 0) {
        System.out.println("Received " + count + " records.");
        logBatch(batchId, null, false);
        batch.foreachPartition(new RowPartitionWriter(sink));
      }
    }
  }

  /**
   * The upgraded query's extra operator: the batch's records counted per partition, logged as
   * {@code RB-EXTRA-OPERATOR} for each non-empty batch, so a restarted driver shows whether the
   * changed query runs.
   */
  private static void countPerPartition(Dataset<Row> batch, long batchId) {
    Map<Integer, Long> counts = new TreeMap<>();
    for (Row r : batch.groupBy(EXTRA_COLUMN).count().collectAsList()) {
      counts.put(r.getInt(0), r.getLong(1));
    }
    if (!counts.isEmpty()) {
      System.out.println(
          "RB-EXTRA-OPERATOR time="
              + System.currentTimeMillis()
              + " batch="
              + batchId
              + " records_per_partition="
              + counts);
    }
  }

  private void writeIdempotent(Dataset<Row> batch, long batchId) throws SQLException {
    List<Row> rows = batch.collectAsList();
    if (rows.isEmpty()) {
      return;
    }
    System.out.println("Received " + rows.size() + " records.");
    String queryId = queryId(batch);
    try (Connection c = PartitionWriter.connect(sink)) {
      c.setAutoCommit(false);
      try (PreparedStatement claim = c.prepareStatement(SinkSql.CLAIM_BATCH)) {
        claim.setString(1, sink.runId());
        claim.setString(2, queryId);
        claim.setLong(3, batchId);
        claim.setInt(4, rows.size());
        claim.setInt(5, sink.incarnation());
        if (claim.executeUpdate() == 0) {
          c.rollback();
          logBatch(batchId, rows, true);
          System.out.println(
              "RB-BATCH-SKIPPED batch=" + batchId + " query=" + queryId + " (already written)");
          return;
        }
      }
      logBatch(batchId, rows, false);
      writeRows(c, sink, rows.iterator());
      c.commit();
    }
  }

  /** The query's id (it lives in the checkpoint), or the checkpoint directory if Spark hides it. */
  private String queryId(Dataset<Row> batch) {
    String id = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    return id != null ? id : checkpointDir;
  }

  private void logBatch(long batchId, List<Row> rows, boolean skipped) {
    System.out.println(
        "RB-BATCH time="
            + System.currentTimeMillis()
            + " incarnation="
            + sink.incarnation()
            + (firstBatchSeen ? "" : " first=true")
            + " batch="
            + batchId
            + (skipped ? " skipped=true" : "")
            + (rows == null ? "" : " offsets=" + describe(rows)));
    System.out.flush(); // the harness counts these lines to time its faults
    firstBatchSeen = true;
  }

  /** Each partition's offsets in the rows, as {@code p:[from,until)}. */
  static String describe(List<Row> rows) {
    Map<Integer, long[]> ranges = new TreeMap<>();
    for (Row r : rows) {
      long offset = r.getLong(2);
      ranges.merge(
          r.getInt(1),
          new long[] {offset, offset + 1},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }
    return ranges.entrySet().stream()
        .map(e -> e.getKey() + ":[" + e.getValue()[0] + "," + e.getValue()[1] + ")")
        .collect(Collectors.joining(" "));
  }

  /**
   * Writes rows of {@code topic, partition, offset, value} in JDBC batches on {@code c}, in its
   * transaction (the caller commits).
   */
  static void writeRows(Connection c, SinkConfig sink, Iterator<Row> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SinkSql.rowStatement(sink.sinkMode()));
        PreparedStatement dead = c.prepareStatement(SinkSql.INSERT_DEAD_LETTER)) {
      int pending = 0;
      while (rows.hasNext()) {
        Row r = rows.next();
        if (PartitionWriter.addRecord(
                ps, dead, sink, r.getString(0), r.getInt(1), r.getLong(2), r.getString(3))
            && ++pending >= PartitionWriter.JDBC_BATCH) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
  }

  /** {@code structured}: one partition of the batch, in one transaction, on an executor. */
  static final class RowPartitionWriter implements ForeachPartitionFunction<Row> {
    private static final long serialVersionUID = 1L;
    private final SinkConfig sink;

    RowPartitionWriter(SinkConfig sink) {
      this.sink = sink;
    }

    @Override
    public void call(Iterator<Row> rows) throws Exception {
      if (!rows.hasNext()) {
        return;
      }
      try (Connection c = PartitionWriter.connect(sink)) {
        c.setAutoCommit(false);
        writeRows(c, sink, rows);
        c.commit();
      }
    }
  }
}
