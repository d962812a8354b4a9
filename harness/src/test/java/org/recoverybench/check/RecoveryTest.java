package org.recoverybench.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recoverybench.observe.HistoryEvent;
import org.recoverybench.observe.Write;

/**
 * Recovery, unknown lag and production on hand-written histories: the incarnation running at a
 * fault comes from the history, never from the writes; an unknown lag is never 0; lost is counted
 * against the acknowledged ids. No servers.
 */
class RecoveryTest {
  private static final long T0 = 1_764_000_000_000L;

  /** Ids from..to-1 over 3 partitions, written 10 ms apart from {@code at}. */
  private static List<Write> written(long from, long to, int incarnation, long at) {
    List<Write> w = new ArrayList<>();
    for (long id = from; id < to; id++) {
      long ts = at + (id - from) * 10;
      w.add(new Write(id, (int) (id % 3), id / 3, incarnation, ts - 5, ts));
    }
    return w;
  }

  private static Recovery recovery(FaultPoint f, List<Write> w, List<LagSample> lag) {
    return Checker.recovery(f, w, lag, 10_000, 50, 3, 120_000);
  }

  @Test
  void anExactlyOnceJobKilledBeforeItsFirstCommitRecoversWithItsNextIncarnation() {
    // a 30 s checkpoint interval: incarnation 0 has committed nothing when it is killed; its first
    // commit (ids 0..99) becomes visible 88 ms after the kill; incarnation 1 writes 38 s after it
    long kill = T0 + 31_000;
    List<Write> w = written(0, 100, 0, kill + 88);
    w.addAll(written(100, 1_000, 1, kill + 38_000));
    List<HistoryEvent> history =
        List.of(
            HistoryEvent.of(T0, IncarnationMark.TYPE, IncarnationMark.KEY, 0),
            HistoryEvent.of(kill - 300, IncarnationMark.TYPE, IncarnationMark.KEY, 0),
            HistoryEvent.of(kill + 20_000, IncarnationMark.TYPE, IncarnationMark.KEY, 1));
    Integer running = IncarnationMark.runningAt(IncarnationMark.of(history), kill);
    assertThat(running).isZero();
    Recovery r = recovery(FaultPoint.kill(kill, running), w, List.of());
    assertThat(r.firstWriteMs())
        .as("the old incarnation's late commit is no recovery")
        .isEqualTo(38_000);
    // without the history's word, the lowest incarnation that wrote stands for the running one
    assertThat(recovery(FaultPoint.kill(kill, null), w, List.of()).firstWriteMs())
        .isEqualTo(38_000);
  }

  @Test
  void aJobTakenOverByAStandbyRecoversAtItsFirstWriteOnceItRunsAgainWhateverItsIncarnation() {
    // JobManager HA: the leader killed at `kill`; the old tasks' last writes land 300 ms after it;
    // the standby runs the job again 6 s after the kill, its tasks again incarnation 0 (a new
    // leader counts attempts from 0), and their first write is visible 2 s later
    long kill = T0 + 20_000;
    long runningAgain = kill + 6_000;
    List<Write> w = written(0, 100, 0, kill - 990);
    w.addAll(written(100, 110, 0, kill + 200));
    w.addAll(written(110, 1_000, 0, runningAgain + 2_000));
    Recovery r = recovery(FaultPoint.takenOver(kill, runningAgain), w, List.of());
    assertThat(r.firstWriteMs())
        .as("counted from the kill, the old tasks' late writes excluded")
        .isEqualTo(8_000);
    // as a kill needing a new incarnation, the same writes never recover
    assertThat(recovery(FaultPoint.kill(kill, 0), w, List.of()).firstWriteMs()).isNull();
    // the window the fault schedule records gives the same point
    FaultPoint p = FaultWindow.takenOver(kill, runningAgain).point(0);
    assertThat(p).isEqualTo(FaultPoint.takenOver(kill, runningAgain));
    assertThat(p.zero()).isEqualTo(kill);
    assertThat(p.end()).isEqualTo(runningAgain);
  }

