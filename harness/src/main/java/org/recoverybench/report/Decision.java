package org.recoverybench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recoverybench.result.TrialResult;

/**
 * Each target's figures over every scenario it ran, for the key findings. The report's decision is
 * made by {@code decision.DecisionRules} on the grid ({@link GridModel}), not here.
 */
final class Decision {
  private Decision() {}

  /**
   * One option of the decision: a target, over every scenario it ran. Its recovery is one figure
   * per fault scenario, in {@code faultScenarios} order: a median is never taken across unlike
   * faults (a TaskManager kill and a JobManager kill recover on different paths).
   */
  record Option(
      String target,
      String label,
      List<String> faultScenarios,
      int faultTrials,
      long maxLost,
      long maxDuplicated,
      Map<String, Stat> recovery,
      Stat baselineP50,
      Stat baselineThroughput,
      Stat baselineCheckpointBytes,
      List<FailedTrial> failures) {

    /** Faced at least one fault, and lost and duplicated nothing in a fault trial that finished. */
    boolean clean() {
      return faultTrials > 0 && maxLost == 0 && maxDuplicated == 0;
    }

    /** "6" or "6, 1 failed": its fault trials, and any of its trials that failed. */
    String faultTrialCount() {
      return faultTrials + (failures.isEmpty() ? "" : ", " + failures.size() + " failed");
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
    byTarget.forEach((target, gs) -> out.add(option(target, gs, m.failuresOf(target))));
    // a target whose every trial failed: an option with nothing but its failures
    for (FailedTrial f : m.failures()) {
      if (out.stream().noneMatch(o -> o.target().equals(f.target()))) {
        Stat none = Stat.of(List.of());
        String label =
            f.engine().equals("flink")
                ? "flink " + f.sinkMode()
                : "spark " + f.variant() + " (" + f.sinkMode() + ")";
        out.add(
            new Option(
                f.target(),
                label,
                List.of(),
                0,
                0,
                0,
                Map.of(),
                none,
                none,
                none,
                m.failuresOf(f.target())));
      }
    }
    return out;
  }

  private static Option option(
      String target, List<ReportModel.Group> gs, List<FailedTrial> failures) {
    List<String> faults = new ArrayList<>();
    int trials = 0;
    long lost = 0, dup = 0;
    Map<String, Stat> recovery = new LinkedHashMap<>();
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
        }
        recovery.put(g.scenario(), g.stat(TrialResult::recoveryFirstWriteMs));
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
        target, label, faults, trials, lost, dup, Map.copyOf(recovery), p50, tput, bytes, failures);
  }
}
