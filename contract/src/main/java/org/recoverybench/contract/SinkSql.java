package org.recoverybench.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The sink contract's statements, the one place where the writers' SQL lives: the Flink job, the
 * Spark app, the bench's limit writer and the lab's smoke test all write with these. The schema
 * they write into is {@code sink-schema.sql} beside this class ({@link #schema()}); {@code
 * SinkSqlTest} checks every statement here against it.
 *
 * <p>A row carries its provenance: the run ({@code run_id}, {@code engine}, {@code variant}, {@code
 * sink_mode}), where it was read ({@code topic}, {@code kafka_partition}, {@code kafka_offset}),
 * the event ({@code event_id}, {@code event_time}, {@code payload}) and which incarnation of the
 * writer wrote it. The three sink modes write it so:
 *
 * <ul>
 *   <li>{@code append}: a plain INSERT into {@code sink_writes};
 *   <li>{@code exactly-once}: the same INSERT, inside a transaction that commits with the engine's
 *       checkpoint (how, is the engine's business);
 *   <li>{@code upsert}: INSERT ... ON CONFLICT into {@code sink_upsert}, one row per id; its
 *       trigger logs every write into {@code sink_writes} with {@code sink_mode = 'upsert'}.
 * </ul>
 */
public final class SinkSql {
  public static final String APPEND = "append";
  public static final String UPSERT = "upsert";
  public static final String EXACTLY_ONCE = "exactly-once";

  /** The sink modes, as the engines' options and the scenario files name them. */
  public static final List<String> SINK_MODES = List.of(APPEND, UPSERT, EXACTLY_ONCE);

  public static final String WRITES_TABLE = "sink_writes";
  public static final String UPSERT_TABLE = "sink_upsert";
  public static final String DEAD_LETTERS_TABLE = "sink_dead_letters";
  public static final String OFFSETS_TABLE = "stream_offsets";
  public static final String BATCHES_TABLE = "stream_batches";
  public static final String STATE_TABLE = "sink_state";

  /** The resource name of the schema, beside this class. */
  public static final String SCHEMA_RESOURCE = "sink-schema.sql";

  /**
   * The columns a writer fills in {@code sink_writes}, in the order of {@link #INSERT_WRITE}'s
   * parameters (and of {@link #COPY_WRITES}' CSV fields).
   */
  public static final List<String> WRITE_COLUMNS =
      List.of(
          "run_id",
          "engine",
          "variant",
          "sink_mode",
          "topic",
          "kafka_partition",
          "kafka_offset",
          "event_id",
          "event_time",
          "incarnation",
          "payload");

  /** The columns of {@link #UPSERT_ROW}, in its parameters' order: those above but sink_mode. */
  public static final List<String> UPSERT_COLUMNS = without(WRITE_COLUMNS, "sink_mode");

  /** The key of {@code sink_upsert}: one row per id of a run's engine and variant. */
  public static final List<String> UPSERT_KEY = List.of("run_id", "engine", "variant", "event_id");

  /** The columns of {@link #INSERT_DEAD_LETTER}, in its parameters' order. */
  public static final List<String> DEAD_LETTER_COLUMNS =
      List.of(
          "run_id",
          "engine",
          "variant",
          "topic",
          "kafka_partition",
          "kafka_offset",
          "raw_value",
          "error",
          "incarnation");

  /** The columns of {@link #MOVE_OFFSET}'s INSERT, in its parameters' order. */
  public static final List<String> OFFSET_COLUMNS =
      List.of("run_id", "group_id", "topic", "kafka_partition", "next_offset");

  /** The columns of {@link #CLAIM_BATCH}, in its parameters' order. */
  public static final List<String> BATCH_COLUMNS =
      List.of("run_id", "query_id", "batch_id", "row_count", "incarnation");

  /** The columns of {@link #UPSERT_STATE}, in its parameters' order. */
  public static final List<String> STATE_COLUMNS =
      List.of(
          "run_id",
          "engine",
          "variant",
          "state_key",
          "record_count",
          "value_sum",
          "last_event_id",
          "incarnation");

  /** The key of {@code sink_state}: one row per state key of a run's engine and variant. */
  public static final List<String> STATE_KEY = List.of("run_id", "engine", "variant", "state_key");

  /** {@code append} and {@code exactly-once}: one row into {@code sink_writes}. */
  public static final String INSERT_WRITE = insert(WRITES_TABLE, WRITE_COLUMNS);

  /**
   * {@code upsert}: one row per id in {@code sink_upsert}; a replay updates the row, counts itself
   * in {@code write_count}, and is logged into {@code sink_writes} by the table's trigger.
   */
  public static final String UPSERT_ROW =
      insert(UPSERT_TABLE, UPSERT_COLUMNS)
          + " ON CONFLICT ("
          + String.join(", ", UPSERT_KEY)
          + ") DO UPDATE SET "
          + String.join(
              ", ",
              UPSERT_COLUMNS.stream()
                  .filter(c -> !UPSERT_KEY.contains(c))
                  .map(c -> c + " = EXCLUDED." + c)
                  .toList())
          + ", written_at = clock_timestamp(), write_count = "
          + UPSERT_TABLE
          + ".write_count + 1";

  /**
   * The stateful pipeline's state of one key after a record: the last write wins, and {@code
   * version} counts the writes of the row.
   */
  public static final String UPSERT_STATE =
      insert(STATE_TABLE, STATE_COLUMNS)
          + " ON CONFLICT ("
          + String.join(", ", STATE_KEY)
          + ") DO UPDATE SET "
          + String.join(
              ", ",
              STATE_COLUMNS.stream()
                  .filter(c -> !STATE_KEY.contains(c))
                  .map(c -> c + " = EXCLUDED." + c)
                  .toList())
          + ", written_at = clock_timestamp(), version = "
          + STATE_TABLE
          + ".version + 1";

  /** A record that cannot be parsed, with the dead-letter policy. */
  public static final String INSERT_DEAD_LETTER = insert(DEAD_LETTERS_TABLE, DEAD_LETTER_COLUMNS);

  /**
   * The Spark transactional variant's offsets, moved in the same transaction as the rows: from the
   * slice's start (the sixth parameter) to its end, and only if the stored offset still is the
   * start; an update count of 0 means another writer moved it.
   */
  public static final String MOVE_OFFSET =
      insert(OFFSETS_TABLE, OFFSET_COLUMNS)
          + " ON CONFLICT (run_id, group_id, topic, kafka_partition) DO UPDATE"
          + " SET next_offset = EXCLUDED.next_offset, updated_at = clock_timestamp()"
          + " WHERE "
          + OFFSETS_TABLE
          + ".next_offset = ?";

  /**
   * The Spark {@code structured-idempotent} variant's batch, claimed in the same transaction as its
   * rows: an update count of 0 means the batch id was already written for this run and query, and
   * the batch is skipped.
   */
  public static final String CLAIM_BATCH =
      insert(BATCHES_TABLE, BATCH_COLUMNS) + " ON CONFLICT (run_id, query_id, batch_id) DO NOTHING";

  /** PostgreSQL's COPY of rows into {@code sink_writes}, CSV fields in {@link #WRITE_COLUMNS}. */
  public static final String COPY_WRITES =
      "COPY "
          + WRITES_TABLE
          + " ("
          + String.join(", ", WRITE_COLUMNS)
          + ") FROM STDIN WITH (FORMAT csv)";

  private SinkSql() {}

  /** The statement that writes a row in {@code sinkMode}. */
  public static String rowStatement(String sinkMode) {
    return switch (sinkMode) {
      case APPEND, EXACTLY_ONCE -> INSERT_WRITE;
      case UPSERT -> UPSERT_ROW;
      default -> throw new IllegalArgumentException("unknown sink mode '" + sinkMode + "'");
    };
  }

  /**
   * Binds one row to {@link #rowStatement}{@code (sinkMode)}: {@code sink_mode} is a parameter of
   * the INSERT into {@code sink_writes}, and absent from the upsert (its trigger writes 'upsert').
   */
  public static void bindRow(
      PreparedStatement ps,
      String sinkMode,
      String runId,
      String engine,
      String variant,
      String topic,
      int kafkaPartition,
      long kafkaOffset,
      long eventId,
      long eventTimeMillis,
      int incarnation,
      String payload)
      throws SQLException {
    int i = 1;
    ps.setString(i++, runId);
    ps.setString(i++, engine);
    ps.setString(i++, variant);
    if (!UPSERT.equals(sinkMode)) {
      ps.setString(i++, sinkMode);
    }
    ps.setString(i++, topic);
    ps.setInt(i++, kafkaPartition);
    ps.setLong(i++, kafkaOffset);
    ps.setLong(i++, eventId);
    ps.setObject(i++, utc(eventTimeMillis));
    ps.setInt(i++, incarnation);
    ps.setString(i, payload);
  }

  /** Binds one record that could not be parsed to {@link #INSERT_DEAD_LETTER}. */
  public static void bindDeadLetter(
      PreparedStatement ps,
      String runId,
      String engine,
      String variant,
      String topic,
      int kafkaPartition,
      long kafkaOffset,
      String rawValue,
      String error,
      int incarnation)
      throws SQLException {
    ps.setString(1, runId);
    ps.setString(2, engine);
    ps.setString(3, variant);
    ps.setString(4, topic);
    ps.setInt(5, kafkaPartition);
    ps.setLong(6, kafkaOffset);
    ps.setString(7, rawValue);
    ps.setString(8, error);
    ps.setInt(9, incarnation);
  }

  /** An event time (epoch milliseconds) as the UTC timestamp a TIMESTAMPTZ column is bound with. */
  /** Binds one key's state to {@link #UPSERT_STATE}, in {@link #STATE_COLUMNS}' order. */
  public static void bindState(
      PreparedStatement ps,
      String runId,
      String engine,
      String variant,
      long stateKey,
      long recordCount,
      long valueSum,
      long lastEventId,
      int incarnation)
      throws SQLException {
    ps.setString(1, runId);
    ps.setString(2, engine);
    ps.setString(3, variant);
    ps.setLong(4, stateKey);
    ps.setLong(5, recordCount);
    ps.setLong(6, valueSum);
    ps.setLong(7, lastEventId);
    ps.setInt(8, incarnation);
  }

  public static OffsetDateTime utc(long epochMillis) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
  }

  /** The schema's SQL text: idempotent, every lab kind applies it on start. */
  public static String schema() {
    try (InputStream in = SinkSql.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the sink schema resource " + SCHEMA_RESOURCE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sink schema: " + e.getMessage(), e);
    }
  }

  private static String insert(String table, List<String> columns) {
    return "INSERT INTO "
        + table
        + " ("
        + String.join(", ", columns)
        + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?"))
        + ")";
  }

  private static List<String> without(List<String> columns, String column) {
    List<String> out = new ArrayList<>(columns);
    out.remove(column);
    return List.copyOf(out);
  }
}
