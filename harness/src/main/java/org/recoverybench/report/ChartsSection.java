package org.recoverybench.report;

import java.util.List;
import org.jfree.chart.JFreeChart;
import org.recoverybench.result.TrialResult;

/**
 * "Charts": recovery, duplicates, checkpoint footprint and storage, and a timeline per scenario.
 */
final class ChartsSection {
  private ChartsSection() {}

  static void write(Doc d, ReportModel m, List<String> targets) {
    d.h(2, "Charts");
    List<String> faulted =
        m.scenarios().stream()
            .filter(s -> m.groupsOf(s).stream().anyMatch(ReportModel.Group::hasFault))
            .toList();
    if (!faulted.isEmpty()) {
      image(
          d,
          "recovery.svg",
          "Recovery time: from the fault to the first write of the new incarnation",
          Charts.bars(
              "Recovery: fault → first new write",
              "seconds",
              m,
              faulted,
              g -> g.stat(TrialResult::recoveryFirstWriteMs),
              1000.0,
              targets));
      image(
          d,
          "duplicates.svg",
          "Duplicated ids per trial, by scenario and target",
          Charts.bars(
              "Duplicated ids",
              "ids",
              m,
              faulted,
              g -> g.stat(TrialResult::duplicatedIds),
              1.0,
              targets));
    }
    storage(d, m, targets);
    timelines(d, m, targets);
  }

  private static void storage(Doc d, ReportModel m, List<String> targets) {
    image(
        d,
        "checkpoint-footprint.svg",
        "Checkpoint footprint at the end of each trial",
        Charts.bars(
            "Checkpoint storage at the end of the trial",
            "KiB",
            m,
            m.scenarios(),
            g -> g.stat(r -> r.checkpoint() == null ? null : r.checkpoint().bytes()),
            1024.0,
            targets));
    String storageScenario =
        m.scenarios().stream()
            .filter(s -> s.startsWith("retention"))
            .findFirst()
            .orElse(m.scenarios().contains("baseline") ? "baseline" : m.scenarios().get(0));
    image(
        d,
        "storage-" + storageScenario + ".svg",
        "Checkpoint storage over time, " + storageScenario,
        Charts.storage(storageScenario, m.groupsOf(storageScenario), targets));
  }

  private static void timelines(Doc d, ReportModel m, List<String> targets) {
    d.h(3, "Timelines");
    d.p(
        "One chart per scenario, trial 1 of each target: writes per second as they became visible,"
            + " the sink lag (ids produced minus distinct ids written), and the p50 latency of the"
            + " writes of each second. The dashed line is the fault.");
    for (String s : m.scenarios()) {
      image(
          d,
          "timeline-" + s + ".svg",
          "Timeline of " + s,
          Charts.timeline(s, m.groupsOf(s), targets));
    }
  }

  private static void image(Doc d, String file, String alt, JFreeChart chart) {
    boolean tall = file.startsWith("timeline-") || file.startsWith("storage-");
    d.image(Report.CHARTS + "/" + file, alt, Charts.svg(chart, Charts.WIDTH, tall ? 620 : 420));
  }
}
