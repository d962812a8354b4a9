package org.recoverybench.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.recoverybench.observe.Write;

/**
 * The accounting of a run, as pure functions of what was observed. Nothing here touches a server, a
 * clock or a file; every function is tested on hand-written histories.
 */
public final class Checker {
  private Checker() {}

  /**
   * Lost, duplicated and unexpected ids for ids {@code 0..produced-1}, all acknowledged, whatever
   * order the writes came in.
   */
  public static Accounting accounting(long produced, List<Write> writes, int examples) {
    return accounting(Production.complete(produced), writes, examples);
  }

  /**
   * Lost, duplicated and unexpected ids against what the producer did: lost counts the acknowledged
   * ids never written; an id that was due but not acknowledged (the producer stopped) is neither
   * lost nor unexpected when it is written; unexpected are ids that were never due.
   */
  public static Accounting accounting(Production production, List<Write> writes, int examples) {
    long acked = production.acknowledged();
    Map<Long, Integer> counts = new HashMap<>();
    long unexpected = 0;
    for (Write w : writes) {
      if (w.eventId() < 0 || w.eventId() >= production.configured()) {
        unexpected++;
      }
      counts.merge(w.eventId(), 1, Integer::sum);
    }
    long distinctAcked = 0;
    long unacknowledged = 0;
    long duplicated = 0;
    long extra = 0;
    List<Accounting.DuplicateExample> dups = new ArrayList<>();
    for (Map.Entry<Long, Integer> e : counts.entrySet()) {
      long id = e.getKey();
      if (id >= 0 && id < acked) {
        distinctAcked++;
      } else if (id >= acked && id < production.configured()) {
        unacknowledged++;
      }
      if (e.getValue() > 1) {
        duplicated++;
        extra += e.getValue() - 1;
        dups.add(new Accounting.DuplicateExample(id, e.getValue()));
      }
    }
    dups.sort(
        Comparator.comparingInt(Accounting.DuplicateExample::writes)
            .reversed()
            .thenComparingLong(Accounting.DuplicateExample::eventId));
    List<Long> lostExamples = new ArrayList<>();
    for (long id = 0; id < acked && lostExamples.size() < examples; id++) {
      if (!counts.containsKey(id)) {
        lostExamples.add(id);
      }
    }
    return new Accounting(
        acked,
        writes.size(),
        distinctAcked,
        acked - distinctAcked,
        duplicated,
        extra,
        unexpected,
        List.copyOf(lostExamples),
        List.copyOf(dups.subList(0, Math.min(examples, dups.size()))),
        unacknowledged);
  }

