package org.recoverybench.job;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.recoverybench.contract.SinkSql;

/** The JDBC sinks of the three sink modes, built with flink-connector-jdbc's Sink V2. */
public final class JdbcSinks {
  private JdbcSinks() {}

  /** {@code append} and {@code exactly-once}: one row into {@code sink_writes}. */
  static final String INSERT_WRITES = SinkSql.INSERT_WRITE;

  /** {@code upsert}: one row per id in {@code sink_upsert}, replays counted in write_count. */
  static final String UPSERT_SQL = SinkSql.UPSERT_ROW;

  static final String INSERT_DEAD_LETTER = SinkSql.INSERT_DEAD_LETTER;

  /** The statement of a sink mode. */
  public static String sqlFor(JobOptions.SinkMode mode) {
    return SinkSql.rowStatement(mode.label);
  }

  /**
   * The sink of the keys' state rows ({@code sink_state}) for a stateful job whose row sink has no
   * transactions ({@code append}, {@code upsert}): at least once, through the URL as given (a batch
   * rewritten into one multi-row upsert could not touch a key twice). Null for a stateless job, or
   * for {@code exactly-once}, whose sink writes the state rows itself.
   */
  public static Sink<SinkRow> state(JobOptions o) {
    if (o.keys() == 0 || o.sinkMode() == JobOptions.SinkMode.EXACTLY_ONCE) {
      return null;
    }
    return JdbcSink.<SinkRow>builder()
        .withExecutionOptions(
            JdbcExecutionOptions.builder()
                .withBatchSize(o.jdbcBatchSize())
                .withBatchIntervalMs(o.jdbcBatchInterval().toMillis())
                .withMaxRetries(3)
                .build())
        .withQueryStatement(
            SinkSql.UPSERT_STATE,
            (JdbcStatementBuilder<SinkRow>) (ps, r) -> StateUpdate.of(r).bind(ps))
        .buildAtLeastOnce(stateConnection(o));
  }

  /** Binds a row to {@link #INSERT_WRITES}. */
  static void bindWrite(PreparedStatement ps, SinkRow r) throws SQLException {
    bind(ps, r.sinkMode, r);
  }

  /** Binds a row to {@link #UPSERT_SQL}. */
  static void bindUpsert(PreparedStatement ps, SinkRow r) throws SQLException {
    bind(ps, SinkSql.UPSERT, r);
  }

  private static void bind(PreparedStatement ps, String sinkMode, SinkRow r) throws SQLException {
    SinkSql.bindRow(
        ps,
        sinkMode,
        r.runId,
        r.engine,
        r.variant,
        r.topic,
        r.kafkaPartition,
        r.kafkaOffset,
        r.eventId,
        r.eventTimeMillis,
        r.incarnation,
        r.payload);
  }

  static void bindDeadLetter(PreparedStatement ps, DeadLetter d) throws SQLException {
    SinkSql.bindDeadLetter(
        ps,
        d.runId,
        d.engine,
        d.variant,
        d.topic,
        d.kafkaPartition,
        d.kafkaOffset,
        d.rawValue,
        d.error,
        d.incarnation);
  }

  static OffsetDateTime utc(long epochMillis) {
    return SinkSql.utc(epochMillis);
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
        PreparedTransactionSink<SinkRow> xa =
            new PreparedTransactionSink<>(
                writeUrl(o.jdbcUrl()),
                o.jdbcUser(),
                o.jdbcPassword(),
                INSERT_WRITES,
                JdbcSinks::bindWrite,
                o.jdbcBatchSize(),
                gidPrefix(o));
        // with keyed state, each key's state commits in the same transaction as its rows
        return o.keys() > 0 ? xa.alsoUpsertingState(StateUpdate::of) : xa;
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

  /** As {@link #connection}, without the rewriting of batches into multi-row statements. */
  private static PasswordConnectionProvider stateConnection(JobOptions o) {
    return new PasswordConnectionProvider(o.jdbcUrl(), o.jdbcUser(), o.jdbcPassword());
  }

  /** Connections whose password each TaskManager reads itself (the job graph has none). */
  private static PasswordConnectionProvider connection(JobOptions o) {
    return new PasswordConnectionProvider(writeUrl(o.jdbcUrl()), o.jdbcUser(), o.jdbcPassword());
  }
}
