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
   * Lost, duplicated and unexpected ids for ids {@code 0..produced-1}, whatever order the writes
   * came in.
   */
  public static Accounting accounting(long produced, List<Write> writes, int examples) {
    Map<Long, Integer> counts = new HashMap<>();
    long unexpected = 0;
    for (Write w : writes) {
      if (w.eventId() < 0 || w.eventId() >= produced) {
        unexpected++;
      }
      counts.merge(w.eventId(), 1, Integer::sum);
    }
    long distinctInRange = 0;
    long duplicated = 0;
    long extra = 0;
    List<Accounting.DuplicateExample> dups = new ArrayList<>();
    for (Map.Entry<Long, Integer> e : counts.entrySet()) {
      long id = e.getKey();
      if (id >= 0 && id < produced) {
        distinctInRange++;
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
    for (long id = 0; id < produced && lostExamples.size() < examples; id++) {
      if (!counts.containsKey(id)) {
        lostExamples.add(id);
      }
    }
    return new Accounting(
        produced,
        writes.size(),
        distinctInRange,
        produced - distinctInRange,
        duplicated,
        extra,
        unexpected,
        List.copyOf(lostExamples),
        List.copyOf(dups.subList(0, Math.min(examples, dups.size()))));
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
   * Recovery after a fault at {@code faultTs}.
   *
   * <p><b>First write:</b> the first write after the fault by an incarnation newer than every
   * incarnation that wrote before it; when the incarnation does not change (a Spark executor kill
   * leaves the driver running), the first write after the fault. Null if none came within {@code
   * graceMs}.
   *
   * <p><b>Lag back at baseline:</b> the baseline is the median sink lag over the {@code
   * baselineWindowMs} before the fault. Recovery is the first sample, at or after the first write,
   * from which the lag stays at or below {@code max(2 × baseline, baseline + tolerance)} for {@code
   * stableSamples} samples in a row (or to the end of the run). Null if that never happens within
   * the grace period.
   */
  public static Recovery recovery(
      long faultTs,
      List<Write> writes,
      List<LagSample> lag,
      long baselineWindowMs,
      long tolerance,
      int stableSamples,
      long graceMs) {
    final int maxBefore =
        writes.stream()
            .filter(w -> w.writtenAt() < faultTs)
            .mapToInt(Write::incarnation)
            .max()
            .orElse(Integer.MIN_VALUE);
    Long firstNew = null;
    Long firstAny = null;
    for (Write w : writes) {
      if (w.writtenAt() > faultTs && w.writtenAt() - faultTs <= graceMs) {
        firstAny = firstAny == null ? w.writtenAt() : Math.min(firstAny, w.writtenAt());
        if (w.incarnation() > maxBefore) {
          firstNew = firstNew == null ? w.writtenAt() : Math.min(firstNew, w.writtenAt());
        }
      }
    }
    boolean incarnationChanged =
        writes.stream().anyMatch(w -> w.incarnation() > maxBefore)
            && maxBefore != Integer.MIN_VALUE;
    Long first = firstNew != null ? firstNew : (incarnationChanged ? null : firstAny);
    List<LagSample> sorted = new ArrayList<>(lag);
    sorted.sort(Comparator.comparingLong(LagSample::ts));
    long[] before =
        sorted.stream()
            .filter(s -> s.ts() < faultTs && s.ts() >= faultTs - baselineWindowMs)
            .mapToLong(LagSample::lag)
            .sorted()
            .toArray();
    long baseline = before.length == 0 ? 0 : before[(before.length - 1) / 2];
    if (first == null) {
      return new Recovery(null, null, baseline);
    }
    long threshold = Math.max(2 * baseline, baseline + tolerance);
    Long back = null;
    for (int i = 0; i < sorted.size(); i++) {
      LagSample s = sorted.get(i);
      if (s.ts() < first || s.ts() - faultTs > graceMs) {
        continue;
      }
      int end = Math.min(sorted.size(), i + stableSamples);
      boolean stable = true;
      for (int j = i; j < end; j++) {
        stable &= sorted.get(j).lag() <= threshold;
      }
      if (stable) {
        back = s.ts() - faultTs;
        break;
      }
    }
    return new Recovery(first - faultTs, back, baseline);
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
