package org.recoverybench.result;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code recoverybench bench} measured, written as {@code bench.json}. Every figure comes from
 * the run; the goals are judged against the figures by the rules in {@link #goals}.
 */
public record BenchResult(
    String command,
    String startedAt,
    long durationMs,
    Map<String, String> versions,
    Map<String, Object> machine,
    Map<String, Object> settings,
    List<Limit> limits,
    List<Throughput> throughput,
    List<Recovery> recovery,
    List<Goal> goals) {

  public static final String FILE = "bench.json";

  /** The pipeline limit: a plain consumer writing with one method. */
  public record Limit(
      String method,
      int writers,
      long records,
      long rowsWritten,
      long distinctWritten,
      boolean complete,
      Double perSecond,
      Double visiblePerSecond,
      List<long[]> samples) {}

  /** One engine target's throughput on the backlog, latency at a fixed rate, and checkpoints. */
  public record Throughput(
      String engine,
      String variant,
      String sinkMode,
      int parallelism,
      long records,
      long expected,
      long rowsWritten,
      long distinctWritten,
      boolean complete,
      Double perSecond,
      Double visiblePerSecond,
      Double ratioToLimit,
      Double ratioToCopy,
      long startMs,
      int latencyRate,
      int latencySeconds,
      Double latencyP50Ms,
      Double latencyP99Ms,
      CheckpointFigures checkpoints,
      List<long[]> samples,
      Map<String, Object> engineSettings) {

    public String label() {
      return engine + "/" + variant + "/" + sinkMode + " p" + parallelism;
    }
  }

  /** The checkpoints an engine took during a probe: how many, how long, how big. */
  public record CheckpointFigures(
      int count,
      Double durationMedianMs,
      Long durationMaxMs,
      Double bytesMedian,
      Long bytesMax,
      List<TrialResult.PerCheckpoint> each) {

    public static CheckpointFigures of(List<TrialResult.PerCheckpoint> list) {
      List<Double> d = new ArrayList<>();
      List<Double> b = new ArrayList<>();
      long dMax = -1;
      long bMax = -1;
      for (TrialResult.PerCheckpoint c : list) {
        if (c.durationMs() != null) {
          d.add(c.durationMs().doubleValue());
          dMax = Math.max(dMax, c.durationMs());
        }
        b.add((double) c.bytes());
        bMax = Math.max(bMax, c.bytes());
      }
      return new CheckpointFigures(
          list.size(), median(d), dMax < 0 ? null : dMax, median(b), bMax < 0 ? null : bMax, list);
    }
  }

  /** The time from each kill to the first new write, over the trials of one kill fault. */
  public record Recovery(
      String fault,
      String target,
      String scenario,
      int trials,
      List<Long> firstWriteMs,
      Double medianMs,
      Long minMs,
      Long maxMs,
      List<Long> lagBaselineMs,
      long lost,
      long duplicatedIds) {}

  /** A tuning goal of the issue, and whether the measured figure meets it. */
  public record Goal(String goal, String rule, Double measured, Double threshold, Boolean met) {}

  /**
   * The median of recovery times where a missing one (no recovery within the grace period) counts
   * as longer than any measured one: null when the median falls on a missing one.
   */
  public static Double medianCountingMissingAsLongest(List<Long> xs) {
    if (xs.isEmpty()) {
      return null;
    }
    List<Long> s = xs.stream().sorted(Comparator.nullsLast(Comparator.naturalOrder())).toList();
    int n = s.size();
    if (n % 2 == 1) {
      return s.get(n / 2) == null ? null : s.get(n / 2).doubleValue();
    }
    Long a = s.get(n / 2 - 1);
    Long b = s.get(n / 2);
    return a == null || b == null ? null : (a + b) / 2.0;
  }

  /** The median of the values, or null without any. */
  public static Double median(List<Double> xs) {
    if (xs.isEmpty()) {
      return null;
    }
    List<Double> s = xs.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /**
   * The goals: Flink append and upsert at 0.9 of the JDBC limit or more, exactly-once at 0.6 or
   * more (each at its better parallelism), and the median TaskManager kill to first write at 5 s or
   * less.
   *
   * @param taskManagerKill the name of the fault type that kills a TaskManager, whose recoveries
   *     the last goal reads: the caller's {@code Kill.TASKMANAGER.name()} (results do not depend on
   *     the fault types, which depend on them)
   */
  public static List<Goal> goals(List<Throughput> tp, List<Recovery> rec, String taskManagerKill) {
    List<Goal> out = new ArrayList<>();
    for (String[] g :
        List.of(
            new String[] {"append", "0.9"},
            new String[] {"upsert", "0.9"},
            new String[] {"exactly-once", "0.6"})) {
      Double best =
          tp.stream()
              .filter(t -> t.engine().equals("flink") && t.sinkMode().equals(g[0]))
              .map(Throughput::ratioToLimit)
              .filter(Objects::nonNull)
              .max(Double::compare)
              .orElse(null);
      double th = Double.parseDouble(g[1]);
      out.add(
          new Goal(
              "Flink " + g[0] + " throughput",
              "best ratio to the "
                  + (g[0].equals("upsert") ? "JDBC-upsert" : "JDBC-batch")
                  + " limit over parallelism 1 and 2 >= "
                  + g[1],
              best,
              th,
              best == null ? null : best >= th));
    }
    Double tm =
        rec.stream()
            .filter(r -> r.fault().equals(taskManagerKill))
            .map(Recovery::medianMs)
            .filter(Objects::nonNull)
            .min(Double::compare)
            .orElse(null);
    out.add(
        new Goal(
            "Flink TaskManager kill -9 to first new write",
            "median over the trials <= 5000 ms",
            tm,
            5000.0,
            tm == null ? null : tm <= 5000));
    return out;
  }
}
