package org.recoverybench.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.recoverybench.lab.Lab;
import org.recoverybench.result.BenchResult;

/**
 * The bench's pipeline-limit phase: a plain consumer (no engine) drains the backlog with each write
 * method and from one to the most writers; the limit of a method is the best of any number of
 * writers.
 */
final class LimitPhase {
  final List<BenchResult.Limit> limits = new ArrayList<>();
  double jdbcLimit;
  double upsertLimit;
  double copyLimit;

  /** Measures every method on the backlog of {@code records} in the topic. */
  static LimitPhase run(Lab lab, String topic, long records, int most, PrintWriter console)
      throws Exception {
    LimitPhase phase = new LimitPhase();
    console.println("Pipeline limit (a plain consumer, no engine):");
    for (PipelineLimit.Method m : PipelineLimit.Method.values()) {
      // COPY needs no second look at one writer: it is the ceiling, taken at the most writers
      int fewest = m == PipelineLimit.Method.COPY ? most : 1;
      for (int writers : IntStream.rangeClosed(fewest, most).toArray()) {
        phase.measure(lab, topic, records, m, writers, console);
      }
    }
    return phase;
  }

  private void measure(
      Lab lab, String topic, long records, PipelineLimit.Method m, int writers, PrintWriter console)
      throws Exception {
    String runId =
        "bench-limit-"
            + m.label
            + "-"
            + writers
            + "-"
            + Long.toString(System.currentTimeMillis(), 36);
    Drain.Outcome o =
        PipelineLimit.run(
            lab.endpoints(), topic, records, m, BenchCommand.JDBC_BATCH, runId, writers);
    Double r = o.complete() ? Drain.writeRate(lab.endpoints(), runId) : null;
    long[] counts = Drain.counts(lab.endpoints(), runId);
    limits.add(
        new BenchResult.Limit(
            m.label,
            writers,
            records,
            counts[0],
            counts[1],
            o.complete(),
            r,
            Drain.rate(o.samples(), records),
            samples(o.samples(), o.samples().get(0).atMs())));
    console.printf(
        "  %-40s %s%n",
        m.label + " x" + writers,
        r == null ? "incomplete" : String.format(Locale.ROOT, "%,.0f records/s", r));
    console.flush();
    // the limit is the best of any number of writers
    if (r != null) {
      switch (m) {
        case JDBC_BATCH -> jdbcLimit = Math.max(jdbcLimit, r);
        case JDBC_UPSERT -> upsertLimit = Math.max(upsertLimit, r);
        case COPY -> copyLimit = Math.max(copyLimit, r);
      }
    }
  }

  private static List<long[]> samples(List<Drain.Sample> s, long origin) {
    return s.stream().map(x -> new long[] {x.atMs() - origin, x.rows()}).toList();
  }
}
