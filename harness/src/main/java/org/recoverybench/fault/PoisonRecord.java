package org.recoverybench.fault;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One record whose value cannot be parsed (no {@code <id>,<time>,<payload>}), written to partition
 * 0 of the trial's topic between the workload's records. It has no event id, so it never counts as
 * produced; what the engine does about it (fail and restart, halt, or dead-letter it) is recorded.
 */
public record PoisonRecord() implements FaultType {
  public static final PoisonRecord TYPE = new PoisonRecord();
  public static final String VALUE = "poison-record: not an event";
  private static final int PARTITION = 0;

  @Override
  public String name() {
    return "poison-record";
  }

  @Override
  public Set<String> engines() {
    return BOTH;
  }

  @Override
  public boolean needsS3Proxy() {
    return false;
  }

  @Override
  public boolean runsWithHdfs() {
    return true;
  }

  @Override
  public FaultWorker worker(FaultSpec spec, FaultEnv env) {
    return new Worker(spec, env);
  }

  /** Writes the record at the start; it stays. */
  static final class Worker extends AbstractFault {

    Worker(FaultSpec spec, FaultEnv env) {
      super(spec, env);
    }

    @Override
    public long start() {
      snapshot();
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.trial().endpoints().kafkaBootstrap());
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
        RecordMetadata m =
            producer
                .send(new ProducerRecord<>(env.trial().topic(), PARTITION, "poison", VALUE))
                .get(60, TimeUnit.SECONDS);
        long at = System.currentTimeMillis();
        detail = "value '" + VALUE + "' at partition " + m.partition() + " offset " + m.offset();
        env.history()
            .record(
                "poison-record", "partition", m.partition(), "offset", m.offset(), "value", VALUE);
        return at;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing the poison record");
      } catch (Exception e) {
        throw new IllegalStateException("cannot write the poison record: " + e.getMessage(), e);
      }
    }

    @Override
    public long stop() {
      // the record stays in the topic: the fault is its presence
      return System.currentTimeMillis();
    }

    /** With the dead-letter policy: once the engine put the record in {@code sink_dead_letters}. */
    @Override
    public boolean settled() {
      if (!env.trial().scenario().settings().onParseError().equals("dead-letter")) {
        return true;
      }
      try (java.sql.Connection c = org.recoverybench.lab.LabClients.jdbc(env.trial().endpoints());
          java.sql.PreparedStatement ps =
              c.prepareStatement("SELECT count(*) FROM sink_dead_letters WHERE run_id = ?")) {
        ps.setString(1, env.trial().runId());
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getLong(1) > 0;
        }
      } catch (java.sql.SQLException e) {
        return false;
      }
    }

    @Override
    public boolean recoveryFromStop() {
      return false;
    }
  }
}
