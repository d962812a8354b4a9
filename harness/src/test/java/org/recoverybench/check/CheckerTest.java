package org.recoverybench.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.recoverybench.observe.Write;

/** The checker on hand-written histories; no servers. */
class CheckerTest {
  private static final long T0 = 1_764_000_000_000L;

  /** Ids from..to-1 over 3 partitions (offset = id / 3), written 10 ms apart from {@code at}. */
  private static List<Write> written(long from, long to, int incarnation, long at) {
    List<Write> w = new ArrayList<>();
    for (long id = from; id < to; id++) {
      long ts = at + (id - from) * 10;
      w.add(new Write(id, (int) (id % 3), id / 3, incarnation, ts - 5, ts));
    }
    return w;
  }

  @Test
  void noLossNoDuplicates() {
    Accounting a = Checker.accounting(300, written(0, 300, 0, T0), 5);
    assertThat(a.rowsWritten()).isEqualTo(300);
    assertThat(a.distinctWritten()).isEqualTo(300);
    assertThat(a.lost()).isZero();
    assertThat(a.duplicatedIds()).isZero();
    assertThat(a.extraWrites()).isZero();
    assertThat(a.unexpected()).isZero();
    assertThat(a.lostExamples()).isEmpty();
  }

  @Test
  void lossIsCountedWithTheLowestIdsAsExamples() {
    List<Write> w = written(0, 100, 0, T0);
    w.addAll(written(150, 300, 1, T0 + 5_000));
    Accounting a = Checker.accounting(300, w, 3);
    assertThat(a.lost()).isEqualTo(50);
    assertThat(a.distinctWritten()).isEqualTo(250);
    assertThat(a.lostExamples()).containsExactly(100L, 101L, 102L);
    assertThat(a.duplicatedIds()).isZero();
  }

  @Test
  void duplicatesCountIdsAndExtraWritesWorstFirst() {
    List<Write> w = written(0, 300, 0, T0);
    w.addAll(written(90, 120, 1, T0 + 5_000)); // a replay of 30 ids
    w.addAll(written(100, 101, 2, T0 + 9_000)); // id 100 a third time
    Accounting a = Checker.accounting(300, w, 2);
    assertThat(a.rowsWritten()).isEqualTo(331);
    assertThat(a.lost()).isZero();
    assertThat(a.duplicatedIds()).isEqualTo(30);
    assertThat(a.extraWrites()).isEqualTo(31);
    assertThat(a.duplicateExamples())
        .containsExactly(
            new Accounting.DuplicateExample(100, 3), new Accounting.DuplicateExample(90, 2));
  }

  @Test
  void reorderedWritesGiveTheSameAccountingAndOffsets() {
    List<Write> w = written(0, 150, 0, T0);
    w.addAll(written(120, 300, 1, T0 + 5_000));
    Accounting ordered = Checker.accounting(300, w, 5);
    List<ResumeOffset> offsetsOrdered = Checker.resumeOffsets(w, List.of());
    List<Write> shuffled = new ArrayList<>(w);
    Collections.shuffle(shuffled, new Random(7));
    assertThat(Checker.accounting(300, shuffled, 5)).isEqualTo(ordered);
    assertThat(Checker.resumeOffsets(shuffled, List.of())).isEqualTo(offsetsOrdered);
    assertThat(ordered.duplicatedIds()).isEqualTo(30);
    assertThat(ordered.lost()).isZero();
  }

  @Test
  void idsNeverProducedAreUnexpected() {
    List<Write> w = written(0, 10, 0, T0);
    w.add(new Write(999, 0, 333, 0, T0, T0));
    Accounting a = Checker.accounting(10, w, 5);
    assertThat(a.unexpected()).isEqualTo(1);
    assertThat(a.lost()).isZero();
    assertThat(a.distinctWritten()).isEqualTo(10);
  }

