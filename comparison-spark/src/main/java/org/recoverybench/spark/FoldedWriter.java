package org.recoverybench.spark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.recoverybench.contract.SinkSql;

/**
 * The body of {@code foreachPartition} on the stateful pipeline's folded records: in one database
 * transaction, every record's row (as {@link PartitionWriter} writes it, in the same sink mode),
 * the dead letters, and the newest state of each key the slice holds ({@link SinkSql#UPSERT_STATE},
 * the statement the Flink job upserts with).
 *
 * <p>In the transactional variant slice {@code p} holds exactly Kafka partition {@code p}'s records
 * ({@link StatefulPipeline.ByKafkaPartition}), and the same transaction moves {@code p}'s stored
 * offset from the slice's start to its end, only if it still is the start. So {@code p}'s
 * transactions commit one after the other in offset order, each key's state rows are written only
 * in its partition's transactions, and the state rows in {@code sink_state} are always those of the
 * committed offsets: no two transactions race for a key, and the upsert needs no version guard. A
 * record found in another slice than its partition's fails the task.
 */
public final class FoldedWriter implements VoidFunction<Iterator<FoldedRecord>> {
  private static final long serialVersionUID = 1L;

  private final SinkConfig sink;
  private final OffsetRange[] offsetRanges; // transactional only

  public FoldedWriter(SinkConfig sink, OffsetRange[] offsetRanges) {
    this.sink = sink;
    this.offsetRanges = offsetRanges;
  }

  /** The range of Kafka partition {@code partition} among {@code ranges}, or null. */
  static OffsetRange rangeOf(OffsetRange[] ranges, int partition) {
    for (OffsetRange r : ranges) {
      if (r.partition() == partition) {
        return r;
      }
    }
    return null;
  }

  /**
   * Keeps, per key, the newest of the states seen (the highest count: a key's records are folded
   * one after the other, each making the count one more).
   */
  static void keepNewest(Map<Long, FoldedRecord> newest, FoldedRecord r) {
    newest.merge(r.key(), r, (a, b) -> b.count() > a.count() ? b : a);
  }

  @Override
  public void call(Iterator<FoldedRecord> records) throws Exception {
    int slice = TaskContext.get().partitionId();
    OffsetRange range = offsetRanges == null ? null : rangeOf(offsetRanges, slice);
    boolean moves = range != null && range.fromOffset() != range.untilOffset();
    if (!records.hasNext() && !moves) {
      return;
    }
    try (Connection c = PartitionWriter.connect(sink)) {
      c.setAutoCommit(false);
      Map<Long, FoldedRecord> newest = new TreeMap<>(); // in key order: rows locked in one order
      long rows = 0;
      try (PreparedStatement ps = c.prepareStatement(SinkSql.rowStatement(sink.sinkMode()));
          PreparedStatement dead = c.prepareStatement(SinkSql.INSERT_DEAD_LETTER)) {
        int pending = 0;
        while (records.hasNext()) {
          FoldedRecord r = records.next();
          if (r == null) {
            continue;
          }
          KeyedEvent e = r.event();
          if (offsetRanges != null && e.partition() != slice) {
            throw new IllegalStateException(
                "the record at "
                    + e.topic()
                    + "-"
                    + e.partition()
                    + "@"
                    + e.offset()
                    + " (key "
                    + r.key()
                    + ") is in slice "
                    + slice
                    + ": --keys must be a multiple of the topic's partitions");
          }
          rows++;
          if (e.poison()) {
            SinkSql.bindDeadLetter(
                dead,
                sink.runId(),
                PartitionWriter.ENGINE,
                sink.variant(),
                e.topic(),
                e.partition(),
                e.offset(),
                e.rawValue(),
                e.error(),
                sink.incarnation());
            dead.executeUpdate();
            continue;
          }
          SinkSql.bindRow(
              ps,
              sink.sinkMode(),
              sink.runId(),
              PartitionWriter.ENGINE,
              sink.variant(),
              e.topic(),
              e.partition(),
              e.offset(),
              e.eventId(),
              e.eventTimeMillis(),
              sink.incarnation(),
              e.payload());
          ps.addBatch();
          keepNewest(newest, r);
          if (++pending >= PartitionWriter.JDBC_BATCH) {
            ps.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          ps.executeBatch();
        }
      }
      if (offsetRanges != null && range == null && rows > 0) {
        throw new IllegalStateException(
            "slice "
                + slice
                + " holds records but the batch has no offset range of partition "
                + slice);
      }
      upsertStates(c, newest);
      if (moves) {
        PartitionWriter.moveOffset(c, sink, range);
      }
      c.commit();
    }
  }

  private void upsertStates(Connection c, Map<Long, FoldedRecord> newest) throws SQLException {
    if (newest.isEmpty()) {
      return;
    }
    try (PreparedStatement st = c.prepareStatement(SinkSql.UPSERT_STATE)) {
      int pending = 0;
      for (FoldedRecord r : newest.values()) {
        SinkSql.bindState(
            st,
            sink.runId(),
            PartitionWriter.ENGINE,
            sink.variant(),
            r.key(),
            r.count(),
            r.sum(),
            r.lastEventId(),
            sink.incarnation());
        st.addBatch();
        if (++pending >= PartitionWriter.JDBC_BATCH) {
          st.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        st.executeBatch();
      }
    }
  }
}
