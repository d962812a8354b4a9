package org.recoverybench.job;

/**
 * Maps a Kafka record to a sink row. The value format is the workload's: {@code
 * <event_id>,<event_time_epoch_millis>,<payload>} (the payload has no commas and may be empty).
 * Pure functions, unit-tested without Flink.
 */
public final class EventMapping {
  public static final String ENGINE = "flink";

  private EventMapping() {}

  /** The run identity that every row carries. */
  public record RunIdentity(String runId, String variant, String sinkMode)
      implements java.io.Serializable {}

  /**
   * The sink row for one record.
   *
   * @throws PoisonRecordException if the value does not follow the format
   */
  public static SinkRow toRow(KafkaEvent e, RunIdentity id, int incarnation) {
    if (e.value == null) {
      throw new PoisonRecordException("the value is null");
    }
    String v = e.value;
    int c1 = v.indexOf(',');
    int c2 = c1 < 0 ? -1 : v.indexOf(',', c1 + 1);
    if (c1 < 0 || c2 < 0) {
      throw new PoisonRecordException(
          "expected <event_id>,<event_time_millis>,<payload> but got '" + abbreviate(v) + "'");
    }
    SinkRow r = new SinkRow();
    r.eventId = parseLong(v.substring(0, c1), "event_id", v);
    r.eventTimeMillis = parseLong(v.substring(c1 + 1, c2), "event_time_millis", v);
    r.payload = v.substring(c2 + 1);
    if (r.payload.indexOf(',') >= 0) {
      throw new PoisonRecordException("the payload holds a comma in '" + abbreviate(v) + "'");
    }
    r.runId = id.runId();
    r.engine = ENGINE;
    r.variant = id.variant();
    r.sinkMode = id.sinkMode();
    r.topic = e.topic;
    r.kafkaPartition = e.partition;
    r.kafkaOffset = e.offset;
    r.incarnation = incarnation;
    return r;
  }

  /** The dead letter for a record that {@link #toRow} rejected. */
  public static DeadLetter toDeadLetter(
      KafkaEvent e, RunIdentity id, int incarnation, String error) {
    DeadLetter d = new DeadLetter();
    d.runId = id.runId();
    d.engine = ENGINE;
    d.variant = id.variant();
    d.topic = e.topic;
    d.kafkaPartition = e.partition;
    d.kafkaOffset = e.offset;
    d.rawValue = e.value;
    d.error = error;
    d.incarnation = incarnation;
    return d;
  }

  private static long parseLong(String s, String field, String whole) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException ex) {
      throw new PoisonRecordException(
          field + " is not a number: '" + abbreviate(s) + "' in '" + abbreviate(whole) + "'");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
