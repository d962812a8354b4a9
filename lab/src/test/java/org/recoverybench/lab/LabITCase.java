package org.recoverybench.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.xa.PGXADataSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Each lab kind against the lab's acceptance items: real Kafka, real S3 API, real PostgreSQL. The
 * embedded kind always runs, the containers kind when a Docker engine answers (skipped otherwise),
 * and the external kind against an embedded lab's endpoints handed over as external.
 */
@ParameterizedClass(name = "{0} lab")
@ValueSource(strings = {"embedded", "containers", "external"})
class LabITCase {
  @Parameter String kind;
  private static LabKinds.Started started;
  private static Lab lab;

  @BeforeParameterizedClassInvocation
  static void startLab(String kind) {
    long t0 = System.nanoTime();
    started = LabKinds.start(kind, "lab-itcase");
    lab = started.lab();
    System.out.printf("%s lab started in %d ms%n", kind, (System.nanoTime() - t0) / 1_000_000);
  }

  @AfterParameterizedClassInvocation
  static void stopLab() {
    if (started != null) {
      started.close();
      started = null;
      lab = null;
    }
  }

  private static void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = LabClients.kafkaAdmin(lab.endpoints())) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static KafkaProducer<String, String> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, lab.endpoints().kafkaBootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  /** Reads the topic up to the end offsets taken once at the start, so it cannot wait forever. */
  private static List<ConsumerRecord<String, String>> drain(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, lab.endpoints().kafkaBootstrap());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        assertThat(System.nanoTime() - deadline).as("drain deadline").isNegative();
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }

  @Test
  void producesAndReadsBackTenThousandRecordsExactlyOnce() throws Exception {
    String topic = "lab-roundtrip";
    createTopic(topic, 3);
    try (KafkaProducer<String, String> producer = producer()) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (int id = 0; id < 10_000; id++) {
        acks.add(producer.send(new ProducerRecord<>(topic, Integer.toString(id), "id-" + id)));
      }
      for (Future<RecordMetadata> f : acks) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
    List<ConsumerRecord<String, String>> records = drain(topic);
    Map<String, Integer> seen = new HashMap<>();
    Set<Integer> partitions = new HashSet<>();
    for (ConsumerRecord<String, String> r : records) {
      seen.merge(r.key(), 1, Integer::sum);
      partitions.add(r.partition());
    }
    assertThat(records).hasSize(10_000);
    assertThat(seen).hasSize(10_000);
    assertThat(seen.values()).allMatch(n -> n == 1);
    assertThat(partitions).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void s3PutListGetDeleteAndMultipartUpload() throws Exception {
    String bucket = lab.endpoints().s3Bucket();
    String prefix = "lab-itcase/";
    try (S3Client s3 = LabClients.s3(lab.endpoints())) {
      for (int i = 0; i < 3; i++) {
        s3.putObject(
            PutObjectRequest.builder().bucket(bucket).key(prefix + "small-" + i).build(),
            RequestBody.fromString("object " + i));
      }
      List<String> keys =
          s3
              .listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
              .contents()
              .stream()
              .map(S3Object::key)
              .toList();
      assertThat(keys).containsExactly(prefix + "small-0", prefix + "small-1", prefix + "small-2");
      assertThat(
              s3.getObjectAsBytes(
                      GetObjectRequest.builder().bucket(bucket).key(prefix + "small-1").build())
                  .asString(StandardCharsets.UTF_8))
          .isEqualTo("object 1");

      // multipart: two parts of 5 MiB + 1 MiB + 7 bytes = 6 MiB and a bit
      byte[] data = new byte[6 * 1024 * 1024 + 7];
      new Random(42).nextBytes(data);
      String key = prefix + "multipart.bin";
      String uploadId =
          s3.createMultipartUpload(
                  CreateMultipartUploadRequest.builder().bucket(bucket).key(key).build())
              .uploadId();
      int partSize = 5 * 1024 * 1024;
      List<CompletedPart> parts = new ArrayList<>();
      for (int part = 1, off = 0; off < data.length; part++, off += partSize) {
        int len = Math.min(partSize, data.length - off);
        byte[] chunk = java.util.Arrays.copyOfRange(data, off, off + len);
        String etag =
            s3.uploadPart(
                    UploadPartRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(part)
                        .build(),
                    RequestBody.fromBytes(chunk))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
      }
      assertThat(parts).hasSize(2);
      s3.completeMultipartUpload(
          CompleteMultipartUploadRequest.builder()
              .bucket(bucket)
              .key(key)
              .uploadId(uploadId)
              .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())
              .build());
      byte[] back =
          s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build())
              .asByteArray();
      assertThat(back).hasSize(data.length).isEqualTo(data);

      for (String k : List.of(prefix + "small-0", prefix + "small-1", prefix + "small-2", key)) {
        s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(k).build());
      }
      assertThat(
              s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
                  .contents())
          .isEmpty();
    }
  }

  @Test
  void preparedTransactionCommitsAndSchemaExists() throws Exception {
    try (Connection c = LabClients.jdbc(lab.endpoints());
        Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SHOW max_prepared_transactions");
      rs.next();
      assertThat(rs.getInt(1)).isPositive();
      c.setAutoCommit(false);
      s.execute(
          "INSERT INTO sink_writes (run_id, engine, variant, sink_mode, topic, kafka_partition,"
              + " kafka_offset, event_id, event_time, incarnation) VALUES ('lab-itcase-2pc',"
              + " 'test', 'test', 'exactly-once', 't', 0, 0, 1, now(), 0)");
      s.execute("PREPARE TRANSACTION 'lab-itcase-gid'");
      c.setAutoCommit(true);
      rs = s.executeQuery("SELECT count(*) FROM pg_prepared_xacts WHERE gid = 'lab-itcase-gid'");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
      // invisible until committed
      rs = s.executeQuery("SELECT count(*) FROM sink_writes WHERE run_id = 'lab-itcase-2pc'");
      rs.next();
      assertThat(rs.getInt(1)).isZero();
      s.execute("COMMIT PREPARED 'lab-itcase-gid'");
      rs = s.executeQuery("SELECT count(*) FROM sink_writes WHERE run_id = 'lab-itcase-2pc'");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    // the XA data source that the Flink exactly-once sink uses can connect too
    PGXADataSource xa = new PGXADataSource();
    xa.setUrl(lab.endpoints().jdbcUrl());
    xa.setUser(lab.endpoints().jdbcUser());
    xa.setPassword(lab.endpoints().jdbcPassword());
    try (Connection c = xa.getXAConnection().getConnection()) {
      assertThat(c.unwrap(PGConnection.class)).isNotNull();
    }
  }

  @Test
  void upsertWritesAreLoggedSoReplaysAreCounted() throws Exception {
    try (Connection c = LabClients.jdbc(lab.endpoints());
        Statement s = c.createStatement()) {
      String upsert =
          "INSERT INTO sink_upsert (run_id, engine, variant, event_id, topic, kafka_partition,"
              + " kafka_offset, event_time, incarnation) VALUES ('lab-itcase-upsert', 'test',"
              + " 'test', 7, 't', 0, 7, now(), %d) ON CONFLICT (run_id, engine, variant, event_id)"
              + " DO UPDATE SET incarnation = EXCLUDED.incarnation, written_at = clock_timestamp(),"
              + " write_count = sink_upsert.write_count + 1";
      s.execute(String.format(upsert, 0));
      s.execute(String.format(upsert, 1));
      ResultSet rs =
          s.executeQuery(
              "SELECT count(*), count(DISTINCT incarnation) FROM sink_writes"
                  + " WHERE run_id = 'lab-itcase-upsert' AND sink_mode = 'upsert'");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(2);
      assertThat(rs.getInt(2)).isEqualTo(2);
      rs = s.executeQuery("SELECT write_count FROM sink_upsert WHERE run_id = 'lab-itcase-upsert'");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
  }

  @Test
  void everyServiceSurvivesKillNineWithItsData() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        lab.services().isEmpty(), "an external lab controls no service it could kill");
    LabService kafka = lab.service("kafka");
    LabService s3Service = lab.service("s3");
    LabService postgres = lab.service("postgres");
    String topic = "lab-broker-kill";
    createTopic(topic, 3);
    Set<String> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    long oldPid = kafka.pid();
    try (KafkaProducer<String, String> producer = producer()) {
      for (int id = 0; id < 20_000; id++) {
        String key = Integer.toString(id);
        producer.send(
            new ProducerRecord<>(topic, key, "id-" + id),
            (md, err) -> {
              if (err == null) {
                acked.add(key);
              }
            });
        if (id == 5_000) {
          producer.flush(); // a known number acknowledged, then more in flight at the kill
        }
        if (id == 8_000) {
          kafka.kill();
          assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
          kafka.start();
        }
      }
      kafka.awaitHealthy(Duration.ofSeconds(90));
      producer.flush();
    }
    assertThat(kafka.pid()).isNotEqualTo(oldPid).isPositive();
    Set<String> read = new HashSet<>();
    for (ConsumerRecord<String, String> r : drain(topic)) {
      read.add(r.key());
    }
    assertThat(acked).hasSizeGreaterThanOrEqualTo(5_001);
    Set<String> missing = new HashSet<>(acked);
    missing.removeAll(read);
    assertThat(missing).as("acknowledged records missing after the broker kill").isEmpty();

    // S3 and PostgreSQL also come back after kill -9 with their data
    try (S3Client s3 = LabClients.s3(lab.endpoints())) {
      s3.putObject(
          PutObjectRequest.builder().bucket(lab.endpoints().s3Bucket()).key("kill/keep").build(),
          RequestBody.fromString("kept"));
    }
    s3Service.kill();
    s3Service.start();
    s3Service.awaitHealthy(Duration.ofSeconds(60));
    try (S3Client s3 = LabClients.s3(lab.endpoints())) {
      assertThat(
              s3.getObjectAsBytes(
                      GetObjectRequest.builder()
                          .bucket(lab.endpoints().s3Bucket())
                          .key("kill/keep")
                          .build())
                  .asString(StandardCharsets.UTF_8))
          .isEqualTo("kept");
    }
    try (Connection c = LabClients.jdbc(lab.endpoints());
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO sink_writes (run_id, engine, variant, sink_mode, topic, kafka_partition,"
              + " kafka_offset, event_id, event_time, incarnation) VALUES ('lab-itcase-pgkill',"
              + " 'test', 'test', 'append', 't', 0, 0, 1, now(), 0)");
    }
    postgres.kill();
    postgres.start();
    postgres.awaitHealthy(Duration.ofSeconds(60));
    try (Connection c = LabClients.jdbc(lab.endpoints());
        Statement s = c.createStatement()) {
      ResultSet rs =
          s.executeQuery("SELECT count(*) FROM sink_writes WHERE run_id = 'lab-itcase-pgkill'");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }
}
