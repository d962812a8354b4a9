package org.recoverybench.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recoverybench.fault.FaultSpec;
import org.recoverybench.observe.HistoryEvent;
import org.recoverybench.observe.Write;
import org.recoverybench.result.RecoveryPhases;
import org.recoverybench.result.TrialResult;
import org.recoverybench.scenario.Scenario;

/**
 * The accounting of a trial on hand-written histories: the zero point of a kill's and an outage's
 * recovery, and the flow before the first fault and after the recovery from it.
 */
class TrialAccountingTest {
  private static final long T0 = 1_000_000;
  private static final Scenario.Target TARGET =
      new Scenario.Target("spark", "recoverable", "append");

  private static Scenario scenario(String fault) {
    return new Scenario(
        "s",
        "",
        new Scenario.Workload(1, 10, 100, 64),
        List.of(TARGET),
        new Scenario.EngineSettings(
            Duration.ofSeconds(5), 1, Duration.ofSeconds(6), Duration.ofSeconds(2), "earliest"),
        List.of(new FaultSpec(fault, null, 1, false, Duration.ofSeconds(2))),
        new Scenario.RunSettings(Duration.ofMinutes(3), Duration.ofSeconds(120), 1));
  }

  /** Id {@code id} written at {@code T0 + at} ms by {@code incarnation}, 100 ms after its event. */
  private static Write write(long id, int incarnation, long at) {
    return new Write(id, 0, id, incarnation, T0 + at - 100, T0 + at);
  }

  private static HistoryEvent sample(long at, long lag) {
    return HistoryEvent.of(T0 + at, "sample", "lag", lag, "s3_bytes", at, "s3_objects", 2L);
  }

