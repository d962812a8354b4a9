package org.recoverybench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.SinkLedger;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.lab.spark.SparkDriver;
import org.recoverybench.lab.workload.EventProducer;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;
import software.amazon.awssdk.services.s3.S3Client;

/** A lab for the Spark ITCases, and what they ask of it. */
final class SparkLab implements AutoCloseable {
  static final int PARTITIONS = 4;
  static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
  static final Duration WRITE_TIMEOUT = Duration.ofMinutes(4);

  final EmbeddedLab lab;
  final Path workDir;
  private final List<ManagedProcess> drivers = new ArrayList<>();

  SparkLab(String name) {
    // short: PostgreSQL's socket path under the lab directory must stay below 107 bytes
    workDir = WorkDirs.freshForTest(name);
    lab = new EmbeddedLab(LabConfig.at(workDir));
    lab.start();
  }

  Endpoints endpoints() {
    return lab.endpoints();
  }

  void createTopic(String topic) {
    EventProducer.createTopic(endpoints().kafkaBootstrap(), topic, PARTITIONS);
  }

  void produce(String topic, long from, long to, int ratePerSecond) {
    try (EventProducer p = new EventProducer(endpoints().kafkaBootstrap(), topic, PARTITIONS, 16)) {
      p.produce(from, to, ratePerSecond);
    }
  }

  /** A driver for one run: the failure detection both engines get (6 s session, 2 s heartbeat). */
  SparkDriver driver(String variant, String runId, String topic) {
    return SparkDriver.against(endpoints(), workDir.resolve("drivers").resolve(runId))
        .variant(variant)
        .runId(runId)
        .topic(topic)
        .groupId("g-" + runId)
        .s3Checkpoint("spark/" + runId)
        .option("session-timeout-ms", 6000)
        .option("heartbeat-interval-ms", 2000);
  }

  ManagedProcess start(SparkDriver d) {
    ManagedProcess p = d.start();
    drivers.add(p);
    return p;
  }

  SinkLedger.Counts counts(String runId, String variant, long produced) {
    try {
      return SinkLedger.counts(endpoints(), runId, "spark", variant, produced);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@code distinct} ids of the run are written; fails with the driver's log. */
  void awaitDistinct(ManagedProcess driver, String runId, String variant, long distinct) {
    LongSupplier seen = () -> counts(runId, variant, distinct).distinct();
    boolean ok =
        Poll.until(
            WRITE_TIMEOUT,
            Duration.ofMillis(500),
            () -> seen.getAsLong() >= distinct || !driver.isAlive());
    assertThat(ok && seen.getAsLong() >= distinct)
        .as(
            "%d distinct ids written by %s (saw %d); log tail:%n%s",
            distinct, driver, seen.getAsLong(), driver.logTail(40))
        .isTrue();
  }

  /** Waits until at least {@code rows} rows of the run are written. */
  void awaitRows(ManagedProcess driver, String runId, String variant, long rows) {
    boolean ok =
        Poll.until(
            WRITE_TIMEOUT,
            Duration.ofMillis(100),
            () -> counts(runId, variant, 0).rows() >= rows || !driver.isAlive());
    assertThat(ok && driver.isAlive())
        .as("%d rows written by %s; log tail:%n%s", rows, driver, driver.logTail(40))
        .isTrue();
  }

  /** The highest offset written + 1, per partition, by the run (what a resume should start at). */
  Map<Integer, Long> writtenEnds(String runId) {
    return query(
        "SELECT kafka_partition, max(kafka_offset) + 1 FROM sink_writes WHERE run_id = ?"
            + " GROUP BY kafka_partition",
        runId);
  }

  /** The lowest offset written per partition by one incarnation: where it resumed. */
  Map<Integer, Long> resumedFrom(String runId, int incarnation) {
    return query(
        "SELECT kafka_partition, min(kafka_offset) FROM sink_writes WHERE run_id = ? AND"
            + " incarnation = "
            + incarnation
            + " GROUP BY kafka_partition",
        runId);
  }

  /** Written rows per incarnation. */
  Map<Integer, Long> rowsByIncarnation(String runId) {
    return query(
        "SELECT incarnation, count(*) FROM sink_writes WHERE run_id = ? GROUP BY incarnation",
        runId);
  }

  /** Milliseconds from {@code sinceMillis} to the first write of the incarnation. */
  long firstWriteAfter(String runId, int incarnation, long sinceMillis) {
    Map<Integer, Long> m =
        query(
            "SELECT 0, (extract(epoch from min(written_at)) * 1000)::bigint FROM sink_writes"
                + " WHERE run_id = ? AND incarnation = "
                + incarnation,
            runId);
    return m.get(0) - sinceMillis;
  }

  Map<Integer, Long> query(String sql, String runId) {
    Map<Integer, Long> m = new TreeMap<>();
    try (Connection c = LabClients.jdbc(endpoints());
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          m.put(rs.getInt(1), rs.getLong(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }

  /** The group's offsets committed to Kafka, per partition. */
  Map<Integer, Long> committed(String groupId) {
    try (Admin admin = LabClients.kafkaAdmin(endpoints())) {
      Map<TopicPartition, OffsetAndMetadata> m =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<Integer, Long> out = new TreeMap<>();
      m.forEach((tp, om) -> out.put(tp.partition(), om == null ? -1 : om.offset()));
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The log-end offsets of the topic, per partition. */
  Map<Integer, Long> endOffsets(String topic) {
    try (Admin admin = LabClients.kafkaAdmin(endpoints())) {
      Map<TopicPartition, OffsetSpec> req = new java.util.HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        req.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> m =
          admin.listOffsets(req).all().get(30, TimeUnit.SECONDS);
      Map<Integer, Long> out = new TreeMap<>();
      m.forEach((tp, i) -> out.put(tp.partition(), i.offset()));
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Objects and bytes under an S3 prefix. */
  LabClients.S3Footprint s3Footprint(String prefix) {
    try (S3Client s3 = LabClients.s3(endpoints())) {
      return LabClients.footprint(s3, endpoints().s3Bucket(), prefix);
    }
  }

  /** How many lines of a log file contain {@code text}. */
  static long countLines(Path file, String text) {
    try (var lines =
        java.nio.file.Files.lines(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
      return lines.filter(l -> l.contains(text)).count();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  static void report(String line) {
    System.out.println("RB-REPORT " + line);
  }

  @Override
  public void close() {
    for (ManagedProcess d : drivers) {
      d.kill9();
    }
    lab.close();
  }
}
