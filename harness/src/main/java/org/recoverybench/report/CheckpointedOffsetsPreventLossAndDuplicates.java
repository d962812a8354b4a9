package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.fault.Kill;

/** Claim 3: checkpointed offsets prevent duplicates and losses at a driver crash. */
final class CheckpointedOffsetsPreventLossAndDuplicates extends Claim {
  static final String TEXT =
      "Checkpointed offsets prevent both duplicate processing and missed messages when the"
          + " driver crashes between batches.";

  static final String RULE =
      "Per variant and kill timing: **confirmed** if every trial lost 0 ids and duplicated 0"
          + " ids; **partly true** if one of the two was 0 in every trial and the other was"
          + " not; **refuted** if trials both lost and duplicated ids.";

  CheckpointedOffsetsPreventLossAndDuplicates() {
    super("3", TEXT, RULE);
  }

  @Override
  List<ClaimRow> judge(ReportModel m) {
    List<ClaimRow> rows = new ArrayList<>();
    for (ReportModel.Group g :
        Evidence.select(m, g -> g.engine().equals("spark") && Evidence.runs(g, Kill.DRIVER))) {
      String timing =
          g.scenario().contains("between-batches") ? "between batches" : "during a batch";
      rows.add(
          counting(
              List.of(g),
              row(
                  "spark " + g.variant() + ": " + g.scenario() + " (" + timing + ")",
                  Evidence.loss(List.of(g)) + " over " + g.trials().size() + " trials",
                  Evidence.harm(g.results()),
                  Evidence.harmReason(g.results()))));
    }
    return orNotTested(rows, "no Spark driver kill");
  }
}
