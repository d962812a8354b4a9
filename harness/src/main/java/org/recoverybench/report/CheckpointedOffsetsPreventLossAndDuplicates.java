package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.fault.Kill;
import org.recoverybench.result.TrialResult;

/** Claim 3: checkpointed offsets prevent duplicates and losses at a driver crash. */
final class CheckpointedOffsetsPreventLossAndDuplicates extends Claim {
  static final String TEXT =
      "Checkpointed offsets prevent both duplicate processing and missed messages when the"
          + " driver crashes between batches.";

  static final String RULE =
      "One row per Spark variant (engine, variant, sink mode and starting offsets), over all"
          + " of its driver kills after its first checkpoint, between batches and mid-batch"
          + " alike (a crash picks no moment; the early crash, before any checkpoint, tests"
          + " claim 2): **refuted** if any trial wrote any id twice or lost any id; else, for a"
          + " variant that restores its offsets from the checkpoint (`recoverable`),"
          + " **confirmed**. A variant whose restart never reads its checkpoint is not credited"
          + " with a clean run: `as-written` (offsets auto-committed to Kafka) is **not"
          + " decided** then, `transactional` (offsets stored with the rows in the database)"
          + " **not tested**.";

  CheckpointedOffsetsPreventLossAndDuplicates() {
    super("3", TEXT, RULE);
  }

  @Override
  List<ClaimRow> judge(ReportModel m) {
    List<ClaimRow> rows = new ArrayList<>();
    Evidence.byVariant(
            Evidence.select(
                m,
                g ->
                    Evidence.dstream(g)
                        && Evidence.runs(g, Kill.DRIVER)
                        && !Evidence.earlyCrash(g)))
        .forEach(
            (variant, gs) ->
                rows.add(
                    counting(
                        gs,
                        judge(Evidence.testedBy(variant, gs), Evidence.lossByScenario(gs), gs))));
    return orNotTested(rows, "no Spark driver kill after a checkpoint");
  }

  private ClaimRow judge(String testedBy, String evidence, List<ReportModel.Group> gs) {
    List<TrialResult> rs = Evidence.results(gs);
    Mechanism how = Mechanism.of(gs.get(0));
    String figures = Evidence.harmReason(rs);
    if (Evidence.harm(rs) == Verdict.REFUTED) {
      return row(testedBy, evidence, Verdict.REFUTED, how.resumes + ": " + figures);
    }
    if (how.readsCheckpoint) {
      return row(testedBy, evidence, Verdict.CONFIRMED, how.resumes + ": " + figures);
    }
    return row(
        testedBy,
        evidence,
        how == Mechanism.SPARK_AUTO_COMMIT ? Verdict.UNDECIDED : Verdict.NOT_TESTED,
        how.resumes + ": " + figures + ", but not by checkpointed offsets");
  }
}
