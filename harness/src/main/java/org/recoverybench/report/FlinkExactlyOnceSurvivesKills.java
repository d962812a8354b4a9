package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.fault.Kill;

/** Claim F1: Flink's exactly-once sink loses and duplicates nothing at a kill -9. */
final class FlinkExactlyOnceSurvivesKills extends Claim {
  static final String TEXT =
      "Flink port: with the exactly-once sink, a `kill -9` of a TaskManager or a JobManager"
          + " loses nothing and duplicates nothing.";

  static final String RULE =
      "Per kill scenario: **confirmed** if every trial lost 0 and duplicated 0 ids; **partly"
          + " true** if one of the two was 0 in every trial; **refuted** otherwise.";

  FlinkExactlyOnceSurvivesKills() {
    super("F1", TEXT, RULE);
  }

  private static boolean flinkExactlyOnceKill(ReportModel.Group g) {
    return g.engine().equals("flink")
        && g.sinkMode().equals("exactly-once")
        && Evidence.runs(g, Kill.TASKMANAGER, Kill.JOBMANAGER);
  }

  @Override
  List<ClaimRow> judge(ReportModel m) {
    List<ClaimRow> rows = new ArrayList<>();
    for (ReportModel.Group g :
        Evidence.select(m, FlinkExactlyOnceSurvivesKills::flinkExactlyOnceKill)) {
      rows.add(
          counting(
              List.of(g),
              row(
                  "flink exactly-once: " + g.scenario(),
                  Evidence.loss(List.of(g)) + " over " + g.trials().size() + " trials",
                  Evidence.harm(g.results()),
                  Evidence.harmReason(g.results()))));
    }
    return orNotTested(rows, "no Flink exactly-once kill");
  }
}
