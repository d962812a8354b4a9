package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.recoverybench.check.ResumeOffset;
import org.recoverybench.result.TrialResult;

/** "Every trial": one row per trial with its own figures. */
final class TrialsSection {
  private TrialsSection() {}

  static void write(Doc d, ReportModel m) {
    d.h(2, "Every trial");
    List<List<String>> rows = new ArrayList<>();
    for (ReportModel.Group g : m.groups()) {
      for (ReportModel.Trial t : g.trials()) {
        rows.add(row(g, t.result()));
      }
    }
    d.table(
        List.of(
            "scenario",
            "engine / variant / sink",
            "trial",
            "produced",
            "rows",
            "distinct",
            "lost",
            "duplicated ids",
            "extra writes",
            "first write after fault",
            "lag back at baseline",
            "resume per partition and incarnation",
            "checkpoint KiB / objects",
            "complete"),
        List.of(
            false, false, true, true, true, true, true, true, true, true, true, false, true, false),
        rows);
  }

  private static List<String> row(ReportModel.Group g, TrialResult r) {
    return List.of(
        r.scenario(),
        g.target(),
        String.valueOf(r.trial()),
        String.valueOf(r.produced()),
        String.valueOf(r.rowsWritten()),
        String.valueOf(r.distinctWritten()),
        String.valueOf(r.lost()),
        String.valueOf(r.duplicatedIds()),
        String.valueOf(r.extraWrites()),
        Format.secs(r.recoveryFirstWriteMs()),
        Format.secs(r.recoveryLagBaselineMs()),
        resume(r.resumeOffsets()),
        r.checkpoint() == null
            ? "–"
            : Math.round(r.checkpoint().bytes() / 1024.0) + " / " + r.checkpoint().objects(),
        r.completed() ? "yes" : "no: " + r.note());
  }

  static String resume(List<ResumeOffset> offsets) {
    if (offsets == null || offsets.isEmpty()) {
      return "–";
    }
    TreeSet<Integer> incarnations = new TreeSet<>();
    offsets.forEach(o -> incarnations.add(o.incarnation()));
    return offsets.stream()
        .map(
            o ->
                "p"
                    + o.partition()
                    + (incarnations.size() > 1 ? "/i" + o.incarnation() : "")
                    + "@"
                    + o.resumedFrom()
                    + (o.replayed() > 0 ? " +" + o.replayed() : "")
                    + (o.skipped() > 0 ? " −" + o.skipped() : "")
                    + (o.replayed() == 0 && o.skipped() == 0 ? " exact" : ""))
        .collect(Collectors.joining("; "));
  }
}
