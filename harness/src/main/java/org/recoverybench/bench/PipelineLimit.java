package org.recoverybench.bench;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.recoverybench.lab.Endpoints;

/**
 * The pipeline's physical limit on this lab: one plain Kafka consumer, in this process, that parses
 * the same records and writes the same rows into the same table as the engines, with nothing else
 * in the way (no framework, no checkpoints, no offset commits). Two ways to write: JDBC batches of
 * the same size the engines use, and PostgreSQL's COPY, the fastest way in.
 */
final class PipelineLimit {
  enum Method {
    JDBC_BATCH("jdbc-batch"),
    JDBC_UPSERT("jdbc-upsert"),
    COPY("copy");

    final String label;

    Method(String label) {
      this.label = label;
    }
  }

  /** The append statement; its first ten columns are bound as in {@link #UPSERT}. */
  static final String INSERT =
      "INSERT INTO sink_writes (run_id, engine, variant, event_id, topic, kafka_partition,"
          + " kafka_offset, event_time, incarnation, payload, sink_mode)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'append')";

  /** The upsert sink mode's statement: one row per id in sink_upsert, logged by its trigger. */
  static final String UPSERT =
      "INSERT INTO sink_upsert (run_id, engine, variant, event_id, topic, kafka_partition,"
          + " kafka_offset, event_time, incarnation, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (run_id, engine, variant, event_id) DO UPDATE SET"
          + " kafka_offset = EXCLUDED.kafka_offset, written_at = clock_timestamp(),"
          + " write_count = sink_upsert.write_count + 1";

  static final String COPY_SQL =
      "COPY sink_writes (run_id, engine, variant, sink_mode, topic, kafka_partition,"
          + " kafka_offset, event_id, event_time, incarnation, payload) FROM STDIN WITH (FORMAT csv)";

  private PipelineLimit() {}

  /**
   * Reads {@code records} records of {@code topic} from its start and writes them with {@code
   * method}, in batches of {@code batchSize}; returns what the sink showed while it did.
   */
  static Drain.Outcome run(
      Endpoints e,
      String topic,
      long records,
      Method method,
      int batchSize,
      String runId,
      int writers)
      throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int index = w;
      Thread writer =
          new Thread(
              () -> {
                try {
                  consume(e, topic, records, method, batchSize, runId, index, writers, written);
                } catch (Throwable t) {
                  failure.set(t);
                }
              },
              "limit-" + method.label + "-" + w);
      writer.setDaemon(true);
      threads.add(writer);
    }
    threads.forEach(Thread::start);
    Drain.Outcome o =
        Drain.watch(e, runId, records, Duration.ofSeconds(30), () -> failure.get() != null);
    for (Thread t : threads) {
      t.join(30_000);
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "the " + method.label + " limit writer failed: " + failure.get().getMessage(),
          failure.get());
    }
    return o;
  }

  /** One writer: its share of the partitions (those with {@code partition % writers == index}). */
  private static void consume(
      Endpoints e,
      String topic,
      long records,
      Method method,
      int batchSize,
      String runId,
      int index,
      int writers,
      java.util.concurrent.atomic.AtomicLong total)
      throws SQLException {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrap());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Properties db = new Properties();
    db.setProperty("user", e.jdbcUser());
    db.setProperty("password", e.jdbcPassword());
    // the same multi-row rewrite of JDBC batches as the Flink job and the Spark app
    db.setProperty("reWriteBatchedInserts", "true");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        Connection c = java.sql.DriverManager.getConnection(e.jdbcUrl(), db)) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream()
              .filter(i -> i.partition() % writers == index)
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      List<ConsumerRecord<String, String>> pending = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 300_000;
      try (PreparedStatement ps =
          c.prepareStatement(method == Method.JDBC_UPSERT ? UPSERT : INSERT)) {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        while (total.get() < records && System.currentTimeMillis() < deadline) {
          ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(200));
          for (ConsumerRecord<String, String> r : polled) {
            pending.add(r);
            if (pending.size() >= batchSize) {
              total.addAndGet(flush(pending, method, ps, copy, topic, runId));
            }
          }
          if (polled.isEmpty() && !pending.isEmpty()) {
            total.addAndGet(flush(pending, method, ps, copy, topic, runId));
          }
        }
        if (!pending.isEmpty()) {
          flush(pending, method, ps, copy, topic, runId);
        }
      }
    }
  }

  private static int flush(
      List<ConsumerRecord<String, String>> batch,
      Method method,
      PreparedStatement ps,
      CopyManager copy,
      String topic,
      String runId)
      throws SQLException {
    int n = batch.size();
    if (method != Method.COPY) {
      // the same ten parameters for both statements
      for (ConsumerRecord<String, String> r : batch) {
        String[] v = r.value().split(",", 3);
        ps.setString(1, runId);
        ps.setString(2, "limit");
        ps.setString(3, method.label);
        ps.setLong(4, Long.parseLong(v[0]));
        ps.setString(5, topic);
        ps.setInt(6, r.partition());
        ps.setLong(7, r.offset());
        ps.setObject(
            8,
            OffsetDateTime.ofInstant(Instant.ofEpochMilli(Long.parseLong(v[1])), ZoneOffset.UTC));
        ps.setInt(9, 0);
        ps.setString(10, v[2]);
        ps.addBatch();
      }
      ps.executeBatch();
    } else {
      StringBuilder csv = new StringBuilder(n * 160);
      for (ConsumerRecord<String, String> r : batch) {
        String[] v = r.value().split(",", 3);
        csv.append(runId)
            .append(",limit,")
            .append(method.label)
            .append(",append,")
            .append(topic)
            .append(',')
            .append(r.partition())
            .append(',')
            .append(r.offset())
            .append(',')
            .append(Long.parseLong(v[0]))
            .append(',')
            .append(Instant.ofEpochMilli(Long.parseLong(v[1])))
            .append(",0,")
            .append(v[2])
            .append('\n');
      }
      try {
        copy.copyIn(COPY_SQL, new StringReader(csv.toString()));
      } catch (java.io.IOException ex) {
        throw new SQLException("COPY failed: " + ex.getMessage(), ex);
      }
    }
    batch.clear();
    return n;
  }
}
