package org.recoverybench.check;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recoverybench.observe.HistoryEvent;
import org.recoverybench.observe.Write;
import org.recoverybench.result.RecoveryPhases;
import org.recoverybench.result.TrialResult;
import org.recoverybench.scenario.Scenario;

/**
 * The accounting of one trial, a pure function of what was observed: the ledger's writes, the
 * history's samples and offsets, and the faults with their windows. It makes the trial's {@link
 * TrialResult}: every id accounted for, the recovery after each fault from its zero point, and the
 * flow before the first fault and after the recovery from it.
 */
public final class TrialAccounting {
  /** Window before a fault whose median sink lag is the baseline. */
  public static final long BASELINE_WINDOW_MS = 10_000;

  /** Samples in a row at or below the threshold for the lag to count as back at baseline. */
  public static final int STABLE_SAMPLES = 3;

  /** Examples of lost and duplicated ids kept in a result. */
  static final int EXAMPLES = 10;

  private TrialAccounting() {}

  /**
   * What a trial observed, and what describes it.
   *
   * @param faults one record per fault, in schedule order, without its recovery figures yet
   * @param windows the window of each fault, in the same order
   * @param endedAt epoch ms at which the trial ended (its duration is measured to it)
   * @param settings the settings the trial ran with, for the report
   * @param location the checkpoint location
   * @param provenance the command line, versions and machine the trial ran on
   */
  public record Observed(
      Scenario scenario,
      Scenario.Target target,
      int trial,
      String runId,
      long t0,
      long endedAt,
      List<Write> writes,
      List<HistoryEvent> events,
      List<TrialResult.FaultRecord> faults,
      List<FaultWindow> windows,
      List<TrialResult.PerCheckpoint> perCheckpoint,
      Map<String, Object> settings,
      boolean complete,
      String location,
      Long deadLetters,
      Provenance provenance,
      Production production) {
    public Observed {
      if (faults.size() != windows.size()) {
        throw new IllegalArgumentException(
            faults.size() + " faults but " + windows.size() + " fault windows");
      }
    }
  }

  /** Where a trial ran: the command line, the versions, the machine. */
  public record Provenance(
      String command, Map<String, String> versions, Map<String, Object> machine) {}

  /** The history's samples: the sink lag, and the checkpoint footprint at its last and its most. */
  record Samples(
      List<LagSample> lag,
      List<OffsetSnapshot> offsets,
      long lastBytes,
      long lastObjects,
      long maxBytes,
      long maxObjects) {}

  /** The faults with their recovery figures, and the recovery from the first fault. */
  record Recoveries(List<TrialResult.FaultRecord> faults, Recovery first) {}

  public static TrialResult account(Observed o) {
    Accounting acc = Checker.accounting(o.production(), o.writes(), EXAMPLES);
    Samples samples = samples(o.events());
    Recoveries rec = recoveries(o, samples.lag());
    List<Write> writes = o.writes();
    long firstTs = writes.stream().mapToLong(Write::writtenAt).min().orElse(o.t0());
    long lastTs = writes.stream().mapToLong(Write::writtenAt).max().orElse(o.t0()) + 1;
    Checker.Flow all = Checker.flow(writes, firstTs, lastTs);
    TrialResult.Flow before = null;
    TrialResult.Flow after = null;
    if (!o.windows().isEmpty()) {
      FaultWindow first = o.windows().get(0);
      before = flow(Checker.flow(writes, firstTs, first.start()));
      after = flow(Checker.flow(writes, resumedAt(first, rec.first()), lastTs));
    }
    return new TrialResult(
        o.scenario().name(),
        o.target().engine(),
        o.target().variant(),
        o.target().sinkMode(),
        o.trial(),
        o.runId(),
        o.provenance().command(),
        Instant.ofEpochMilli(o.t0()).toString(),
        o.endedAt() - o.t0(),
        acc.produced(),
        acc.rowsWritten(),
        acc.distinctWritten(),
        acc.lost(),
        acc.duplicatedIds(),
        acc.extraWrites(),
        acc.unexpected(),
        acc.lostExamples(),
        acc.duplicateExamples(),
        rec.first() == null ? null : rec.first().firstWriteMs(),
        rec.first() == null ? null : rec.first().lagBaselineMs(),
        rec.faults(),
        Checker.resumeOffsets(writes, samples.offsets()),
        Checker.incarnations(writes),
        new TrialResult.Checkpoint(
            o.location(),
            samples.lastBytes(),
            samples.lastObjects(),
            samples.maxBytes(),
            samples.maxObjects(),
            o.perCheckpoint()),
        all.perSecond(),
        all.p50Ms(),
        all.p99Ms(),
        before,
        after,
        Checker.timeline(writes, o.t0()).stream()
            .map(b -> new TrialResult.Second(b.second(), b.writes(), b.p50Ms(), b.p99Ms()))
            .toList(),
        o.settings(),
        o.provenance().versions(),
        o.provenance().machine(),
        o.complete(),
        o.complete() ? "" : "the sink never held every produced id before the drain ended",
        o.deadLetters(),
        new TrialResult.Producer(
            o.production().acknowledged(),
            o.production().configured(),
            o.production().complete(),
            o.production().error(),
            acc.writtenUnacknowledged()));
  }

