package org.recoverybench.fault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.recoverybench.check.OffsetSnapshot;
import org.recoverybench.engine.ProcessKind;
import org.recoverybench.lab.LabClients;
import org.recoverybench.observe.History;

/**
 * A JobManager kill during which the consumer group's committed offsets are moved back to the start
 * of every partition, as the Kafka connector's own tests do: the job is then resubmitted from its
 * latest retained checkpoint while Kafka holds other offsets for its group, so where the restored
 * job starts reading shows which of the two it resumed from (claim F2).
 *
 * <p>The move happens at the fault's stop, before the JobManager is started again: the killed
 * JobManager can no longer tell the Kafka source to commit, so the offsets committed then are those
 * of the last checkpoint the job completed and notified. The worker records them as the
 * checkpointed offsets, and the moved ones as the committed offsets at the restart.
 */
public record MovedOffsets(String name) implements FaultType {
  public static final MovedOffsets TYPE = new MovedOffsets("kill-jobmanager-offsets-moved");

  /** Where the checkpointed offsets recorded at the move are read from. */
  static final String CHECKPOINTED_SOURCE =
      "the group's committed offsets while the JobManager was down, before the move: those the"
          + " Kafka source committed on the last completed checkpoint";

  static final String COMMITTED_SOURCE =
      "the group's committed offsets after the harness moved them";

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  @Override
  public Set<String> engines() {
    return Set.of("flink");
  }

  @Override
  public boolean needsS3Proxy() {
    return false;
  }

  /** As the JobManager kill: the restart lists the retained checkpoints on S3. */
  @Override
  public boolean runsWithHdfs() {
    return false;
  }

  @Override
  public ProcessKind kills() {
    return ProcessKind.COORDINATOR;
  }

  /** The move needs the JobManager down for a while (no commit of the killed job in flight). */
  @Override
  public boolean needsDuration() {
    return true;
  }

  @Override
  public FaultWorker worker(FaultSpec spec, FaultEnv env) {
    return new Worker(new Kill.Worker(spec, env, ProcessKind.COORDINATOR), env);
  }

  /** Kills the JobManager at the start; at the stop moves the offsets, then brings it back. */
  static final class Worker implements FaultWorker {
    private final Kill.Worker kill;
    private final FaultEnv env;
    private String detail;

    Worker(Kill.Worker kill, FaultEnv env) {
      this.kill = kill;
      this.env = env;
    }

    @Override
    public long start() {
      return kill.start();
    }

    @Override
    public long stop() {
      move();
      return kill.stop();
    }

    /** Moves the group's committed offsets to each partition's earliest; records both sides. */
    private void move() {
      String group = env.trial().groupId();
      String topic = env.trial().topic();
      try (Admin admin = LabClients.kafkaAdmin(env.lab().endpoints())) {
        Map<Integer, Long> before = new TreeMap<>(LabClients.committedOffsets(admin, group, topic));
        Map<TopicPartition, OffsetSpec> query = new LinkedHashMap<>();
        before
            .keySet()
            .forEach(p -> query.put(new TopicPartition(topic, p), OffsetSpec.earliest()));
        Map<TopicPartition, OffsetAndMetadata> target = new LinkedHashMap<>();
        admin
            .listOffsets(query)
            .all()
            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .forEach((tp, info) -> target.put(tp, new OffsetAndMetadata(info.offset())));
        if (!target.isEmpty()) {
          admin
              .alterConsumerGroupOffsets(group, target)
              .all()
              .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        Map<Integer, Long> after = new TreeMap<>(LabClients.committedOffsets(admin, group, topic));
        record(group, before, after);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while moving the offsets of " + group, e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(
            "cannot move the committed offsets of group " + group + ": " + e.getMessage(), e);
      }
    }

    private void record(String group, Map<Integer, Long> before, Map<Integer, Long> after) {
      History h = env.history();
      h.record(
          "offsets",
          "kind",
          OffsetSnapshot.CHECKPOINTED,
          "offsets",
          before,
          "source",
          CHECKPOINTED_SOURCE);
      h.record(
          "offsets",
          "kind",
          OffsetSnapshot.COMMITTED,
          "offsets",
          after,
          "source",
          COMMITTED_SOURCE);
      h.record("offsets-moved", "group", group, "before", before, "after", after);
      detail =
          before.isEmpty()
              ? "group " + group + " had no committed offsets: nothing moved"
              : "committed offsets of group " + group + " moved " + describe(before, after);
    }

    /** {@code p0 1520->0, p1 1490->0}. */
    static String describe(Map<Integer, Long> before, Map<Integer, Long> after) {
      StringBuilder sb = new StringBuilder();
      before.forEach(
          (p, b) ->
              sb.append(sb.length() == 0 ? "" : ", ")
                  .append('p')
                  .append(p)
                  .append(' ')
                  .append(b)
                  .append("->")
                  .append(after.get(p)));
      return sb.toString();
    }

    @Override
    public String role() {
      return kill.role();
    }

    @Override
    public Long pid() {
      return kill.pid();
    }

    /** Null until the offsets are moved (the kill says it all), then what was moved. */
    @Override
    public String detail() {
      return detail;
    }

    @Override
    public boolean recoveryFromStop() {
      return false;
    }

    @Override
    public String behaviour() {
      return null;
    }
  }
}
