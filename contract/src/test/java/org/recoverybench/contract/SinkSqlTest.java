package org.recoverybench.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every statement of {@link SinkSql} against the schema it writes into, {@code sink-schema.sql}.
 */
class SinkSqlTest {
  private static final Pattern TABLE =
      Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+) \\((.*?)\\n\\);", Pattern.DOTALL);

  /** A column of the schema: whether a writer must fill it (NOT NULL without a default). */
  private record Column(String name, boolean mustFill) {}

  /** The schema's tables, each with its columns in order. */
  private static Map<String, List<Column>> tables() {
    Map<String, List<Column>> tables = new LinkedHashMap<>();
    Matcher m = TABLE.matcher(SinkSql.schema());
    while (m.find()) {
      List<Column> columns = new ArrayList<>();
      for (String line : m.group(2).split("\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("--") || l.startsWith("PRIMARY KEY")) {
          continue;
        }
        String name = l.split("\\s+")[0];
        boolean mustFill =
            l.contains("NOT NULL") && !l.contains("DEFAULT") && !l.contains("BIGSERIAL");
        columns.add(new Column(name, mustFill));
      }
      tables.put(m.group(1), columns);
    }
    return tables;
  }

  private static List<String> names(String table) {
    return tables().get(table).stream().map(Column::name).toList();
  }

  private static List<String> mustFill(String table) {
    return tables().get(table).stream().filter(Column::mustFill).map(Column::name).toList();
  }

  private static long placeholders(String sql) {
    return sql.chars().filter(c -> c == '?').count();
  }

  @Test
  void theSchemaHasTheSixTablesOfTheContract() {
    assertThat(tables().keySet())
        .containsExactly(
            SinkSql.WRITES_TABLE,
            SinkSql.UPSERT_TABLE,
            SinkSql.STATE_TABLE,
            SinkSql.OFFSETS_TABLE,
            SinkSql.DEAD_LETTERS_TABLE,
            SinkSql.BATCHES_TABLE);
  }

  @Test
  void theStateUpsertKeepsOneRowPerKeyAndCountsItsWrites() {
    assertThat(names(SinkSql.STATE_TABLE)).containsAll(SinkSql.STATE_COLUMNS);
    assertThat(SinkSql.STATE_COLUMNS).containsAll(mustFill(SinkSql.STATE_TABLE));
    assertThat(SinkSql.schema()).contains("PRIMARY KEY (run_id, engine, variant, state_key)");
    assertThat(SinkSql.UPSERT_STATE)
        .isEqualTo(
            "INSERT INTO sink_state (run_id, engine, variant, state_key, record_count, value_sum,"
                + " last_event_id, incarnation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (run_id, engine, variant, state_key) DO UPDATE SET"
                + " record_count = EXCLUDED.record_count, value_sum = EXCLUDED.value_sum,"
                + " last_event_id = EXCLUDED.last_event_id, incarnation = EXCLUDED.incarnation,"
                + " written_at = clock_timestamp(), version = sink_state.version + 1");
    assertThat(placeholders(SinkSql.UPSERT_STATE)).isEqualTo(SinkSql.STATE_COLUMNS.size());
  }

  @Test
  void aClaimedBatchFillsStreamBatchesOnceForItsRunQueryAndId() {
    assertThat(names(SinkSql.BATCHES_TABLE)).containsAll(SinkSql.BATCH_COLUMNS);
    assertThat(SinkSql.BATCH_COLUMNS).containsAll(mustFill(SinkSql.BATCHES_TABLE));
    assertThat(SinkSql.schema()).contains("PRIMARY KEY (run_id, query_id, batch_id)");
    assertThat(placeholders(SinkSql.CLAIM_BATCH)).isEqualTo(SinkSql.BATCH_COLUMNS.size());
    assertThat(SinkSql.CLAIM_BATCH)
        .startsWith("INSERT INTO stream_batches (run_id, query_id, batch_id, row_count,")
        .endsWith("ON CONFLICT (run_id, query_id, batch_id) DO NOTHING");
  }

  @Test
  void theWriteColumnsAreEveryColumnOfSinkWritesThatAWriterFills() {
    assertThat(names(SinkSql.WRITES_TABLE))
        .containsExactly(
            "write_seq",
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
            "payload",
            "written_at");
    assertThat(names(SinkSql.WRITES_TABLE)).containsAll(SinkSql.WRITE_COLUMNS);
    assertThat(SinkSql.WRITE_COLUMNS).containsAll(mustFill(SinkSql.WRITES_TABLE));
    assertThat(SinkSql.INSERT_WRITE)
        .isEqualTo(
            "INSERT INTO sink_writes (run_id, engine, variant, sink_mode, topic, kafka_partition,"
                + " kafka_offset, event_id, event_time, incarnation, payload)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    assertThat(placeholders(SinkSql.INSERT_WRITE)).isEqualTo(SinkSql.WRITE_COLUMNS.size());
    assertThat(SinkSql.COPY_WRITES)
        .isEqualTo(
            "COPY sink_writes (run_id, engine, variant, sink_mode, topic, kafka_partition,"
                + " kafka_offset, event_id, event_time, incarnation, payload)"
                + " FROM STDIN WITH (FORMAT csv)");
  }

  @Test
  void theUpsertFillsSinkUpsertAndCountsItsReplays() {
    assertThat(names(SinkSql.UPSERT_TABLE)).containsAll(SinkSql.UPSERT_COLUMNS);
    assertThat(SinkSql.UPSERT_COLUMNS).containsAll(mustFill(SinkSql.UPSERT_TABLE));
    assertThat(SinkSql.UPSERT_COLUMNS).doesNotContain("sink_mode");
    assertThat(SinkSql.schema()).contains("PRIMARY KEY (run_id, engine, variant, event_id)");
    assertThat(SinkSql.UPSERT_ROW)
        .isEqualTo(
            "INSERT INTO sink_upsert (run_id, engine, variant, topic, kafka_partition,"
                + " kafka_offset, event_id, event_time, incarnation, payload)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (run_id, engine, variant, event_id) DO UPDATE SET"
                + " topic = EXCLUDED.topic, kafka_partition = EXCLUDED.kafka_partition,"
                + " kafka_offset = EXCLUDED.kafka_offset, event_time = EXCLUDED.event_time,"
                + " incarnation = EXCLUDED.incarnation, payload = EXCLUDED.payload,"
                + " written_at = clock_timestamp(), write_count = sink_upsert.write_count + 1");
    assertThat(placeholders(SinkSql.UPSERT_ROW)).isEqualTo(SinkSql.UPSERT_COLUMNS.size());
  }

  @Test
  void theUpsertTriggerLogsTheSameColumnsAsTheInsert() {
    Matcher m =
        Pattern.compile("INSERT INTO sink_writes \\(([^)]*)\\)", Pattern.DOTALL)
            .matcher(SinkSql.schema());
    assertThat(m.find()).isTrue();
    List<String> logged = List.of(m.group(1).replaceAll("\\s+", " ").split(", "));
    List<String> expected = new ArrayList<>(SinkSql.WRITE_COLUMNS);
    expected.add("written_at");
    assertThat(logged).containsExactlyElementsOf(expected);
    assertThat(SinkSql.schema()).contains("AFTER INSERT OR UPDATE ON sink_upsert");
  }

  @Test
  void deadLettersAndOffsetsFillTheirTables() {
    assertThat(names(SinkSql.DEAD_LETTERS_TABLE)).containsAll(SinkSql.DEAD_LETTER_COLUMNS);
    assertThat(SinkSql.DEAD_LETTER_COLUMNS).containsAll(mustFill(SinkSql.DEAD_LETTERS_TABLE));
    assertThat(placeholders(SinkSql.INSERT_DEAD_LETTER))
        .isEqualTo(SinkSql.DEAD_LETTER_COLUMNS.size());
    assertThat(names(SinkSql.OFFSETS_TABLE)).containsAll(SinkSql.OFFSET_COLUMNS);
    assertThat(SinkSql.OFFSET_COLUMNS).containsAll(mustFill(SinkSql.OFFSETS_TABLE));
    assertThat(SinkSql.schema()).contains("PRIMARY KEY (run_id, group_id, topic, kafka_partition)");
    // the five values, and the offset the stored one must still be
    assertThat(placeholders(SinkSql.MOVE_OFFSET)).isEqualTo(SinkSql.OFFSET_COLUMNS.size() + 1);
    assertThat(SinkSql.MOVE_OFFSET).endsWith("WHERE stream_offsets.next_offset = ?");
  }

  @Test
  void eachSinkModeHasItsStatement() {
    assertThat(SinkSql.rowStatement("append")).isEqualTo(SinkSql.INSERT_WRITE);
    assertThat(SinkSql.rowStatement("exactly-once")).isEqualTo(SinkSql.INSERT_WRITE);
    assertThat(SinkSql.rowStatement("upsert")).isEqualTo(SinkSql.UPSERT_ROW);
    assertThatThrownBy(() -> SinkSql.rowStatement("at-most-once"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown sink mode 'at-most-once'");
  }

  /** A PreparedStatement that only records what is bound at which index. */
  private static PreparedStatement recorder(Map<Integer, Object> bound) {
    return (PreparedStatement)
        Proxy.newProxyInstance(
            SinkSqlTest.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("set") && args != null && args.length == 2) {
                bound.put((Integer) args[0], args[1]);
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static Map<String, Object> bindRow(String sinkMode) throws SQLException {
    Map<Integer, Object> bound = new TreeMap<>();
    SinkSql.bindRow(
        recorder(bound),
        sinkMode,
        "r1",
        "flink",
        "datastream",
        "events",
        2,
        41L,
        7L,
        1_000L,
        3,
        "xx");
    List<String> columns =
        sinkMode.equals("upsert") ? SinkSql.UPSERT_COLUMNS : SinkSql.WRITE_COLUMNS;
    assertThat(bound.keySet()).hasSize(columns.size());
    Map<String, Object> byColumn = new LinkedHashMap<>();
    bound.forEach((i, v) -> byColumn.put(columns.get(i - 1), v));
    return byColumn;
  }

  @Test
  void aRowIsBoundInTheOrderOfItsStatementsColumns() throws SQLException {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("run_id", "r1");
    expected.put("engine", "flink");
    expected.put("variant", "datastream");
    expected.put("sink_mode", "append");
    expected.put("topic", "events");
    expected.put("kafka_partition", 2);
    expected.put("kafka_offset", 41L);
    expected.put("event_id", 7L);
    expected.put("event_time", SinkSql.utc(1_000L));
    expected.put("incarnation", 3);
    expected.put("payload", "xx");
    assertThat(bindRow("append")).containsExactlyEntriesOf(expected);
    expected.remove("sink_mode");
    assertThat(bindRow("upsert")).containsExactlyEntriesOf(expected);
  }

  @Test
  void aDeadLetterIsBoundInTheOrderOfItsColumns() throws SQLException {
    Map<Integer, Object> bound = new TreeMap<>();
    SinkSql.bindDeadLetter(
        recorder(bound), "r1", "spark", "recoverable", "events", 1, 9L, "bad", "boom", 2);
    assertThat(bound.values())
        .containsExactly("r1", "spark", "recoverable", "events", 1, 9L, "bad", "boom", 2);
    assertThat(bound.keySet()).hasSize(SinkSql.DEAD_LETTER_COLUMNS.size());
  }

  @Test
  void eventTimesAreBoundAsUtcInstants() {
    assertThat(SinkSql.utc(1_764_000_000_000L).toInstant().toEpochMilli())
        .isEqualTo(1_764_000_000_000L);
    assertThat(SinkSql.utc(0).getOffset().getTotalSeconds()).isZero();
  }
}
