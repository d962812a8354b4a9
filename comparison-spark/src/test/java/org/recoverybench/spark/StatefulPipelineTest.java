package org.recoverybench.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import org.apache.spark.api.java.Optional;
import org.apache.spark.streaming.State;
import org.junit.jupiter.api.Test;
import org.recoverybench.contract.StatePayload;
import scala.Tuple2;

/** The stateful pipeline's parts that run without Spark: parse and key, fold, place, keep. */
class StatefulPipelineTest {

  /** A key's state as Spark's {@code mapWithState} hands it to the function, held in memory. */
  static final class MemoryState<S> extends State<S> {
    S value;
    int updates;

    MemoryState(S value) {
      this.value = value;
    }

    @Override
    public boolean exists() {
      return value != null;
    }

    @Override
    public S get() {
      if (value == null) {
        throw new java.util.NoSuchElementException("no state");
      }
      return value;
    }

    @Override
    public void update(S newState) {
      value = newState;
      updates++;
    }

    @Override
    public void remove() {
      value = null;
    }

    @Override
    public boolean isTimingOut() {
      return false;
    }
  }

  private static KeyedEvent event(int partition, long offset, long id) {
    return KeyedEvent.parse("t", partition, offset, id + ",1700000000000,xx", 10, false)._2();
  }

  @Test
  void aRecordCarriesItsIdModuloTheKeys() {
    Tuple2<Long, KeyedEvent> k = KeyedEvent.parse("t", 2, 41, "1237,1700000000000,pay", 100, false);
    assertThat(k._1()).isEqualTo(37L);
    KeyedEvent e = k._2();
    assertThat(e.eventId()).isEqualTo(1237);
    assertThat(e.eventTimeMillis()).isEqualTo(1_700_000_000_000L);
    assertThat(e.payload()).isEqualTo("pay");
    assertThat(e.partition()).isEqualTo(2);
    assertThat(e.offset()).isEqualTo(41);
    assertThat(e.poison()).isFalse();
  }

