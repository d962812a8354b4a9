package org.recoverybench.spark;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.Optional;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.Function3;
import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.State;
import org.apache.spark.streaming.StateSpec;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaMapWithStateDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.kafka010.HasOffsetRanges;
import org.apache.spark.streaming.kafka010.OffsetRange;
import scala.Tuple2;

/**
 * The stateful pipeline of {@code --keys N} (issue 17), as a DStream app keeps state: {@code
 * mapWithState} with a {@link StateSpec}. Record id {@code i} carries key {@code i % N}; each key's
 * running count and sum of ids, its last id and {@code --state-bytes} of payload are a {@link
 * KeyState}, checkpointed with the state DStream (every 10 batch intervals by Spark's default, or
 * {@code --state-checkpoint-seconds}). Every record is written to {@code sink_writes} as in the
 * stateless app, and each key's newest state of the batch is upserted into {@code sink_state}
 * (count, sum, last id; {@code version} counts the upserts), in the same transaction as the
 * records.
 *
 * <ul>
 *   <li>{@code as-written}: a new context on every start; the state starts empty each time.
 *   <li>{@code recoverable}: {@code getOrCreate}; the state comes back from the checkpoint (the
 *       last state checkpoint, then the batches after it computed again from Kafka).
 *   <li>{@code transactional}: the state is partitioned by Kafka partition ({@link
 *       ByKafkaPartition}: key {@code k} lives in slice {@code k % P}, which holds exactly the keys
 *       of Kafka partition {@code k % P} when N is a multiple of P), so each Kafka partition's
 *       records, its keys' newest states and its next offset commit in one transaction; a new
 *       driver starts from the offsets and the state {@code sink_state} holds, read together
 *       ({@link StoredState}), given to {@link StateSpec#initialState}.
 * </ul>
 */
final class StatefulPipeline {
  /**
   * The offset ranges of each batch, by batch time, noted on the driver when the batch's RDDs are
   * made and taken when its output runs: after {@code mapWithState} the RDD no longer carries them.
   */
  static final Map<Long, OffsetRange[]> RANGES = new ConcurrentHashMap<>();

  private StatefulPipeline() {}

  /**
   * Adds the stateful graph to {@code stream}: parse and key, {@code mapWithState}, write. {@code
   * kafkaPartitions} and {@code initial} are the transactional variant's (else 0 and null).
   */
  static void build(
      JavaInputDStream<ConsumerRecord<String, String>> stream,
      AppOptions o,
      boolean transactional,
      int kafkaPartitions,
      JavaPairRDD<Long, KeyState> initial) {
    JavaPairDStream<Long, KeyedEvent> keyed = stream.transformToPair(new NoteAndKey(o.keys()));
    StateSpec<Long, KeyedEvent, KeyState, FoldedRecord> spec =
        StateSpec.function(new Fold(o.stateBytes()));
    if (transactional) {
      spec = spec.partitioner(new ByKafkaPartition(kafkaPartitions)).initialState(initial);
    }
    JavaMapWithStateDStream<Long, KeyedEvent, KeyState, FoldedRecord> folded =
        keyed.mapWithState(spec);
    if (o.stateCheckpointSeconds() > 0) {
      // the state DStream's checkpoint interval (mapWithState passes it to its state stream)
      folded.checkpoint(Durations.seconds(o.stateCheckpointSeconds()));
    }
    folded.foreachRDD(new WriteFolded(transactional));
    System.out.println(
        "RB-STATE keys="
            + o.keys()
            + " state_bytes="
            + o.stateBytes()
            + " state_checkpoint="
            + (o.stateCheckpointSeconds() > 0 ? o.stateCheckpointSeconds() + "s" : "spark-default")
            + (transactional ? " slices=" + kafkaPartitions : ""));
  }

  /**
   * The transactional variant's initial state: the rows {@code sink_state} holds (key, count, sum,
   * last id), each with its payload made again from its key.
   */
  static JavaPairRDD<Long, KeyState> initialState(
      JavaSparkContext sc, List<long[]> rows, int slices, int stateBytes) {
    return sc.parallelize(rows, Math.max(1, slices)).mapToPair(new Restore(stateBytes));
  }

  /**
   * Runs on the driver as each batch's RDDs are made: notes the batch's offset ranges, and keys
   * every record with the current process's parse-error policy (a context restored from a
   * checkpoint runs this code again for the batches it makes, with this process's options).
   */
  static final class NoteAndKey
      implements Function2<
          JavaRDD<ConsumerRecord<String, String>>, Time, JavaPairRDD<Long, KeyedEvent>> {
    private static final long serialVersionUID = 1L;
    private final long keys;

    NoteAndKey(long keys) {
      this.keys = keys;
    }

    @Override
    public JavaPairRDD<Long, KeyedEvent> call(
        JavaRDD<ConsumerRecord<String, String>> rdd, Time time) {
      RANGES.put(time.milliseconds(), ((HasOffsetRanges) rdd.rdd()).offsetRanges());
      return rdd.mapToPair(new ParseKeyed(keys, SparkStreamingApp.currentSink.deadLetter()));
    }
  }

