package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;

/** Claim 1: with a checkpoint directory, a restart resumes from the last processed offsets. */
final class CheckpointResumesFromProcessedOffsets extends Claim {
  static final String TEXT =
      "With `ssc.checkpoint(dir)` set, a restart of the application resumes from the last"
          + " processed Kafka offsets instead of starting over.";

  static final String RULE =
      "Per Spark variant, over its driver kills and restarts: **confirmed** if every partition"
          + " of every trial resumed exactly after its last written offset (nothing replayed,"
          + " nothing skipped); **refuted** if any trial started over (offset 0 on a partition"
          + " that had progressed) or skipped records; **partly true** if it resumed near the"
          + " last written offset but replayed records.";

  CheckpointResumesFromProcessedOffsets() {
    super("1", TEXT, RULE);
  }

  @Override
  List<ClaimRow> judge(ReportModel m) {
    List<ClaimRow> rows = new ArrayList<>();
    for (String variant : List.of("as-written", "recoverable")) {
      List<ReportModel.Group> gs =
          Evidence.select(m, g -> Evidence.sparkVariant(g, variant) && Evidence.restartsDriver(g));
      if (!gs.isEmpty()) {
        rows.add(counting(gs, judge("spark " + variant + ": " + Evidence.scenarios(gs), gs)));
      }
    }
    return orNotTested(rows, "no Spark driver restart");
  }

  private ClaimRow judge(String testedBy, List<ReportModel.Group> gs) {
    Resumes r = Resumes.of(gs);
    String evidence = r.evidence() + "; " + Evidence.loss(gs);
    if (r.entries() == 0) {
      return row(
          testedBy,
          evidence,
          Verdict.UNDECIDED,
          "no restart wrote again, so there is no resume offset to judge");
    }
    if (r.fromZero() > 0) {
      return row(
          testedBy,
          evidence,
          Verdict.REFUTED,
          r.fromZero() + " partition restarts started over from offset 0");
    }
    if (r.skippedEntries() > 0) {
      return row(
          testedBy,
          evidence,
          Verdict.REFUTED,
          r.skippedEntries() + " partition restarts skipped records that were never written");
    }
    if (r.exact() == r.entries()) {
      return row(
          testedBy,
          evidence,
          Verdict.CONFIRMED,
          "every partition resumed right after its last written offset");
    }
    return row(
        testedBy,
        evidence,
        Verdict.PARTLY,
        "it does not start over, but "
            + r.replayedEntries()
            + " of "
            + r.entries()
            + " partition restarts replayed records already written"
            + (r.allAtCommitted()
                ? "; every one resumed at the group's committed offset in Kafka"
                : ""));
  }
}