  /** Ids 0-4 before the fault at 1, 3, 5, 7 and 9 s, by incarnation 0. */
  private static List<Write> before() {
    List<Write> w = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      w.add(write(i, 0, 1_000 + 2_000L * i));
    }
    return w;
  }

  /** A sample a second from 1 s to 9 s, lag 0: the baseline. */
  private static List<HistoryEvent> baseline() {
    List<HistoryEvent> e = new ArrayList<>();
    for (long at = 1_000; at <= 9_000; at += 1_000) {
      e.add(sample(at, 0));
    }
    return e;
  }

  private static TrialResult account(
      String fault, FaultWindow window, List<Write> writes, List<HistoryEvent> events) {
    return account(
        new TrialResult.FaultRecord(
            fault, "x", 42L, window.start() - T0, window.stop() - T0, null, null),
        fault,
        window,
        writes,
        events);
  }

  private static TrialResult account(
      TrialResult.FaultRecord record,
      String fault,
      FaultWindow window,
      List<Write> writes,
      List<HistoryEvent> events) {
    return TrialAccounting.account(
        new TrialAccounting.Observed(
            scenario(fault),
            TARGET,
            1,
            "run",
            T0,
            T0 + 60_000,
            writes,
            events,
            List.of(record),
            List.of(window),
            List.of(),
            Map.of(),
            true,
            "s3://bucket/checkpoints/run/",
            null,
            new TrialAccounting.Provenance("recoverybench run", Map.of(), Map.of()),
            Production.complete(writes.stream().mapToLong(Write::eventId).max().orElse(-1) + 1)));
  }

  @Test
  void aKillCountsFromTheMomentItLandedToTheNewIncarnationsFirstWrite() {
    // the kill landed at 10 s, the driver was back at 12 s; incarnation 1 wrote at 13.5 s
    List<Write> writes = before();
    for (int i = 5; i < 10; i++) {
      writes.add(write(i, 1, 13_500));
    }
    List<HistoryEvent> events = baseline();
    events.add(sample(13_000, 5));
    for (long at = 14_000; at <= 16_000; at += 1_000) {
      events.add(sample(at, 0));
    }
    TrialResult r =
        account("kill-driver", FaultWindow.fromStart(T0 + 10_000, T0 + 12_000), writes, events);
    assertThat(r.recoveryFirstWriteMs()).isEqualTo(3_500);
    assertThat(r.recoveryLagBaselineMs()).isEqualTo(4_000);
    TrialResult.FaultRecord f = r.faults().get(0);
    assertThat(f.firstWriteMs()).isEqualTo(3_500);
    assertThat(f.lagBaselineMs()).isEqualTo(4_000);
    assertThat(f.startedAtMs()).isEqualTo(10_000);
    assertThat(f.stoppedAtMs()).isEqualTo(12_000);
    assertThat(r.produced()).isEqualTo(10);
    assertThat(r.distinctWritten()).isEqualTo(10);
    assertThat(r.lost()).isZero();
  }

  @Test
  void aKillsPhasesEndWithItsFirstVisibleWriteAsTheCheckerMeasuredIt() {
    List<Write> writes = before();
    for (int i = 5; i < 10; i++) {
      writes.add(write(i, 1, 13_500));
    }
    FaultWindow window = FaultWindow.fromStart(T0 + 10_000, T0 + 12_000);
    // the phases as the engine gave them (ms after the kill), the first write not among them
    Map<String, Long> phases =
        RecoveryPhases.of("restarted", 1_900, "running", 2_800, "first_batch", null);
    TrialResult.FaultRecord killed =
        new TrialResult.FaultRecord("kill-driver", "driver", 42L, 10_000, 12_000L, null, null)
            .withPhases(phases, null);
    TrialResult.FaultRecord f =
        account(killed, "kill-driver", window, writes, baseline()).faults().get(0);
    assertThat(f.phases())
        .containsExactly(
            Map.entry("restarted", 1_900L),
            Map.entry("running", 2_800L),
            new java.util.AbstractMap.SimpleEntry<>("first_batch", null),
            Map.entry("first_visible_write", 3_500L));
    assertThat(f.restoredCheckpointId()).isNull();
    // a fault without phases (an outage, an older result) gets none
    assertThat(account("kill-driver", window, writes, baseline()).faults().get(0).phases())
        .isNull();
  }

  @Test
  void anOutageCountsFromItsStopToTheFirstWriteAfterIt() {
    // the database was down from 10 s to 15 s; the same incarnation wrote again at 16 s
    List<Write> writes = before();
    for (int i = 5; i < 10; i++) {
      writes.add(write(i, 0, 16_000));
    }
    List<HistoryEvent> events = baseline();
    for (long at = 16_000; at <= 18_000; at += 1_000) {
      events.add(sample(at, 0));
    }
    TrialResult outage =
        account("db-outage", FaultWindow.fromStop(T0 + 10_000, T0 + 15_000), writes, events);
    assertThat(outage.recoveryFirstWriteMs()).isEqualTo(1_000);
    assertThat(outage.recoveryLagBaselineMs()).isEqualTo(1_000);
    // counted from its start, the same incarnation's writes would read 6 s
    TrialResult fromStart =
        account(
            "db-outage",
            FaultWindow.fromStart(T0 + 10_000, T0 + 15_000)
                .recoveredBy(FaultPoint.RecoveredBy.SAME_INCARNATION),
            writes,
            events);
    assertThat(fromStart.recoveryFirstWriteMs()).isEqualTo(6_000);
    // and a kill, which needs a new incarnation, has not recovered from these writes at all
    TrialResult kill =
        account("kill-driver", FaultWindow.fromStart(T0 + 10_000, T0 + 15_000), writes, events);
    assertThat(kill.recoveryFirstWriteMs()).isNull();
  }

  @Test
  void theFlowBeforeEndsAtTheFaultsStartAndAfterStartsOnceTheLagIsBackAtBaseline() {
    List<Write> writes = before();
    writes.add(write(5, 1, 13_500));
    writes.add(write(6, 1, 13_500));
    writes.add(write(7, 1, 13_500));
    writes.add(write(8, 1, 14_500));
    writes.add(write(9, 1, 15_500));
    List<HistoryEvent> events = baseline();
    events.add(sample(13_000, 5));
    for (long at = 14_000; at <= 16_000; at += 1_000) {
      events.add(sample(at, 0));
    }
    TrialResult r =
        account("kill-driver", FaultWindow.fromStart(T0 + 10_000, T0 + 12_000), writes, events);
    // before: [first write at 1 s, the fault at 10 s): ids 0-4
    assertThat(r.beforeFault().writes()).isEqualTo(5);
    assertThat(r.beforeFault().p50Ms()).isEqualTo(100);
    // after: from the lag back at baseline (10 s + 4 s) to the last write: ids 8 and 9
    assertThat(r.afterFault().writes()).isEqualTo(2);
    // the footprint: the last sample's and the most
    assertThat(r.checkpoint().bytes()).isEqualTo(16_000);
    assertThat(r.checkpoint().maxBytes()).isEqualTo(16_000);
  }

  @Test
  void withoutLagSamplesTheFlowAfterStartsAtTheFirstWriteAndWithoutFaultsThereIsNone() {
    FaultWindow kill = FaultWindow.fromStart(T0 + 10_000, T0 + 12_000);
    assertThat(TrialAccounting.resumedAt(kill, new Recovery(3_500L, null, 0)))
        .isEqualTo(T0 + 13_500);
    assertThat(TrialAccounting.resumedAt(kill, new Recovery(3_500L, 4_000L, 0)))
        .isEqualTo(T0 + 14_000);
    assertThat(TrialAccounting.resumedAt(kill, new Recovery(null, null, 0))).isEqualTo(T0 + 10_000);
    FaultWindow outage = FaultWindow.fromStop(T0 + 10_000, T0 + 15_000);
    assertThat(TrialAccounting.resumedAt(outage, new Recovery(1_000L, null, 0)))
        .isEqualTo(T0 + 16_000);
  }

  @Test
  void aWindowRunsFromItsStartToItsStopAndCountsFromOneOfThem() {
    assertThat(FaultWindow.fromStart(5, 9).zero()).isEqualTo(5);
    assertThat(FaultWindow.fromStop(5, 9).zero()).isEqualTo(9);
    assertThatThrownBy(() -> new FaultWindow(9, 5, 9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FaultWindow(5, 9, 7)).isInstanceOf(IllegalArgumentException.class);
  }
}
