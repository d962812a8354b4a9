package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.fault.Kill;
import org.recoverybench.result.TrialResult;

/**
 * Claim S1: Structured Streaming's checkpoint makes {@code foreachBatch} exactly-once, the belief
 * behind "move to Structured Streaming and the duplicates go away".
 */
final class StructuredCheckpointMakesForeachBatchExactlyOnce extends Claim {
  static final String TEXT =
      "Spark Structured Streaming: its checkpoint makes `foreachBatch` exactly-once, so a driver"
          + " crash neither loses nor duplicates records.";

  static final String RULE =
      "One row per Structured Streaming variant, over its driver kills after its first batch"
          + " (the early crash, before any, is claim 2's): **refuted** if any trial lost an id or"
          + " wrote one twice; else **confirmed**. The checkpoint replays the batch whose commit"
          + " is missing with the same batch id and offsets; whether that replay writes twice is"
          + " up to the `foreachBatch` body, so the two variants can disagree, and each row names"
          + " what its body does.";

  StructuredCheckpointMakesForeachBatchExactlyOnce() {
    super("S1", TEXT, RULE);
  }

  private static boolean structuredDriverKill(ReportModel.Group g) {
    return g.engine().equals("spark")
        && g.variant().startsWith("structured")
        && Evidence.runs(g, Kill.DRIVER)
        && !Evidence.earlyCrash(g);
  }

  @Override
  List<ClaimRow> judge(ReportModel m) {
    List<ClaimRow> rows = new ArrayList<>();
    Evidence.byVariant(
            Evidence.select(
                m, StructuredCheckpointMakesForeachBatchExactlyOnce::structuredDriverKill))
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
                          body(gs.get(0).variant()) + ": " + Evidence.harmReason(rs))));
            });
    return orNotTested(rows, "no Structured Streaming driver kill after its first batch");
  }

  /** What the variant's {@code foreachBatch} does with a replayed batch. */
  private static String body(String variant) {
    return variant.equals("structured-idempotent")
        ? "the batch's rows and its batch id in one transaction, a batch id already written"
            + " skipped"
        : "plain inserts in `foreachBatch`: a replayed batch is written again";
  }
}