  /** A Kafka record as its key and event (on the executors). */
  static final class ParseKeyed
      implements PairFunction<ConsumerRecord<String, String>, Long, KeyedEvent> {
    private static final long serialVersionUID = 1L;
    private final long keys;
    private final boolean deadLetter;

    ParseKeyed(long keys, boolean deadLetter) {
      this.keys = keys;
      this.deadLetter = deadLetter;
    }

    @Override
    public Tuple2<Long, KeyedEvent> call(ConsumerRecord<String, String> r) {
      return KeyedEvent.parse(r.topic(), r.partition(), r.offset(), r.value(), keys, deadLetter);
    }
  }

  /**
   * The {@code mapWithState} function: folds the record into its key's state and emits the record
   * with the state after it. A record that could not be parsed (a negative key) touches no state.
   */
  static final class Fold
      implements Function3<Long, Optional<KeyedEvent>, State<KeyState>, FoldedRecord> {
    private static final long serialVersionUID = 1L;
    private final int stateBytes;

    Fold(int stateBytes) {
      this.stateBytes = stateBytes;
    }

    @Override
    public FoldedRecord call(Long key, Optional<KeyedEvent> value, State<KeyState> state) {
      if (!value.isPresent()) {
        return null; // a key timing out: the pipeline sets no timeout, so it never comes
      }
      KeyedEvent e = value.get();
      if (e.poison() || key < 0) {
        return FoldedRecord.unfolded(key, e);
      }
      KeyState s = state.exists() ? state.get() : KeyState.empty(key, stateBytes);
      KeyState next = s.fold(e.eventId());
      state.update(next);
      return new FoldedRecord(e, key, next.count(), next.sum(), next.lastEventId());
    }
  }

  /** One row of {@code sink_state} (key, count, sum, last id) as a key's state. */
  static final class Restore implements PairFunction<long[], Long, KeyState> {
    private static final long serialVersionUID = 1L;
    private final int stateBytes;

    Restore(int stateBytes) {
      this.stateBytes = stateBytes;
    }

    @Override
    public Tuple2<Long, KeyState> call(long[] row) {
      return new Tuple2<>(row[0], KeyState.restored(row[0], row[1], row[2], row[3], stateBytes));
    }
  }

  /**
   * The transactional variant's placement of the state: key {@code k} in slice {@code k % P}, the
   * dead letters of Kafka partition {@code p} (key {@code -(p + 1)}) in slice {@code p}. With keys
   * a multiple of P, slice {@code p} holds exactly the records of Kafka partition {@code p}.
   */
  static final class ByKafkaPartition extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    ByKafkaPartition(int partitions) {
      if (partitions <= 0) {
        throw new IllegalArgumentException("partitions must be positive, got " + partitions);
      }
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      long k = (Long) key;
      return (int) (k >= 0 ? k % partitions : (-k - 1) % partitions);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByKafkaPartition b && b.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }

  /** The body of the folded stream's {@code foreachRDD}; it runs on the driver once per batch. */
  static final class WriteFolded implements VoidFunction2<JavaRDD<FoldedRecord>, Time> {
    private static final long serialVersionUID = 1L;
    private final boolean transactional;
    private transient boolean firstBatchSeen;

    WriteFolded(boolean transactional) {
      this.transactional = transactional;
    }

    @Override
    public void call(JavaRDD<FoldedRecord> rdd, Time time) {
      long t = time.milliseconds();
      OffsetRange[] ranges = RANGES.remove(t);
      RANGES.keySet().removeIf(older -> older < t); // batches run in order: these ran
      if (transactional && ranges == null) {
        throw new IllegalStateException("no offset ranges were noted for the batch of " + t);
      }
      SinkConfig sink = SparkStreamingApp.currentSink;
      long count =
          ranges == null
              ? rdd.count()
              : Arrays.stream(ranges).mapToLong(r -> r.untilOffset() - r.fromOffset()).sum();
      if (count == 0) {
        return;
      }
      System.out.println("Received " + count + " records.");
      System.out.println(
          "RB-BATCH time="
              + t
              + " incarnation="
              + sink.incarnation()
              + (firstBatchSeen ? "" : " first=true")
              + " offsets="
              // none noted: a restored context took the batch's state RDD from its checkpoint
              + (ranges == null ? "restored-from-checkpoint" : SparkStreamingApp.describe(ranges))
              + " stateful=true");
      firstBatchSeen = true;
      rdd.foreachPartition(new FoldedWriter(sink, transactional ? ranges : null));
    }
  }
}
