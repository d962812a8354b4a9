package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;

/** "Claims": each claim's rows, with the measured figures and the verdict its rule gives. */
final class ClaimsSection {
  private ClaimsSection() {}

  static void write(Doc d, List<ClaimRow> rows, String docs) {
    d.h(2, "Claims");
    d.p(
        "The beliefs about the original app ([docs/original-app.md]("
            + docs
            + "original-app.md)) and the Flink port's own promises. Each verdict follows from the"
            + " figures by the rule stated under [Verdict rules](#verdict-rules).");
    List<List<String>> table = new ArrayList<>();
    for (ClaimRow r : rows) {
      table.add(
          List.of(
              r.claim().id(),
              r.claim().text(),
              r.testedBy(),
              r.evidence(),
              r.verdict().label,
              r.reason()));
    }
    d.table(
        List.of("#", "claim", "tested by", "measured", "verdict", "why"),
        List.of(false, false, false, false, false, false),
        table);
  }
}
