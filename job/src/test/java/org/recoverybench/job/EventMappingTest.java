package org.recoverybench.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventMappingTest {
  private static final EventMapping.RunIdentity RUN =
      new EventMapping.RunIdentity("run-1", "datastream", "exactly-once");

  @Test
  void mapsARecordToASinkRowWithItsProvenance() {
    KafkaEvent e = new KafkaEvent("events", 2, 1571, "4711", "4711,1764000000000,xxxx");

    SinkRow r = EventMapping.toRow(e, RUN, 3);

    SinkRow expected = new SinkRow();
    expected.runId = "run-1";
    expected.engine = "flink";
    expected.variant = "datastream";
    expected.sinkMode = "exactly-once";
    expected.topic = "events";
    expected.kafkaPartition = 2;
    expected.kafkaOffset = 1571;
    expected.eventId = 4711;
    expected.eventTimeMillis = 1764000000000L;
    expected.incarnation = 3;
    expected.payload = "xxxx";
    assertThat(r).isEqualTo(expected);
  }

  @Test
  void anEmptyPayloadIsAllowed() {
    SinkRow r = EventMapping.toRow(new KafkaEvent("t", 0, 0, "0", "0,1,"), RUN, 0);
    assertThat(r.payload).isEmpty();
    assertThat(r.eventId).isZero();
  }

  @Test
  void theEventIdComesFromTheValueNotTheKey() {
    SinkRow r = EventMapping.toRow(new KafkaEvent("t", 0, 0, null, "7,1,p"), RUN, 0);
    assertThat(r.eventId).isEqualTo(7);
  }

  @Test
  void malformedValuesArePoisonRecordsWithAClearMessage() {
    assertThatThrownBy(() -> EventMapping.toRow(new KafkaEvent("t", 0, 5, "1", null), RUN, 0))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessage("the value is null");
    assertThatThrownBy(() -> EventMapping.toRow(new KafkaEvent("t", 0, 5, "1", "garbage"), RUN, 0))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessageContaining("expected <event_id>,<event_time_millis>,<payload>")
        .hasMessageContaining("'garbage'");
    assertThatThrownBy(() -> EventMapping.toRow(new KafkaEvent("t", 0, 5, "1", "x,1,p"), RUN, 0))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessageContaining("event_id is not a number: 'x'");
    assertThatThrownBy(() -> EventMapping.toRow(new KafkaEvent("t", 0, 5, "1", "1,t,p"), RUN, 0))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessageContaining("event_time_millis is not a number: 't'");
    assertThatThrownBy(() -> EventMapping.toRow(new KafkaEvent("t", 0, 5, "1", "1,2,p,q"), RUN, 0))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessageContaining("payload holds a comma");
  }

  @Test
  void aDeadLetterKeepsTheRawValueAndTheError() {
    DeadLetter d = EventMapping.toDeadLetter(new KafkaEvent("t", 1, 9, "k", "bad"), RUN, 2, "boom");
    assertThat(d.runId).isEqualTo("run-1");
    assertThat(d.engine).isEqualTo("flink");
    assertThat(d.kafkaPartition).isEqualTo(1);
    assertThat(d.kafkaOffset).isEqualTo(9);
    assertThat(d.rawValue).isEqualTo("bad");
    assertThat(d.error).isEqualTo("boom");
    assertThat(d.incarnation).isEqualTo(2);
  }

  @Test
  void eventTimeIsBoundAsAnUtcInstant() {
    assertThat(JdbcSinks.utc(1764000000000L).toInstant().toEpochMilli()).isEqualTo(1764000000000L);
    assertThat(JdbcSinks.sqlFor(JobOptions.SinkMode.UPSERT))
        .contains("ON CONFLICT (run_id, engine, variant, event_id)")
        .contains("write_count = sink_upsert.write_count + 1");
    assertThat(JdbcSinks.sqlFor(JobOptions.SinkMode.APPEND)).startsWith("INSERT INTO sink_writes");
    assertThat(JdbcSinks.sqlFor(JobOptions.SinkMode.EXACTLY_ONCE))
        .startsWith("INSERT INTO sink_writes");
  }

  @Test
  void theSinksRewriteJdbcBatchesIntoMultiRowInserts() {
    assertThat(JdbcSinks.writeUrl("jdbc:postgresql://127.0.0.1:5432/db"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/db?reWriteBatchedInserts=true");
    assertThat(JdbcSinks.writeUrl("jdbc:postgresql://127.0.0.1:5432/db?ssl=false"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/db?ssl=false&reWriteBatchedInserts=true");
    assertThat(JdbcSinks.writeUrl("jdbc:postgresql://h/db?reWriteBatchedInserts=false"))
        .isEqualTo("jdbc:postgresql://h/db?reWriteBatchedInserts=false");
  }
}