  @Test
  void aKilledIncarnationThatNeverWroteAgainIsNotRecoveredByItsOwnLateCommit() {
    // the only writes after the kill are the old incarnation's: not recovered
    long kill = T0 + 5_000;
    List<Write> w = written(0, 300, 0, T0);
    w.addAll(written(300, 310, 0, kill + 40));
    Recovery r = recovery(FaultPoint.kill(kill, 0), w, List.of());
    assertThat(r.recovered()).isFalse();
    assertThat(r.firstWriteMs()).isNull();
    assertThat(r.lagBaselineMs()).isNull();
  }

  @Test
  void aFaultDuringARecoveryCountsEachFromItsOwnZeroPoint() {
    // driver 1 is killed at f1; driver 2 starts, makes one commit visible 20 ms after it is killed
    // itself at f2; driver 3 writes from f2 + 9 s
    long f1 = T0 + 3_000;
    long f2 = T0 + 8_000;
    List<Write> w = written(0, 300, 1, T0);
    w.addAll(written(300, 310, 1, f1 + 50)); // driver 1's commit in flight at its kill
    w.addAll(written(310, 320, 2, f2 + 20)); // driver 2's first and only commit
    w.addAll(written(320, 600, 3, f2 + 9_000));
    List<IncarnationMark> marks =
        IncarnationMark.of(
            List.of(
                HistoryEvent.of(T0 - 1_000, IncarnationMark.TYPE, IncarnationMark.KEY, 1),
                HistoryEvent.of(f1 - 10, IncarnationMark.TYPE, IncarnationMark.KEY, 1),
                HistoryEvent.of(f1 + 4_000, IncarnationMark.TYPE, IncarnationMark.KEY, 2),
                HistoryEvent.of(f2 - 10, IncarnationMark.TYPE, IncarnationMark.KEY, 2),
                HistoryEvent.of(f2 + 6_000, IncarnationMark.TYPE, IncarnationMark.KEY, 3)));
    assertThat(IncarnationMark.runningAt(marks, f1)).isEqualTo(1);
    assertThat(IncarnationMark.runningAt(marks, f2)).isEqualTo(2);
    assertThat(IncarnationMark.runningAt(marks, T0 - 2_000)).isNull();
    Recovery first =
        recovery(FaultPoint.kill(f1, IncarnationMark.runningAt(marks, f1)), w, List.of());
    Recovery second =
        recovery(FaultPoint.kill(f2, IncarnationMark.runningAt(marks, f2)), w, List.of());
    // driver 2 started after f1 and wrote: it recovered from f1, however briefly
    assertThat(first.firstWriteMs()).isEqualTo(5_020);
    // its commit after its own kill does not recover from f2: driver 3's first write does
    assertThat(second.firstWriteMs()).isEqualTo(9_000);
  }

  @Test
  void anOutageRecoversWithTheFirstWriteAfterItsEndOfAnyIncarnation() {
    // the database is down from zero to end; incarnation 0 rides it out: a commit that lands
    // during the outage is no recovery, its first write after the end is
    long zero = T0 + 3_000;
    long end = T0 + 8_000;
    List<Write> w = written(0, 300, 0, T0);
    w.addAll(written(300, 301, 0, zero + 30));
    w.addAll(written(301, 600, 0, end + 1_000));
    assertThat(recovery(FaultPoint.sameIncarnation(zero, end, 0), w, List.of()).firstWriteMs())
        .isEqualTo(6_000);
    // a job that failed over during the outage recovers with its next incarnation just as well
    List<Write> failedOver = written(0, 300, 0, T0);
    failedOver.addAll(written(300, 600, 1, end + 2_500));
    assertThat(
            recovery(FaultPoint.sameIncarnation(zero, end, 0), failedOver, List.of())
                .firstWriteMs())
        .isEqualTo(7_500);
    // a kill of the same moment would not take incarnation 0's writes after the end
    assertThat(recovery(FaultPoint.kill(zero, 0), w, List.of()).recovered()).isFalse();
  }

