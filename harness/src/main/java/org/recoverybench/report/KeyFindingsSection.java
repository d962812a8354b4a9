package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** "Key findings": each option's worst harm under faults, and the count of each verdict. */
final class KeyFindingsSection {
  private KeyFindingsSection() {}

  static void write(Doc d, List<Decision.Option> options, List<ClaimRow> claims) {
    d.h(2, "Key findings");
    List<String> items = new ArrayList<>();
    for (Decision.Option o : options) {
      if (o.faultScenarios().isEmpty()) {
        if (!o.failures().isEmpty()) {
          items.add(
              "**"
                  + o.label()
                  + "**: every one of its "
                  + o.failures().size()
                  + " trials **failed** ([Failed trials](#failed-trials)).");
        }
        continue;
      }
      items.add(
          "**"
              + o.label()
              + "**: over "
              + o.faultTrials()
              + " fault trials"
              + (o.failures().isEmpty() ? "" : " and " + o.failures().size() + " **failed** ones")
              + " ("
              + String.join(", ", o.faultScenarios())
              + "), at most "
              + o.maxLost()
              + " ids lost and "
              + o.maxDuplicated()
              + " ids duplicated in a trial; first write after "
              + o.faultScenarios().stream()
                  .map(f -> "`" + f + "` " + o.recovery().get(f).seconds())
                  .collect(Collectors.joining(", "))
              + ".");
    }
    Map<Verdict, Long> counts =
        claims.stream()
            .collect(Collectors.groupingBy(ClaimRow::verdict, TreeMap::new, Collectors.counting()));
    items.add(
        "Claims: "
            + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().label)
                .collect(Collectors.joining(", "))
            + " (rows of the [claims table](#claims)).");
    d.bullets(items);
  }
}
