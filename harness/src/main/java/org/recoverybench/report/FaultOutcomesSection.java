package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.result.TrialResult;

/** "Fault outcomes": what each engine did about faults that record it (outages, bad data, ...). */
final class FaultOutcomesSection {
  private FaultOutcomesSection() {}

  static void write(Doc d, ReportModel m) {
    List<List<String>> rows = new ArrayList<>();
    for (ReportModel.Group g : m.groups()) {
      for (ReportModel.Trial t : g.trials()) {
        if (t.result().faults() == null) {
          continue;
        }
        for (TrialResult.FaultRecord f : t.result().faults()) {
          if (f.detail() != null
              || f.behaviour() != null
              || f.error() != null
              || f.restoredFrom() != null) {
            rows.add(row(g, t.result(), f));
          }
        }
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    d.h(2, "Fault outcomes");
    d.p(
        "What was done at each fault (`detail`), what the engine did about it (`behaviour`), the"
            + " state it was given at a restart and the error it gave, as recorded in each trial's"
            + " `result.json`.");
    d.table(
        List.of(
            "scenario",
            "engine / variant / sink",
            "trial",
            "fault",
            "detail",
            "behaviour",
            "restored from",
            "error",
            "dead letters"),
        List.of(false, false, true, false, false, false, false, false, true),
        rows);
  }

  private static List<String> row(ReportModel.Group g, TrialResult r, TrialResult.FaultRecord f) {
    return List.of(
        g.scenario(),
        g.target(),
        String.valueOf(r.trial()),
        f.type(),
        Format.clip(f.detail()),
        Format.clip(f.behaviour()),
        Format.clip(f.restoredFrom()),
        Format.clip(f.error()),
        r.deadLetters() == null ? "–" : String.valueOf(r.deadLetters()));
  }
}
