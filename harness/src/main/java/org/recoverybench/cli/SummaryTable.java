package org.recoverybench.cli;

import java.io.PrintWriter;
import java.util.List;
import org.recoverybench.result.TrialResult;

/** The end-of-run table on the terminal. */
final class SummaryTable {
  private SummaryTable() {}

  static void print(PrintWriter out, List<TrialResult> results) {
    out.printf(
        "%n%-18s %-34s %5s %8s %8s %6s %8s %10s %10s%n",
        "scenario",
        "engine/variant/sink",
        "trial",
        "produced",
        "distinct",
        "lost",
        "dup ids",
        "1st write",
        "lag back");
    for (TrialResult r : results) {
      out.printf(
          "%-18s %-34s %5d %8d %8d %6d %8d %10s %10s%n",
          r.scenario(),
          r.engine() + "/" + r.variant() + "/" + r.sinkMode(),
          r.trial(),
          r.produced(),
          r.distinctWritten(),
          r.lost(),
          r.duplicatedIds(),
          ms(r.recoveryFirstWriteMs()),
          ms(r.recoveryLagBaselineMs()));
    }
    out.flush();
  }

  private static String ms(Long v) {
    return v == null ? "-" : v + " ms";
  }
}
