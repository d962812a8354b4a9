package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.fault.Kill;
import org.recoverybench.result.TrialResult;

/** Claim F1: Flink's exactly-once sink loses and duplicates nothing at a kill -9. */
final class FlinkExactlyOnceSurvivesKills extends Claim {
  static final String TEXT =
      "Flink port: with the exactly-once sink, a `kill -9` of a TaskManager or a JobManager"
          + " loses nothing and duplicates nothing.";

  static final String RULE =
      "One row per Flink exactly-once variant, over its TaskManager and JobManager kills:"
          + " **confirmed** if every trial lost 0 and duplicated 0 ids; **refuted** if any"
          + " trial lost or duplicated an id.";

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
    Evidence.byVariant(Evidence.select(m, FlinkExactlyOnceSurvivesKills::flinkExactlyOnceKill))
        .forEach(
            (variant, gs) -> {
              List<TrialResult> rs = Evidence.results(gs);
              rows.add(
                  counting(
                      gs,
                      row(
                          Evidence.testedBy(variant, gs),
                          Evidence.lossByScenario(gs),
                          Evidence.harm(rs),
                          MECHANISM + ": " + Evidence.harmReason(rs))));
            });
    return orNotTested(rows, "no Flink exactly-once kill");
  }

  /** What the exactly-once sink does, named in each verdict's reason. */
  static final String MECHANISM =
      "the sink prepares each checkpoint's rows (`PREPARE TRANSACTION`) and commits them when the"
          + " checkpoint completes; a restart restores the last completed checkpoint and commits"
          + " or rolls back what it prepared";
}
