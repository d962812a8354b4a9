package org.recoverybench.job;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/** The JDBC sinks of the three sink modes, built with flink-connector-jdbc's Sink V2. */
public final class JdbcSinks {
  private JdbcSinks() {}

  static final String INSERT_WRITES =
      "INSERT INTO sink_writes (run_id, engine, variant, sink_mode, topic, kafka_partition,"
          + " kafka_offset, event_id, event_time, incarnation, payload)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String UPSERT_SQL =
      "INSERT INTO sink_upsert (run_id, engine, variant, event_id, topic, kafka_partition,"
          + " kafka_offset, event_time, incarnation, payload)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (run_id, engine, variant, event_id) DO UPDATE SET"
          + " topic = EXCLUDED.topic, kafka_partition = EXCLUDED.kafka_partition,"
          + " kafka_offset = EXCLUDED.kafka_offset, event_time = EXCLUDED.event_time,"
          + " incarnation = EXCLUDED.incarnation, payload = EXCLUDED.payload,"
          + " written_at = clock_timestamp(), write_count = sink_upsert.write_count + 1";

  static final String INSERT_DEAD_LETTER =
      "INSERT INTO sink_dead_letters (run_id, engine, variant, topic, kafka_partition,"
          + " kafka_offset, raw_value, error, incarnation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** The statement of a sink mode. */
  public static String sqlFor(JobOptions.SinkMode mode) {
    return mode == JobOptions.SinkMode.UPSERT ? UPSERT_SQL : INSERT_WRITES;
  }

  /** Binds a row to {@link #INSERT_WRITES}. */
  static void bindWrite(PreparedStatement ps, SinkRow r) throws SQLException {
    ps.setString(1, r.runId);
    ps.setString(2, r.engine);
    ps.setString(3, r.variant);
    ps.setString(4, r.sinkMode);
    ps.setString(5, r.topic);
    ps.setInt(6, r.kafkaPartition);
    ps.setLong(7, r.kafkaOffset);
    ps.setLong(8, r.eventId);
    ps.setObject(9, utc(r.eventTimeMillis));
    ps.setInt(10, r.incarnation);
    ps.setString(11, r.payload);
  }

  /** Binds a row to {@link #UPSERT_SQL}. */
  static void bindUpsert(PreparedStatement ps, SinkRow r) throws SQLException {
    ps.setString(1, r.runId);
    ps.setString(2, r.engine);
    ps.setString(3, r.variant);
    ps.setLong(4, r.eventId);
    ps.setString(5, r.topic);
    ps.setInt(6, r.kafkaPartition);
    ps.setLong(7, r.kafkaOffset);
    ps.setObject(8, utc(r.eventTimeMillis));
    ps.setInt(9, r.incarnation);
    ps.setString(10, r.payload);
  }

  static void bindDeadLetter(PreparedStatement ps, DeadLetter d) throws SQLException {
    ps.setString(1, d.runId);
    ps.setString(2, d.engine);
    ps.setString(3, d.variant);
    ps.setString(4, d.topic);
    ps.setInt(5, d.kafkaPartition);
    ps.setLong(6, d.kafkaOffset);
    ps.setString(7, d.rawValue);
    ps.setString(8, d.error);
    ps.setInt(9, d.incarnation);
  }

  static OffsetDateTime utc(long epochMillis) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
  }

  /**
   * The URL the sinks write through: the given one with PostgreSQL's {@code
   * reWriteBatchedInserts=true}, which sends a JDBC batch of single-row INSERTs as multi-row
   * INSERTs (one round trip and one parse per up to 128 rows instead of per row). The Spark app and
   * the bench's limit writer use the same setting. A URL that sets it already is left alone.
   */
  static String writeUrl(String url) {
    if (url.contains("reWriteBatchedInserts=")) {
      return url;
    }
    return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
  }

  /** The sink of the rows, for the options' sink mode. */
  public static Sink<SinkRow> rows(JobOptions o) {
    JdbcExecutionOptions.Builder exec =
        JdbcExecutionOptions.builder()
            .withBatchSize(o.jdbcBatchSize())
            .withBatchIntervalMs(o.jdbcBatchInterval().toMillis());
    switch (o.sinkMode()) {
      case APPEND:
        return JdbcSink.<SinkRow>builder()
            .withExecutionOptions(exec.withMaxRetries(3).build())
            .withQueryStatement(INSERT_WRITES, (JdbcStatementBuilder<SinkRow>) JdbcSinks::bindWrite)
            .buildAtLeastOnce(connection(o));
      case UPSERT:
        return JdbcSink.<SinkRow>builder()
            .withExecutionOptions(exec.withMaxRetries(3).build())
            .withQueryStatement(UPSERT_SQL, (JdbcStatementBuilder<SinkRow>) JdbcSinks::bindUpsert)
            .buildAtLeastOnce(connection(o));
      case EXACTLY_ONCE:
        // Not the connector's XA sink (buildExactlyOnce): its Sink V2 writer commits each
        // transaction in snapshotState, before the checkpoint completes, so a failure in between
        // replays rows that are already committed (1,235 duplicates after a TaskManager kill -9).
        // See PreparedTransactionSink.
        return new PreparedTransactionSink<>(
            writeUrl(o.jdbcUrl()),
            o.jdbcUser(),
            o.jdbcPassword(),
            INSERT_WRITES,
            JdbcSinks::bindWrite,
            o.jdbcBatchSize(),
            gidPrefix(o));
      default:
        throw new IllegalArgumentException("unknown sink mode " + o.sinkMode());
    }
  }

  /**
   * The prefix of the exactly-once sink's prepared transactions: the same for every submission of a
   * run, so that a resubmitted job resolves what the previous one prepared.
   */
  static String gidPrefix(JobOptions o) {
    return "rb:" + o.runId() + ":" + o.variant() + ":" + RecoveryBenchJob.UID_SINK;
  }

  /** The at-least-once sink of the dead letters. */
  public static Sink<DeadLetter> deadLetters(JobOptions o) {
    return JdbcSink.<DeadLetter>builder()
        .withExecutionOptions(
            JdbcExecutionOptions.builder().withBatchSize(1).withMaxRetries(3).build())
        .withQueryStatement(
            INSERT_DEAD_LETTER, (JdbcStatementBuilder<DeadLetter>) JdbcSinks::bindDeadLetter)
        .buildAtLeastOnce(connection(o));
  }

  /** Connections whose password each TaskManager reads itself (the job graph has none). */
  private static PasswordConnectionProvider connection(JobOptions o) {
    return new PasswordConnectionProvider(writeUrl(o.jdbcUrl()), o.jdbcUser(), o.jdbcPassword());
  }
}
