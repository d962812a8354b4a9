package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Claim 1: with a checkpoint directory, a restart resumes from the last processed offsets. */
final class CheckpointResumesFromProcessedOffsets extends Claim {
  static final String TEXT =
      "With `ssc.checkpoint(dir)` set, a restart of the application resumes from the last"
          + " processed Kafka offsets instead of starting over.";

  static final String RULE =
      "One row per Spark variant (engine, variant, sink mode and starting offsets), over its"
          + " driver kills and restarts after its first checkpoint (the early crash, before any,"
          + " tests claim 2). Where the variant's restart never reads its checkpoint to restore"
          + " offsets, the checkpoint is not credited with where it resumed: `as-written` builds"
          + " a new `StreamingContext` on every start and resumes from the offsets Kafka"
          + " auto-committed, so it is **refuted**; `transactional` reads the offsets it stored"
          + " in the database, so it does not test the claim (**not tested**, figures shown)."
          + " A variant that restores its offsets from the checkpoint (`recoverable`):"
          + " **confirmed** if every partition of every trial resumed exactly after its last"
          + " written offset (nothing replayed, nothing skipped); **refuted** if any trial"
          + " started over (offset 0 on a partition that had progressed) or skipped records;"
          + " **partly true** if it resumed near the last written offset but replayed records.";

  CheckpointResumesFromProcessedOffsets() {
    super("1", TEXT, RULE);
  }

  @Override
  List<ClaimRow> judge(ReportModel m) {
    List<ClaimRow> rows = new ArrayList<>();
    Map<String, List<ReportModel.Group>> variants =
        Evidence.byVariant(
            Evidence.select(
                m,
                g -> Evidence.dstream(g) && Evidence.restartsDriver(g) && !Evidence.earlyCrash(g)));
    variants.forEach(
        (variant, gs) -> rows.add(counting(gs, judge(Evidence.testedBy(variant, gs), gs))));
    return orNotTested(rows, "no Spark driver restart after a checkpoint");
  }

  private ClaimRow judge(String testedBy, List<ReportModel.Group> gs) {
    Resumes r = Resumes.of(gs);
    String evidence = r.evidence() + "; " + Evidence.loss(gs);
    Mechanism how = Mechanism.of(gs.get(0));
    if (how == Mechanism.SPARK_AUTO_COMMIT) {
      return row(
          testedBy,
          evidence,
          Verdict.REFUTED,
          how.resumes
              + "; "
              + r.atCommitted()
              + " of "
              + r.withCommitted()
              + " partition restarts with committed offsets resumed at them");
    }
    if (!how.readsCheckpoint) {
      return row(
          testedBy,
          evidence,
          Verdict.NOT_TESTED,
          how.resumes + ": its trials test that, not the checkpoint");
    }
    return row(testedBy, evidence, judge(r), how.resumes + ": " + reason(r));
  }

  private static Verdict judge(Resumes r) {
    if (r.entries() == 0) {
      return Verdict.UNDECIDED;
    }
    if (r.fromZero() > 0 || r.skippedEntries() > 0) {
      return Verdict.REFUTED;
    }
    return r.exact() == r.entries() ? Verdict.CONFIRMED : Verdict.PARTLY;
  }

  private static String reason(Resumes r) {
    if (r.entries() == 0) {
      return "no restart wrote again, so there is no resume offset to judge";
    }
    if (r.fromZero() > 0) {
      return r.fromZero() + " partition restarts started over from offset 0";
    }
    if (r.skippedEntries() > 0) {
      return r.skippedEntries() + " partition restarts skipped records that were never written";
    }
    if (r.exact() == r.entries()) {
      return "every partition resumed right after its last written offset";
    }
    return "it does not start over, but "
        + r.replayedEntries()
        + " of "
        + r.entries()
        + " partition restarts replayed records already written"
        + (r.allAtCommitted()
            ? "; every one resumed at the group's committed offset in Kafka"
            : "");
  }
}
