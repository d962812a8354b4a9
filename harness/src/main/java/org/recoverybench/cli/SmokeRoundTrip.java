package org.recoverybench.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.recoverybench.contract.SinkSql;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabException;
import org.recoverybench.lab.workload.EventProducer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** A round trip through each server of a running lab; fails with one line if any leg fails. */
final class SmokeRoundTrip {
  static final int RECORDS = 1_000;

  private SmokeRoundTrip() {}

  static void run(Lab lab, PrintWriter out) throws Exception {
    Endpoints e = lab.endpoints();
    String topic = "smoke-" + System.currentTimeMillis();
    long t0 = System.nanoTime();
    EventProducer.createTopic(e.kafkaBootstrap(), topic, 3);
    try (EventProducer p = new EventProducer(e.kafkaBootstrap(), topic, 3, 16)) {
      p.produce(0, RECORDS, 0);
    }
    Set<String> ids = new HashSet<>();
    int read = 0;
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrap());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
      List<TopicPartition> parts =
          List.of(
              new TopicPartition(topic, 0),
              new TopicPartition(topic, 1),
              new TopicPartition(topic, 2));
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new LabException("smoke: reading the topic back did not finish within 60 s");
        }
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          ids.add(r.key());
          read++;
        }
      }
    }
    if (read != RECORDS || ids.size() != RECORDS) {
      throw new LabException(
          "smoke: produced " + RECORDS + " records but read " + read + " (" + ids.size() + " ids)");
    }
    out.printf(
        "  kafka     produced %d, read back %d, distinct %d (%d ms)%n",
        RECORDS, read, ids.size(), (System.nanoTime() - t0) / 1_000_000);

    t0 = System.nanoTime();
    try (S3Client s3 = LabClients.s3(e)) {
      String key = "smoke/" + topic;
      s3.putObject(
          PutObjectRequest.builder().bucket(e.s3Bucket()).key(key).build(),
          RequestBody.fromString("smoke"));
      String back =
          s3.getObjectAsBytes(GetObjectRequest.builder().bucket(e.s3Bucket()).key(key).build())
              .asString(StandardCharsets.UTF_8);
      s3.deleteObject(DeleteObjectRequest.builder().bucket(e.s3Bucket()).key(key).build());
      if (!"smoke".equals(back)) {
        throw new LabException("smoke: S3 returned '" + back + "' for what was put");
      }
    }
    out.printf(
        "  s3        put, get, delete in bucket %s (%d ms)%n",
        e.s3Bucket(), (System.nanoTime() - t0) / 1_000_000);

    t0 = System.nanoTime();
    try (Connection c = LabClients.jdbc(e);
        Statement s = c.createStatement();
        PreparedStatement insert = c.prepareStatement(SinkSql.rowStatement(SinkSql.EXACTLY_ONCE))) {
      c.setAutoCommit(false);
      SinkSql.bindRow(
          insert,
          SinkSql.EXACTLY_ONCE,
          topic,
          "smoke",
          "smoke",
          topic,
          0,
          0L,
          0L,
          System.currentTimeMillis(),
          0,
          null);
      insert.executeUpdate();
      s.execute("PREPARE TRANSACTION '" + topic + "'");
      c.setAutoCommit(true);
      s.execute("COMMIT PREPARED '" + topic + "'");
      ResultSet rs =
          s.executeQuery("SELECT count(*) FROM sink_writes WHERE run_id = '" + topic + "'");
      rs.next();
      if (rs.getInt(1) != 1) {
        throw new LabException("smoke: the prepared transaction's row is missing");
      }
    }
    out.printf(
        "  postgres  PREPARE TRANSACTION + COMMIT PREPARED into sink_writes (%d ms)%n",
        (System.nanoTime() - t0) / 1_000_000);
    out.flush();
  }
}