  /**
   * For each partition and each incarnation after the first that wrote to it: where it resumed,
   * against the last offset written before it and the offsets known at the fault that preceded its
   * first write.
   */
  public static List<ResumeOffset> resumeOffsets(
      List<Write> writes, List<OffsetSnapshot> snapshots) {
    // partition -> incarnation -> [min offset, max offset, first written_at]
    Map<Integer, TreeMap<Integer, long[]>> byPartition = new TreeMap<>();
    for (Write w : writes) {
      long[] s =
          byPartition
              .computeIfAbsent(w.partition(), p -> new TreeMap<>())
              .computeIfAbsent(
                  w.incarnation(),
                  i -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE});
      s[0] = Math.min(s[0], w.offset());
      s[1] = Math.max(s[1], w.offset());
      s[2] = Math.min(s[2], w.writtenAt());
    }
    List<ResumeOffset> out = new ArrayList<>();
    for (var pe : byPartition.entrySet()) {
      int partition = pe.getKey();
      Long maxBefore = null;
      boolean first = true;
      for (var ie : pe.getValue().entrySet()) {
        long[] s = ie.getValue();
        if (!first) {
          long resumed = s[0];
          Long checkpointed = offsetAt(snapshots, OffsetSnapshot.CHECKPOINTED, partition, s[2]);
          Long committed = offsetAt(snapshots, OffsetSnapshot.COMMITTED, partition, s[2]);
          long replayed = maxBefore == null ? 0 : Math.max(0, maxBefore - resumed + 1);
          long skipped = maxBefore == null ? 0 : Math.max(0, resumed - maxBefore - 1);
          String position =
              checkpointed == null
                  ? "unknown"
                  : resumed < checkpointed ? "before" : resumed == checkpointed ? "at" : "after";
          out.add(
              new ResumeOffset(
                  partition,
                  ie.getKey(),
                  resumed,
                  maxBefore,
                  checkpointed,
                  committed,
                  replayed,
                  skipped,
                  position));
        }
        maxBefore = maxBefore == null ? s[1] : Math.max(maxBefore, s[1]);
        first = false;
      }
    }
    return out;
  }

  /** The partition's offset in the latest snapshot of a kind taken at or before {@code ts}. */
  static Long offsetAt(List<OffsetSnapshot> snapshots, String kind, int partition, long ts) {
    OffsetSnapshot best = null;
    for (OffsetSnapshot s : snapshots) {
      if (s.kind().equals(kind)
          && s.ts() <= ts
          && s.offsets().containsKey(partition)
          && (best == null || s.ts() >= best.ts())) {
        best = s;
      }
    }
    return best == null ? null : best.offsets().get(partition);
  }

  /**
   * Recovery after one fault; what counts as recovered is {@link FaultPoint}'s.
   *
   * <p><b>First write:</b> from the zero point to the first write visible within {@code graceMs} of
   * it: for a kill, of an incarnation above the one that ran at the zero point (the history's, see
   * {@link IncarnationMark}); for an outage, of any incarnation at or after the fault's end. Null
   * if none came.
   *
   * <p><b>Lag back at baseline:</b> the baseline is the median of the known sink lags over the
   * {@code baselineWindowMs} before the zero point. Recovery is the first sample, at or after the
   * first write, from which the lag stays at or below {@code max(2 × baseline, baseline +
   * tolerance)} for {@code stableSamples} samples in a row (or to the end of the run). A sample
   * whose lag is unknown is never at baseline: it breaks a run of samples. Null if that never
   * happens within the grace period.
   */
  public static Recovery recovery(
      FaultPoint fault,
      List<Write> writes,
      List<LagSample> lag,
      long baselineWindowMs,
      long tolerance,
      int stableSamples,
      long graceMs) {
    long zero = fault.zero();
    Long first = firstRecoveredWrite(fault, writes, graceMs);
    List<LagSample> sorted = new ArrayList<>(lag);
    sorted.sort(Comparator.comparingLong(LagSample::ts));
    long[] before =
        sorted.stream()
            .filter(s -> s.known() && s.ts() < zero && s.ts() >= zero - baselineWindowMs)
            .mapToLong(LagSample::lag)
            .sorted()
            .toArray();
    long baseline = before.length == 0 ? 0 : before[(before.length - 1) / 2];
    if (first == null) {
      return new Recovery(null, null, baseline);
    }
    long threshold = Math.max(2 * baseline, baseline + tolerance);
    Long back = null;
    for (int i = 0; i < sorted.size() && back == null; i++) {
      LagSample s = sorted.get(i);
      if (s.ts() < first || s.ts() - zero > graceMs) {
        continue;
      }
      boolean stable = true;
      for (int j = i; j < Math.min(sorted.size(), i + stableSamples); j++) {
        stable &= sorted.get(j).known() && sorted.get(j).lag() <= threshold;
      }
      if (stable) {
        back = s.ts() - zero;
      }
    }
    return new Recovery(first - zero, back, baseline);
  }

  /**
   * The visible time of the first write that counts as recovered, or null; see {@link #recovery}.
   */
  static Long firstRecoveredWrite(FaultPoint fault, List<Write> writes, long graceMs) {
    long zero = fault.zero();
    // an outage, or a job a standby took over: any incarnation's write from the end on counts
    boolean sameIncarnation = fault.recoveredBy() != FaultPoint.RecoveredBy.NEW_INCARNATION;
    long from = sameIncarnation ? fault.end() : zero;
    int running = sameIncarnation ? Integer.MIN_VALUE : runningIncarnation(fault, writes);
    Long first = null;
    for (Write w : writes) {
      boolean counts =
          w.writtenAt() >= from
              && w.writtenAt() > zero
              && w.writtenAt() - zero <= graceMs
              && w.incarnation() > running;
      if (counts && (first == null || w.writtenAt() < first)) {
        first = w.writtenAt();
      }
    }
    return first;
  }

  /**
   * The incarnation that ran at a kill's zero point: the history's; where the history does not say,
   * the highest incarnation that wrote before the zero point, and with none, the lowest incarnation
   * that ever wrote (its writes after the zero point may be the old incarnation's: only a higher
   * one is taken to have started after it).
   */
  static int runningIncarnation(FaultPoint fault, List<Write> writes) {
    if (fault.runningIncarnation() != null) {
      return fault.runningIncarnation();
    }
    return writes.stream()
        .filter(w -> w.writtenAt() < fault.zero())
        .mapToInt(Write::incarnation)
        .max()
        .orElse(writes.stream().mapToInt(Write::incarnation).min().orElse(Integer.MIN_VALUE));
  }

  /** Throughput and latency of the writes in {@code [from, to)} by written_at. */
  public static Flow flow(List<Write> writes, long from, long to) {
    long[] latencies =
        writes.stream()
            .filter(w -> w.writtenAt() >= from && w.writtenAt() < to)
            .mapToLong(w -> w.writtenAt() - w.eventTime())
            .toArray();
    Arrays.sort(latencies);
    double seconds = Math.max(0.001, (to - from) / 1000.0);
    return new Flow(
        latencies.length,
        latencies.length / seconds,
        percentile(latencies, 50),
        percentile(latencies, 99));
  }

  /** Writes per second, p50 and p99 latency (ms) over a window; percentiles null if empty. */
  public record Flow(long writes, double perSecond, Long p50Ms, Long p99Ms) {}

  /** Nearest-rank percentile of sorted values; null when there are none. */
  public static Long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Per-second buckets of writes (count, p50, p99 latency), from the first to the last write. */
  public static List<Bucket> timeline(List<Write> writes, long originTs) {
    TreeMap<Long, List<Long>> buckets = new TreeMap<>();
    for (Write w : writes) {
      long second = Math.floorDiv(w.writtenAt() - originTs, 1000);
      buckets.computeIfAbsent(second, s -> new ArrayList<>()).add(w.writtenAt() - w.eventTime());
    }
    List<Bucket> out = new ArrayList<>();
    if (buckets.isEmpty()) {
      return out;
    }
    for (long s = buckets.firstKey(); s <= buckets.lastKey(); s++) {
      long[] l = buckets.getOrDefault(s, List.of()).stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(l);
      out.add(new Bucket(s, l.length, percentile(l, 50), percentile(l, 99)));
    }
    return out;
  }

  /** One second of the timeline, counted from the run's origin. */
  public record Bucket(long second, long writes, Long p50Ms, Long p99Ms) {}

  /** The incarnations that wrote, in order. */
  public static List<Integer> incarnations(List<Write> writes) {
    TreeSet<Integer> s = new TreeSet<>();
    writes.forEach(w -> s.add(w.incarnation()));
    return List.copyOf(s);
  }
}