  @Test
  void resumeBeforeTheCheckpointedOffsetReplays() {
    // incarnation 0 wrote ids 0..149 (offsets 0..49 per partition), crashed;
    // the checkpoint held offset 45 for every partition, and incarnation 1 resumed at 40
    List<Write> w = written(0, 150, 0, T0);
    w.addAll(written(120, 300, 1, T0 + 10_000));
    long fault = T0 + 2_000;
    List<OffsetSnapshot> snaps =
        List.of(
            new OffsetSnapshot(fault, OffsetSnapshot.CHECKPOINTED, Map.of(0, 45L, 1, 45L, 2, 45L)),
            new OffsetSnapshot(fault, OffsetSnapshot.COMMITTED, Map.of(0, 30L, 1, 30L, 2, 30L)));
    List<ResumeOffset> r = Checker.resumeOffsets(w, snaps);
    assertThat(r).hasSize(3);
    ResumeOffset p0 = r.get(0);
    assertThat(p0.partition()).isZero();
    assertThat(p0.incarnation()).isEqualTo(1);
    assertThat(p0.resumedFrom()).isEqualTo(40);
    assertThat(p0.lastWrittenBefore()).isEqualTo(49);
    assertThat(p0.checkpointed()).isEqualTo(45);
    assertThat(p0.committed()).isEqualTo(30);
    assertThat(p0.replayed()).isEqualTo(10);
    assertThat(p0.skipped()).isZero();
    assertThat(p0.position()).isEqualTo("before");
  }

  @Test
  void resumeAfterTheCheckpointedOffsetSkips() {
    // incarnation 0 wrote offsets 0..29 per partition; incarnation 1 jumped to offset 60
    List<Write> w = written(0, 90, 0, T0);
    w.addAll(written(180, 300, 1, T0 + 10_000));
    List<OffsetSnapshot> snaps =
        List.of(
            new OffsetSnapshot(
                T0 + 1_000, OffsetSnapshot.CHECKPOINTED, Map.of(0, 30L, 1, 30L, 2, 30L)));
    List<ResumeOffset> r = Checker.resumeOffsets(w, snaps);
    assertThat(r).extracting(ResumeOffset::resumedFrom).containsOnly(60L);
    assertThat(r).extracting(ResumeOffset::lastWrittenBefore).containsOnly(29L);
    assertThat(r).extracting(ResumeOffset::skipped).containsOnly(30L);
    assertThat(r).extracting(ResumeOffset::replayed).containsOnly(0L);
    assertThat(r).extracting(ResumeOffset::position).containsOnly("after");
    assertThat(r).extracting(ResumeOffset::committed).containsOnly((Long) null);
    assertThat(Checker.accounting(300, w, 1).lost()).isEqualTo(90);
  }

  @Test
  void offsetsMovedWhileTheJobIsDownAreTheOnesInForceAtTheResume() {
    // incarnation 0 wrote offsets 0..49 per partition; at the fault Kafka and the checkpoint both
    // held 45; while the job was down the harness recorded 45 as checkpointed and moved the
    // committed offsets to 0; incarnation 1 resumed at 45
    List<Write> w = written(0, 150, 0, T0);
    w.addAll(written(135, 300, 1, T0 + 10_000));
    Map<Integer, Long> at45 = Map.of(0, 45L, 1, 45L, 2, 45L);
    List<OffsetSnapshot> snaps =
        List.of(
            new OffsetSnapshot(T0 + 2_000, OffsetSnapshot.CHECKPOINTED, at45),
            new OffsetSnapshot(T0 + 2_000, OffsetSnapshot.COMMITTED, at45),
            new OffsetSnapshot(T0 + 5_000, OffsetSnapshot.CHECKPOINTED, at45),
            new OffsetSnapshot(T0 + 5_001, OffsetSnapshot.COMMITTED, Map.of(0, 0L, 1, 0L, 2, 0L)));
    List<ResumeOffset> r = Checker.resumeOffsets(w, snaps);
    assertThat(r).extracting(ResumeOffset::checkpointed).containsOnly(45L);
    assertThat(r).extracting(ResumeOffset::committed).containsOnly(0L);
    assertThat(r).extracting(ResumeOffset::resumedFrom).containsOnly(45L);
    assertThat(r).extracting(ResumeOffset::position).containsOnly("at");
    assertThat(r).extracting(ResumeOffset::replayed).containsOnly(5L);
  }