  @Test
  void anUnknownLagIsNeverAtBaseline() {
    long fault = T0 + 10_000;
    List<Write> w = written(0, 300, 0, T0);
    w.addAll(written(300, 600, 1, fault + 4_000));
    List<LagSample> lag = new ArrayList<>();
    for (long s = 0; s <= 20; s++) {
      long ts = T0 + s * 1_000;
      if (ts == T0 + 5_000 || (ts >= fault + 4_000 && ts < fault + 7_000)) {
        lag.add(LagSample.unknown(ts)); // the database did not answer the sampler
      } else {
        lag.add(new LagSample(ts, ts < fault ? 10 : ts < fault + 4_000 ? 400 : 12));
      }
    }
    Recovery r = recovery(FaultPoint.kill(fault, 0), w, lag);
    assertThat(r.baselineLag())
        .as("the median of the known samples before the fault")
        .isEqualTo(10);
    assertThat(r.firstWriteMs()).isEqualTo(4_000);
    // read as 0, the unknown samples would give 4,000
    assertThat(r.lagBaselineMs()).isEqualTo(7_000);
    // unknown to the end: never back at baseline
    List<LagSample> downToTheEnd = new ArrayList<>(lag.subList(0, 14));
    for (long ts = fault + 4_000; ts <= fault + 10_000; ts += 1_000) {
      downToTheEnd.add(LagSample.unknown(ts));
    }
    assertThat(recovery(FaultPoint.kill(fault, 0), w, downToTheEnd).lagBaselineMs()).isNull();
  }

  @Test
  void aSampleWithoutALagReadsAsUnknown() {
    List<LagSample> lag =
        LagSample.of(
            List.of(
                HistoryEvent.of(T0, "sample", "produced", 100L, "lag", 7L),
                HistoryEvent.of(T0 + 1_000, "sample", "produced", 200L, "lag_error", "refused"),
                HistoryEvent.of(T0 + 1_500, "phase", "name", "drain"),
                HistoryEvent.of(T0 + 2_000, "sample", "produced", 300L, "lag", 0L)));
    assertThat(lag)
        .containsExactly(
            new LagSample(T0, 7), LagSample.unknown(T0 + 1_000), new LagSample(T0 + 2_000, 0));
    assertThat(lag.get(1).known()).isFalse();
    assertThat(lag.get(1).lag()).isNull();
  }

  @Test
  void lostIsCountedAgainstTheAcknowledgedIds() {
    // 1,000 ids were due; the producer failed after 600 acknowledged; ids 0..649 were written
    // except 10..19, and one id that was never due
    List<Write> w = written(0, 10, 0, T0);
    w.addAll(written(20, 650, 0, T0 + 1_000));
    w.add(new Write(5_000, 0, 9_999, 0, T0, T0 + 9_000));
    Production p = Production.incomplete(600, 1_000, "the producer failed: broker down");
    Accounting a = Checker.accounting(p, w, 3);
    assertThat(a.produced()).isEqualTo(600);
    assertThat(a.lost()).isEqualTo(10);
    assertThat(a.lostExamples()).containsExactly(10L, 11L, 12L);
    assertThat(a.distinctWritten()).isEqualTo(590);
    assertThat(a.writtenUnacknowledged()).isEqualTo(50);
    assertThat(a.unexpected()).isEqualTo(1);
    assertThat(a.rowsWritten()).isEqualTo(641);
    // against the configured 1,000 the same writes would count 360 lost
    assertThat(Checker.accounting(1_000, w, 3).lost()).isEqualTo(360);
    assertThat(Checker.accounting(Production.complete(1_000), w, 3))
        .isEqualTo(Checker.accounting(1_000, w, 3));
  }

  @Test
  void aProductionIsConsistent() {
    assertThat(Production.complete(300)).isEqualTo(new Production(300, 300, true, null));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Production(200, 300, true, null))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Production.incomplete(400, 300, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Map.of("complete", Production.incomplete(0, 300, "x").complete()))
        .containsEntry("complete", false);
  }
}
