package org.recoverybench.spark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.recoverybench.contract.SinkSql;

/**
 * The body of {@code rdd.foreachPartition}: writes every record of one Kafka partition's slice of
 * the batch to PostgreSQL, in JDBC batches, in one database transaction. A record that cannot be
 * parsed fails the task ({@code --on-parse-error fail}, as the original app would fail), or is
 * written to {@code sink_dead_letters} in the same transaction ({@code dead-letter}).
 *
 * <p>In the transactional variant the same transaction also moves the partition's stored offset
 * from the slice's start to its end, and only if the stored offset still is the slice's start, as
 * Spark's Kafka integration guide describes ("store offsets in your own data store").
 */
public final class PartitionWriter
    implements VoidFunction<Iterator<ConsumerRecord<String, String>>> {
  private static final long serialVersionUID = 1L;
  static final int JDBC_BATCH = 500;
  static final String ENGINE = "spark";

  static final String MOVE_OFFSET = SinkSql.MOVE_OFFSET;

  private final SinkConfig sink;
  private final OffsetRange[] offsetRanges; // transactional only

  public PartitionWriter(SinkConfig sink, OffsetRange[] offsetRanges) {
    this.sink = sink;
    this.offsetRanges = offsetRanges;
  }

  /** The sink this writer writes to. */
  SinkConfig sink() {
    return sink;
  }

  static String abbreviate(String v) {
    if (v == null) {
      return "null";
    }
    return v.length() > 80 ? v.substring(0, 80) + "..." : v;
  }

  /** The error of a record that cannot be parsed, under {@code --on-parse-error fail}. */
  static IllegalArgumentException poison(
      String topic, int partition, long offset, String value, RuntimeException e) {
    return new IllegalArgumentException(
        "poison record at "
            + topic
            + "-"
            + partition
            + "@"
            + offset
            + ": cannot parse '"
            + abbreviate(value)
            + "': "
            + e,
        e);
  }

  static Connection connect(SinkConfig sink) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", sink.jdbcUser());
    p.setProperty("password", sink.jdbcPassword().read());
    p.setProperty("connectTimeout", "10");
    p.setProperty("reWriteBatchedInserts", "true");
    return DriverManager.getConnection(sink.jdbcUrl(), p);
  }

  /**
   * One Kafka record under the sink contract: its row is bound and added to {@code ps}'s batch
   * (true), or, when it cannot be parsed, it fails ({@code --on-parse-error fail}: the task fails,
   * so the batch fails, and the app stops with the error, as the original) or is written to {@code
   * sink_dead_letters} at once (false).
   */
  static boolean addRecord(
      PreparedStatement ps,
      PreparedStatement dead,
      SinkConfig sink,
      String topic,
      int partition,
      long offset,
      String value)
      throws SQLException {
    long id;
    long eventTime;
    String payload;
    try {
      String[] f = value.split(",", 3);
      id = Long.parseLong(f[0]);
      eventTime = Long.parseLong(f[1]);
      payload = f.length > 2 ? f[2] : "";
    } catch (RuntimeException e) {
      if (!sink.deadLetter()) {
        throw poison(topic, partition, offset, value, e);
      }
      SinkSql.bindDeadLetter(
          dead,
          sink.runId(),
          ENGINE,
          sink.variant(),
          topic,
          partition,
          offset,
          value,
          e.toString(),
          sink.incarnation());
      dead.executeUpdate();
      return false;
    }
    SinkSql.bindRow(
        ps,
        sink.sinkMode(),
        sink.runId(),
        ENGINE,
        sink.variant(),
        topic,
        partition,
        offset,
        id,
        eventTime,
        sink.incarnation(),
        payload);
    ps.addBatch();
    return true;
  }

  /**
   * Moves the stored offset of {@code range}'s partition from its start to its end, in {@code c}'s
   * transaction; if another writer moved it, rolls the transaction back and fails.
   */
  static void moveOffset(Connection c, SinkConfig sink, OffsetRange range) throws SQLException {
    try (PreparedStatement mo = c.prepareStatement(MOVE_OFFSET)) {
      mo.setString(1, sink.runId());
      mo.setString(2, sink.groupId());
      mo.setString(3, range.topic());
      mo.setInt(4, range.partition());
      mo.setLong(5, range.untilOffset());
      mo.setLong(6, range.fromOffset());
      if (mo.executeUpdate() != 1) {
        c.rollback();
        throw new IllegalStateException(
            "the stored offset of "
                + range.topicPartition()
                + " is no longer "
                + range.fromOffset()
                + ": another writer moved it; rolled back this slice");
      }
    }
  }

  @Override
  public void call(Iterator<ConsumerRecord<String, String>> records) throws Exception {
    OffsetRange range = offsetRanges == null ? null : offsetRanges[TaskContext.get().partitionId()];
    if (!records.hasNext() && (range == null || range.fromOffset() == range.untilOffset())) {
      return;
    }
    try (Connection c = connect(sink)) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(SinkSql.rowStatement(sink.sinkMode()));
          PreparedStatement dead = c.prepareStatement(SinkSql.INSERT_DEAD_LETTER)) {
        int pending = 0;
        while (records.hasNext()) {
          ConsumerRecord<String, String> r = records.next();
          if (addRecord(ps, dead, sink, r.topic(), r.partition(), r.offset(), r.value())
              && ++pending >= JDBC_BATCH) {
            ps.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          ps.executeBatch();
        }
      }
      if (range != null) {
        moveOffset(c, sink, range);
      }
      c.commit();
    }
  }
}
