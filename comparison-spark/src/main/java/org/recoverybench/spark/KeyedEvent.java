package org.recoverybench.spark;

import java.io.Serializable;
import scala.Tuple2;

/**
 * One Kafka record of the stateful pipeline, parsed, with where it was read: what travels from the
 * Kafka stream into {@code mapWithState} (a {@code ConsumerRecord} is not serializable). A record
 * that cannot be parsed, under {@code --on-parse-error dead-letter}, travels as its raw value and
 * error, and is written to {@code sink_dead_letters} without touching any state.
 */
public record KeyedEvent(
    String topic,
    int partition,
    long offset,
    long eventId,
    long eventTimeMillis,
    String payload,
    String rawValue,
    String error)
    implements Serializable {

  /** Whether this is a record that could not be parsed (a dead letter). */
  public boolean poison() {
    return eventId < 0;
  }

  /**
   * The key a record carries: its id modulo {@code keys}. A record that could not be parsed gets
   * {@link #poisonKey}, below every real key, which no state is kept for.
   */
  public static long keyOf(long eventId, long keys) {
    return eventId % keys;
  }

  /**
   * The key of a record of {@code partition} that could not be parsed: {@code -(partition + 1)},
   * negative (no state is kept for it) and placed by {@link StatefulPipeline.ByKafkaPartition} in
   * its partition's slice.
   */
  public static long poisonKey(int partition) {
    return -(partition + 1L);
  }

  /**
   * Parses one Kafka value ({@code id,eventTime,payload}) into its key and event. A value that
   * cannot be parsed fails the task ({@code deadLetter} false, as the original app fails) or
   * travels as a dead letter.
   */
  public static Tuple2<Long, KeyedEvent> parse(
      String topic, int partition, long offset, String value, long keys, boolean deadLetter) {
    long id;
    long eventTime;
    String payload;
    try {
      String[] f = value.split(",", 3);
      id = Long.parseLong(f[0]);
      eventTime = Long.parseLong(f[1]);
      payload = f.length > 2 ? f[2] : "";
      if (id < 0) {
        throw new IllegalArgumentException("a negative id: " + id);
      }
    } catch (RuntimeException e) {
      if (!deadLetter) {
        throw PartitionWriter.poison(topic, partition, offset, value, e);
      }
      return new Tuple2<>(
          poisonKey(partition),
          new KeyedEvent(topic, partition, offset, -1, 0, null, value, e.toString()));
    }
    return new Tuple2<>(
        keyOf(id, keys),
        new KeyedEvent(topic, partition, offset, id, eventTime, payload, null, null));
  }
}