  @Test
  void snapshotsTakenAfterTheResumeAreNotUsed() {
    List<Write> w = written(0, 90, 0, T0);
    w.addAll(written(90, 180, 1, T0 + 10_000));
    List<OffsetSnapshot> snaps =
        List.of(new OffsetSnapshot(T0 + 60_000, OffsetSnapshot.COMMITTED, Map.of(0, 60L)));
    assertThat(Checker.resumeOffsets(w, snaps).get(0).committed()).isNull();
    assertThat(Checker.resumeOffsets(w, snaps).get(0).position()).isEqualTo("unknown");
  }

  @Test
  void recoveryTimesFromTheFaultToTheFirstNewWriteAndToBaselineLag() {
    long fault = T0 + 3_000;
    List<Write> w = written(0, 300, 0, T0); // last write at T0 + 2_990
    w.addAll(written(300, 600, 1, T0 + 7_000));
    List<LagSample> lag = new ArrayList<>();
    for (long s = 0; s <= 12; s++) {
      long ts = T0 + s * 1_000;
      long l = ts < fault ? 10 : ts < T0 + 9_000 ? 400 : 12;
      lag.add(new LagSample(ts, l));
    }
    Recovery r = Checker.recovery(FaultPoint.kill(fault, 0), w, lag, 10_000, 50, 3, 60_000);
    assertThat(r.recovered()).isTrue();
    assertThat(r.firstWriteMs()).isEqualTo(4_000);
    assertThat(r.baselineLag()).isEqualTo(10);
    assertThat(r.lagBaselineMs()).isEqualTo(6_000);
  }

  @Test
  void noRecoveryWithinTheGracePeriod() {
    long fault = T0 + 3_000;
    List<Write> w = written(0, 300, 0, T0);
    w.addAll(written(300, 310, 1, fault + 120_000)); // came back, but after the grace period
    List<LagSample> lag = List.of(new LagSample(T0, 5), new LagSample(fault + 1_000, 500));
    Recovery r = Checker.recovery(FaultPoint.kill(fault, 0), w, lag, 10_000, 50, 3, 60_000);
    assertThat(r.recovered()).isFalse();
    assertThat(r.firstWriteMs()).isNull();
    assertThat(r.lagBaselineMs()).isNull();
  }

  @Test
  void sameIncarnationAfterTheFaultCountsWhenNoNewIncarnationAppears() {
    // a Spark executor kill: the driver (and its incarnation) lives on
    long fault = T0 + 3_000;
    List<Write> w = written(0, 300, 0, T0);
    w.addAll(written(300, 400, 0, T0 + 4_500));
    Recovery r =
        Checker.recovery(
            FaultPoint.sameIncarnation(fault, fault, 0), w, List.of(), 10_000, 50, 3, 60_000);
    assertThat(r.firstWriteMs()).isEqualTo(1_500);
  }

  @Test
  void flowAndPercentiles() {
    List<Write> w = written(0, 100, 0, T0); // 100 writes over 1 s, latency 5 ms
    Checker.Flow f = Checker.flow(w, T0, T0 + 1_000);
    assertThat(f.writes()).isEqualTo(100);
    assertThat(f.perSecond()).isEqualTo(100.0);
    assertThat(f.p50Ms()).isEqualTo(5);
    assertThat(f.p99Ms()).isEqualTo(5);
    assertThat(Checker.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 50)).isEqualTo(5);
    assertThat(Checker.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 99)).isEqualTo(10);
    assertThat(Checker.percentile(new long[0], 50)).isNull();
    assertThat(Checker.timeline(w, T0)).hasSize(1);
    assertThat(Checker.timeline(w, T0).get(0).writes()).isEqualTo(100);
  }
}