  @Test
  void aRecordThatCannotBeParsedFailsOrTravelsAsADeadLetterOfItsPartition() {
    assertThatThrownBy(() -> KeyedEvent.parse("t", 1, 7, "garbage", 10, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("poison record at t-1@7: cannot parse 'garbage'");
    Tuple2<Long, KeyedEvent> dead = KeyedEvent.parse("t", 1, 7, "garbage", 10, true);
    assertThat(dead._1()).isEqualTo(-2L);
    assertThat(dead._2().poison()).isTrue();
    assertThat(dead._2().rawValue()).isEqualTo("garbage");
    assertThat(dead._2().error()).contains("NumberFormatException");
  }

  @Test
  void theFoldCountsSumsAndRemembersTheLastIdOfEachKey() {
    StatefulPipeline.Fold fold = new StatefulPipeline.Fold(16);
    MemoryState<KeyState> state = new MemoryState<>(null);
    FoldedRecord first = fold.call(7L, Optional.of(event(3, 0, 7)), state);
    assertThat(first.key()).isEqualTo(7);
    assertThat(first.count()).isEqualTo(1);
    assertThat(first.sum()).isEqualTo(7);
    assertThat(first.lastEventId()).isEqualTo(7);
    assertThat(first.event().eventId()).isEqualTo(7);
    KeyState afterFirst = state.value;
    assertThat(afterFirst.payloadBytes()).isEqualTo(16);
    assertThat(afterFirst.payload()).isEqualTo(StatePayload.of(7, 16));

    FoldedRecord second = fold.call(7L, Optional.of(event(3, 1, 17)), state);
    FoldedRecord third = fold.call(7L, Optional.of(event(3, 2, 27)), state);
    assertThat(second.count()).isEqualTo(2);
    assertThat(third.count()).isEqualTo(3);
    assertThat(third.version()).isEqualTo(3);
    assertThat(third.sum()).isEqualTo(7 + 17 + 27);
    assertThat(third.lastEventId()).isEqualTo(27);
    assertThat(state.updates).isEqualTo(3);
    // the state of an earlier batch is left as it was: Spark's older state maps share it
    assertThat(afterFirst.count()).isEqualTo(1);
    assertThat(afterFirst.sum()).isEqualTo(7);
  }

  @Test
  void aStateRestoredFromTheSinkGoesOnFromItsCountAndSum() {
    StatefulPipeline.Fold fold = new StatefulPipeline.Fold(8);
    MemoryState<KeyState> state = new MemoryState<>(KeyState.restored(5, 2, 5 + 15, 15, 8));
    FoldedRecord r = fold.call(5L, Optional.of(event(1, 9, 25)), state);
    assertThat(r.count()).isEqualTo(3);
    assertThat(r.sum()).isEqualTo(45);
    assertThat(state.value.payload()).isEqualTo(StatePayload.of(5, 8));
    Tuple2<Long, KeyState> row = new StatefulPipeline.Restore(8).call(new long[] {5, 2, 20, 15});
    assertThat(row._1()).isEqualTo(5L);
    assertThat(row._2().count()).isEqualTo(2);
    assertThat(row._2().sum()).isEqualTo(20);
    assertThat(row._2().lastEventId()).isEqualTo(15);
    assertThat(row._2().payloadBytes()).isEqualTo(8);
  }

  @Test
  void aDeadLetterTouchesNoState() {
    StatefulPipeline.Fold fold = new StatefulPipeline.Fold(8);
    MemoryState<KeyState> state = new MemoryState<>(null);
    KeyedEvent dead = KeyedEvent.parse("t", 0, 3, "x", 10, true)._2();
    FoldedRecord r = fold.call(KeyedEvent.poisonKey(0), Optional.of(dead), state);
    assertThat(r.folded()).isFalse();
    assertThat(r.event().poison()).isTrue();
    assertThat(state.updates).isZero();
    assertThat(fold.call(3L, Optional.empty(), state)).isNull();
  }

  @Test
  void thePayloadIsTheFlinkJobsAndDoesNotCompress() {
    byte[] p = KeyState.empty(42, 4096).payload();
    assertThat(p).isEqualTo(StatePayload.of(42, 4096)).isNotEqualTo(StatePayload.of(43, 4096));
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
    d.setInput(p);
    d.finish();
    byte[] out = new byte[8192];
    int n = d.deflate(out);
    assertThat(n).as("deflated size").isGreaterThanOrEqualTo(4096);
  }

  @Test
  void withKeysAMultipleOfThePartitionsEachKeysSliceIsItsRecordsPartition() {
    int partitions = 4;
    long keys = 10_000;
    StatefulPipeline.ByKafkaPartition p = new StatefulPipeline.ByKafkaPartition(partitions);
    assertThat(p.numPartitions()).isEqualTo(4);
    for (long id = 0; id < 50_000; id += 7) {
      int kafkaPartition = (int) (id % partitions); // the producer's placement
      assertThat(p.getPartition(KeyedEvent.keyOf(id, keys))).isEqualTo(kafkaPartition);
    }
    for (int kp = 0; kp < partitions; kp++) {
      assertThat(p.getPartition(KeyedEvent.poisonKey(kp))).isEqualTo(kp);
    }
    assertThat(p).isEqualTo(new StatefulPipeline.ByKafkaPartition(4));
    assertThat(p).isNotEqualTo(new StatefulPipeline.ByKafkaPartition(5));
    SparkStreamingApp.checkKeysPerPartition(10_000, 4);
    assertThatThrownBy(() -> SparkStreamingApp.checkKeysPerPartition(10_000, 3))
        .hasMessageStartingWith("--keys 10000 is not a multiple of the topic's 3 partitions");
  }

  @Test
  void theWriterKeepsTheNewestStateOfEachKey() {
    Map<Long, FoldedRecord> newest = new TreeMap<>();
    List<FoldedRecord> seen = new ArrayList<>();
    // a slice's records of two keys, in the order a shuffle may hand them over
    seen.add(new FoldedRecord(event(0, 5, 12), 2, 2, 12 + 2, 12));
    seen.add(new FoldedRecord(event(0, 1, 2), 2, 1, 2, 2));
    seen.add(new FoldedRecord(event(0, 9, 22), 2, 3, 36, 22));
    seen.add(new FoldedRecord(event(0, 2, 4), 4, 1, 4, 4));
    seen.forEach(r -> FoldedWriter.keepNewest(newest, r));
    assertThat(newest).containsOnlyKeys(2L, 4L);
    assertThat(newest.get(2L).count()).isEqualTo(3);
    assertThat(newest.get(2L).sum()).isEqualTo(36);
    assertThat(newest.get(2L).lastEventId()).isEqualTo(22);
    assertThat(newest.get(4L).count()).isEqualTo(1);
  }
}
