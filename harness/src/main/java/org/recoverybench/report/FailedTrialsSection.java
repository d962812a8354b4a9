package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;

/** "Failed trials": each trial that did not finish, with the reason its {@code error.txt} gives. */
final class FailedTrialsSection {
  private FailedTrialsSection() {}

  static void write(Doc d, ReportModel m) {
    if (m.failures().isEmpty()) {
      return;
    }
    d.h(2, "Failed trials");
    d.p(
        m.failures().size()
            + " of "
            + m.trialCount()
            + " trials failed: the harness wrote `error.txt` instead of `result.json`. They have no"
            + " figures; the trial totals count them, and the claims and the decision show them as"
            + " failed where they would have counted.");
    List<List<String>> rows = new ArrayList<>();
    for (FailedTrial f : m.failures()) {
      rows.add(
          List.of(f.scenario(), f.target(), String.valueOf(f.trial()), Format.clip(f.reason())));
    }
    d.table(
        List.of("scenario", "engine / variant / sink", "trial", "reason"),
        List.of(false, false, true, false),
        rows);
  }
}
