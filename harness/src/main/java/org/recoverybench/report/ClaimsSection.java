package org.recoverybench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recoverybench.decision.Grid;
import org.recoverybench.decision.Option;
import org.recoverybench.decision.Options;

/** "Claims": each claim's rows, with the measured figures and the verdict its rule gives. */
final class ClaimsSection {
  private ClaimsSection() {}

  static void write(Doc d, ReportModel m, List<ClaimRow> rows, String docs) {
    d.h(2, "Claims");
    d.p(
        "The beliefs about the original app ([docs/original-app.md]("
            + docs
            + "original-app.md)) and the Flink port's own promises. Each verdict follows from the"
            + " figures by the rule stated under [Verdict rules](#verdict-rules), one per claim"
            + " and variant, and its reason names the mechanism the trials tested.");
    d.p(startingOffsets(m, Options.DEFAULT));
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

  /**
   * The line beside the claims table that says which starting-offset setting each option ran with
   * (where a restart with nothing checkpointed or committed starts), and in which scenarios when an
   * option ran with more than one: the comparison must be fair on it.
   */
  static String startingOffsets(ReportModel m, Options options) {
    // option label -> setting -> scenarios
    Map<String, Map<String, List<String>>> seen = new LinkedHashMap<>();
    for (ReportModel.Group g : m.groups()) {
      Grid.Trial t = GridModel.trial(g.results().get(0));
      String label =
          options
              .of(t.engine(), t.variant(), t.sinkMode(), t.startingOffsets(), t.supervised())
              .map(Option::label)
              .orElse(g.target());
      List<String> scenarios =
          seen.computeIfAbsent(label, k -> new LinkedHashMap<>())
              .computeIfAbsent(
                  t.startingOffsets()
                      + " ("
                      + Mechanism.fallback(g.engine(), t.startingOffsets())
                      + ")",
                  k -> new ArrayList<>());
      if (!scenarios.contains(g.scenario())) {
        scenarios.add(g.scenario());
      }
    }
    List<String> parts = new ArrayList<>();
    seen.forEach(
        (label, settings) -> {
          List<String> each = new ArrayList<>();
          settings.forEach(
              (setting, scenarios) ->
                  each.add(
                      settings.size() == 1
                          ? setting
                          : setting + " in " + String.join(", ", scenarios)));
          parts.add("**" + label + "**: " + String.join("; ", each));
        });
    return "Starting offsets each option ran with (`settings.starting_offsets`: where a restart"
        + " with nothing checkpointed or committed starts): "
        + String.join(". ", parts)
        + ".";
  }
}
