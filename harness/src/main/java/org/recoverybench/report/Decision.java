package org.recoverybench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recoverybench.result.TrialResult;

/**
 * The decision, apart from how it is written: each option (a target, over every scenario it ran)
 * with its figures, and which options qualify by the stated {@link #RULE}.
 */
final class Decision {
  private Decision() {}

  static final String RULE =
      "Rule: an option qualifies if it lost no id and duplicated no id in every trial of every"
          + " fault it faced. Options face different faults (a Flink job has no driver, a"
          + " DStream app no TaskManager), so recovery times compare like with like only within"
          + " a scenario.";

  /** One option of the decision: a target, over every scenario it ran. */
  record Option(
      String target,
      String label,
      List<String> faultScenarios,
      int faultTrials,
      long maxLost,
      long maxDuplicated,
      Stat recovery,
      Stat baselineP50,
      Stat baselineThroughput,
      Stat baselineCheckpointBytes) {

    /** The rule: faced at least one fault, and lost and duplicated nothing in any fault trial. */
    boolean qualifies() {
      return faultTrials > 0 && maxLost == 0 && maxDuplicated == 0;
    }

    /** Whether it faced any fault; an option without one is judged by nothing. */
    boolean facedFaults() {
      return faultTrials > 0;
    }
  }

  /** The options of a report, in the model's target order. */
  static List<Option> options(ReportModel m) {
    Map<String, List<ReportModel.Group>> byTarget = new LinkedHashMap<>();
    m.groups().forEach(g -> byTarget.computeIfAbsent(g.target(), t -> new ArrayList<>()).add(g));
    List<Option> out = new ArrayList<>();
    byTarget.forEach((target, gs) -> out.add(option(target, gs)));
    return out;
  }

  private static Option option(String target, List<ReportModel.Group> gs) {
    List<String> faults = new ArrayList<>();
    int trials = 0;
    long lost = 0, dup = 0;
    List<Long> recovery = new ArrayList<>();
    Stat p50 = Stat.of(List.of());
    Stat tput = Stat.of(List.of());
    Stat bytes = Stat.of(List.of());
    for (ReportModel.Group g : gs) {
      if (g.hasFault()) {
        faults.add(g.scenario());
        for (TrialResult r : g.results()) {
          trials++;
          lost = Math.max(lost, r.lost());
          dup = Math.max(dup, r.duplicatedIds());
          recovery.add(r.recoveryFirstWriteMs());
        }
      } else {
        p50 = g.stat(TrialResult::latencyP50Ms);
        tput = g.stat(TrialResult::throughputPerS);
        bytes = g.stat(r -> r.checkpoint() == null ? null : r.checkpoint().bytes());
      }
    }
    ReportModel.Group first = gs.get(0);
    String label =
        first.shortTarget() + (first.engine().equals("spark") ? " (" + first.sinkMode() + ")" : "");
    return new Option(
        target, label, faults, trials, lost, dup, Stat.of(recovery), p50, tput, bytes);
  }

  /** The options that qualify by the {@link #RULE}, in order. */
  static List<Option> qualified(List<Option> options) {
    return options.stream().filter(Option::qualifies).toList();
  }
}
