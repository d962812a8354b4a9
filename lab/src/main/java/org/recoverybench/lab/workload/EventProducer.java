package org.recoverybench.lab.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces ids {@code from..to-1} in the {@link EventFormat}, acknowledged by the broker ({@code
 * acks=all}, idempotent), optionally at a fixed rate. Event time is the wall clock at send.
 */
public final class EventProducer implements AutoCloseable {
  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final int partitions;
  private final String payload;

  public EventProducer(String bootstrap, String topic, int partitions, int payloadBytes) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    this.producer = new KafkaProducer<>(p);
    this.topic = topic;
    this.partitions = partitions;
    this.payload = EventFormat.payload(payloadBytes);
  }

  /** Creates the topic with the given partitions, if it does not exist. */
  public static void createTopic(String bootstrap, String topic, int partitions) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
      }
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + topic + ": " + e, e);
    }
  }

  /**
   * Sends ids {@code from..to-1}; with {@code ratePerSecond > 0} paces the sends. Returns when
   * every record is acknowledged.
   */
  public void produce(long from, long to, int ratePerSecond) {
    List<Future<RecordMetadata>> pending = new ArrayList<>();
    long start = System.nanoTime();
    for (long id = from; id < to; id++) {
      if (ratePerSecond > 0) {
        long due = start + (id - from) * 1_000_000_000L / ratePerSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          try {
            TimeUnit.NANOSECONDS.sleep(wait); // pacing the rate, not waiting for a condition
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing", e);
          }
        }
      }
      pending.add(send(id));
      if (pending.size() >= 10_000) {
        awaitAll(pending);
      }
    }
    awaitAll(pending);
  }

  /** Sends one raw value (for example a poison record) to a partition. */
  public Future<RecordMetadata> sendRaw(int partition, String key, String value) {
    return producer.send(new ProducerRecord<>(topic, partition, key, value));
  }

  private Future<RecordMetadata> send(long id) {
    String value = EventFormat.value(id, System.currentTimeMillis(), payload);
    return producer.send(
        new ProducerRecord<>(
            topic, EventFormat.partition(id, partitions), EventFormat.key(id), value));
  }

  private static void awaitAll(List<Future<RecordMetadata>> pending) {
    try {
      for (Future<RecordMetadata> f : pending) {
        f.get(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("a produced record was not acknowledged: " + e, e);
    }
    pending.clear();
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
