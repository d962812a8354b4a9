package org.recoverybench.job;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A Kafka record as the source read it: where it came from, and its key and value as text. */
public class KafkaEvent {
  public String topic;
  public int partition;
  public long offset;
  public String key;
  public String value;

  public KafkaEvent() {}

  public KafkaEvent(String topic, int partition, long offset, String key, String value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.key = key;
    this.value = value;
  }

  /** The record's bytes decoded as UTF-8; a null key or value stays null. */
  public static KafkaEvent of(ConsumerRecord<byte[], byte[]> r) {
    return new KafkaEvent(
        r.topic(),
        r.partition(),
        r.offset(),
        r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
        r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaEvent e
        && partition == e.partition
        && offset == e.offset
        && Objects.equals(topic, e.topic)
        && Objects.equals(key, e.key)
        && Objects.equals(value, e.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset, key, value);
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset + " " + key + " -> " + value;
  }
}
