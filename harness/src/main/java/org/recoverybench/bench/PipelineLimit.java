package org.recoverybench.bench;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.recoverybench.contract.SinkSql;
import org.recoverybench.lab.Endpoints;

/**
 * The pipeline's physical limit on this lab: one plain Kafka consumer, in this process, that parses
 * the same records and writes the same rows into the same table as the engines, with nothing else
 * in the way (no framework, no checkpoints, no offset commits). Two ways to write: JDBC batches of
 * the same size the engines use, and PostgreSQL's COPY, the fastest way in.
 */
final class PipelineLimit {
  enum Method {
    JDBC_BATCH("jdbc-batch", SinkSql.APPEND),
    JDBC_UPSERT("jdbc-upsert", SinkSql.UPSERT),
    COPY("copy", SinkSql.APPEND);

    final String label;

    /** The sink mode whose statement ({@link SinkSql#rowStatement}) the writer uses. */
    final String sinkMode;

    Method(String label, String sinkMode) {
      this.label = label;
      this.sinkMode = sinkMode;
    }
  }

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
    AtomicLong written = new AtomicLong();
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
      AtomicLong total)
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
        Connection c = DriverManager.getConnection(e.jdbcUrl(), db)) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream()
              .filter(i -> i.partition() % writers == index)
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      List<ConsumerRecord<String, String>> pending = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 300_000;
      try (PreparedStatement ps = c.prepareStatement(SinkSql.rowStatement(method.sinkMode))) {
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
      for (ConsumerRecord<String, String> r : batch) {
        String[] v = r.value().split(",", 3);
        SinkSql.bindRow(
            ps,
            method.sinkMode,
            runId,
            "limit",
            method.label,
            topic,
            r.partition(),
            r.offset(),
            Long.parseLong(v[0]),
            Long.parseLong(v[1]),
            0,
            v[2]);
        ps.addBatch();
      }
      ps.executeBatch();
    } else {
      // the fields in the order of SinkSql.WRITE_COLUMNS
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
        copy.copyIn(SinkSql.COPY_WRITES, new StringReader(csv.toString()));
      } catch (IOException ex) {
        throw new SQLException("COPY failed: " + ex.getMessage(), ex);
      }
    }
    batch.clear();
    return n;
  }
}