  /**
   * Where the flow "after the fault" starts: the fault's zero point plus the time the lag took to
   * be back at its baseline, else to the first write of the new incarnation, else nothing.
   */
  static long resumedAt(FaultWindow w, Recovery r) {
    if (r != null && r.lagBaselineMs() != null) {
      return w.zero() + r.lagBaselineMs();
    }
    if (r != null && r.firstWriteMs() != null) {
      return w.zero() + r.firstWriteMs();
    }
    return w.zero();
  }

  /** Each fault's recovery, measured from its zero point. */
  static Recoveries recoveries(Observed o, List<LagSample> lag) {
    long tolerance = Math.max(100, o.scenario().workload().ratePerSecond());
    long grace = o.scenario().run().recoveryGrace().toMillis();
    List<TrialResult.FaultRecord> out = new ArrayList<>();
    Recovery first = null;
    List<IncarnationMark> marks = IncarnationMark.of(o.events());
    for (int i = 0; i < o.faults().size(); i++) {
      FaultWindow window = o.windows().get(i);
      Integer running = IncarnationMark.runningAt(marks, window.zero());
      Recovery r =
          Checker.recovery(
              window.point(running),
              o.writes(),
              lag,
              BASELINE_WINDOW_MS,
              tolerance,
              STABLE_SAMPLES,
              grace);
      if (first == null) {
        first = r;
      }
      TrialResult.FaultRecord f = o.faults().get(i);
      out.add(
          new TrialResult.FaultRecord(
              f.type(),
              f.role(),
              f.pid(),
              f.startedAtMs(),
              f.stoppedAtMs(),
              r.firstWriteMs(),
              r.lagBaselineMs(),
              f.detail(),
              f.behaviour(),
              f.restoredFrom(),
              f.error(),
              f.change(),
              running,
              // a kill's phases end with its first visible write: the recovery measured here
              RecoveryPhases.withFirstVisibleWrite(f.phases(), r.firstWriteMs()),
              f.restoredCheckpointId()));
    }
    return new Recoveries(out, first);
  }

  /** The history's lag samples, checkpoint footprint and offset snapshots. */
  static Samples samples(List<HistoryEvent> events) {
    List<LagSample> lag = LagSample.of(events); // unknown where the sampler could not read it
    List<OffsetSnapshot> snapshots = new ArrayList<>();
    long maxBytes = 0, maxObjects = 0, lastBytes = 0, lastObjects = 0;
    for (HistoryEvent e : events) {
      if (e.type().equals("sample")) {
        // the footprint under the prefix: s3_* on S3, hdfs_* on HDFS (files as objects)
        lastBytes = e.getLong("s3_bytes", e.getLong("hdfs_bytes", lastBytes));
        lastObjects = e.getLong("s3_objects", e.getLong("hdfs_objects", lastObjects));
        maxBytes = Math.max(maxBytes, lastBytes);
        maxObjects = Math.max(maxObjects, lastObjects);
      } else if (e.type().equals("offsets")) {
        snapshots.add(new OffsetSnapshot(e.ts(), e.getString("kind"), offsets(e)));
      }
    }
    return new Samples(lag, snapshots, lastBytes, lastObjects, maxBytes, maxObjects);
  }

  private static Map<Integer, Long> offsets(HistoryEvent e) {
    Map<Integer, Long> offsets = new LinkedHashMap<>();
    Object raw = e.data().get("offsets");
    if (raw instanceof Map<?, ?> m) {
      m.forEach((k, v) -> offsets.put(Integer.parseInt(k.toString()), ((Number) v).longValue()));
    }
    return offsets;
  }

  private static TrialResult.Flow flow(Checker.Flow f) {
    return new TrialResult.Flow(f.writes(), f.perSecond(), f.p50Ms(), f.p99Ms());
  }
}
