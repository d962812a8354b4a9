package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.recoverybench.check.ResumeOffset;
import org.recoverybench.result.TrialResult;

/** "Results by scenario": one row per scenario and target, each figure over its trials. */
final class SummarySection {
  private SummarySection() {}

  static final List<String> HEADER =
      List.of(
          "scenario",
          "engine / variant / sink",
          "trials",
          "lost",
          "duplicated ids",
          "extra writes",
          "first write after fault",
          "lag back at baseline",
          "replay (+) / skip (−) per partition",
          "checkpoint KiB / objects at end",
          "writes/s before → after",
          "latency p50 / p99 before → after");
  static final List<Boolean> RIGHT =
      List.of(false, false, true, true, true, true, true, true, false, true, true, true);

  static void write(Doc d, ReportModel m) {
    d.h(2, "Results by scenario");
    d.p(
        "Each cell is the median over the trials, with min–max in brackets when they differ;"
            + " `[k of n]` means only k trials had the figure (e.g. no recovery in the others)."
            + " Definitions are under [Methodology](#methodology).");
    List<List<String>> rows = new ArrayList<>();
    for (ReportModel.Group g : m.groups()) {
      rows.add(row(g));
    }
    d.table(HEADER, RIGHT, rows);
  }

  static List<String> row(ReportModel.Group g) {
    boolean fault = g.hasFault();
    return List.of(
        g.scenario(),
        g.target(),
        g.trials().size() + (g.failures().isEmpty() ? "" : " + " + g.failures().size() + " failed"),
        g.stat(TrialResult::lost).format(),
        g.stat(TrialResult::duplicatedIds).format(),
        g.stat(TrialResult::extraWrites).format(),
        fault ? g.stat(TrialResult::recoveryFirstWriteMs).seconds() : "–",
        fault ? g.stat(TrialResult::recoveryLagBaselineMs).seconds() : "–",
        fault ? replay(g) : "–",
        g.stat(r -> r.checkpoint() == null ? null : r.checkpoint().bytes()).kib()
            + " / "
            + g.stat(r -> r.checkpoint() == null ? null : r.checkpoint().objects()).format(),
        fault ? flowBeforeAfter(g) : g.stat(TrialResult::throughputPerS).format() + " (no fault)",
        fault
            ? latencyBeforeAfter(g)
            : g.stat(TrialResult::latencyP50Ms).seconds()
                + " / "
                + g.stat(TrialResult::latencyP99Ms).seconds());
  }

  private static String flowBeforeAfter(ReportModel.Group g) {
    return g.stat(r -> r.beforeFault() == null ? null : r.beforeFault().perSecond()).format()
        + " → "
        + g.stat(r -> r.afterFault() == null ? null : r.afterFault().perSecond()).format();
  }

  private static String latencyBeforeAfter(ReportModel.Group g) {
    return g.stat(r -> r.beforeFault() == null ? null : r.beforeFault().p50Ms()).seconds()
        + " / "
        + g.stat(r -> r.beforeFault() == null ? null : r.beforeFault().p99Ms()).seconds()
        + " → "
        + g.stat(r -> r.afterFault() == null ? null : r.afterFault().p50Ms()).seconds()
        + " / "
        + g.stat(r -> r.afterFault() == null ? null : r.afterFault().p99Ms()).seconds();
  }

  /** Per partition, replayed records (+) or skipped ones (−) at the first restart. */
  static String replay(ReportModel.Group g) {
    Map<Integer, List<Long>> byPartition = new TreeMap<>();
    for (List<ResumeOffset> trial : g.firstResumes()) {
      for (ResumeOffset o : trial) {
        long v = o.replayed() > 0 ? o.replayed() : -o.skipped();
        byPartition.computeIfAbsent(o.partition(), p -> new ArrayList<>()).add(v);
      }
    }
    if (byPartition.isEmpty()) {
      return "no restart";
    }
    return byPartition.entrySet().stream()
        .map(
            e ->
                "p"
                    + e.getKey()
                    + " "
                    + Stat.of(e.getValue()).format(v -> v > 0 ? "+" + v : v < 0 ? "−" + (-v) : "0"))
        .collect(Collectors.joining(", "));
  }
}
