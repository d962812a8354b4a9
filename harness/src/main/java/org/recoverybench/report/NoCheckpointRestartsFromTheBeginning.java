package org.recoverybench.report;

import java.util.List;

/** Claim 2: without checkpointing, a restart reprocesses the topic from its beginning. */
final class NoCheckpointRestartsFromTheBeginning extends Claim {
  static final String TEXT =
      "Without checkpointing, a restart starts again from the very beginning of the topic and"
          + " reprocesses all data.";

  static final String RULE =
      "On the `as-written` variant, whose restart never reads its checkpoint (it builds a new"
          + " `StreamingContext`), so it restarts as an app without one: **confirmed** if every"
          + " partition of every trial resumed at offset 0; **refuted** if none did; **partly"
          + " true** otherwise.";

  NoCheckpointRestartsFromTheBeginning() {
    super("2", TEXT, RULE);
  }

  @Override
  List<ClaimRow> judge(ReportModel m) {
    List<ReportModel.Group> gs =
        Evidence.select(
            m, g -> Evidence.sparkVariant(g, "as-written") && Evidence.restartsDriver(g));
    if (gs.isEmpty()) {
      return notTested("no restart of the as-written variant");
    }
    Resumes r = Resumes.of(gs);
    Verdict v;
    String reason;
    if (r.progressed() == 0) {
      v = Verdict.UNDECIDED;
      reason = "no partition had progressed before the restart";
    } else if (r.fromZero() == r.progressed()) {
      v = Verdict.CONFIRMED;
      reason = "every partition started again at offset 0";
    } else if (r.fromZero() == 0) {
      v = Verdict.REFUTED;
      reason =
          "no partition started at offset 0"
              + (r.allAtCommitted()
                  ? ": each resumed at the group's committed offset, which Kafka's consumer"
                      + " auto-commit had stored; only a group without committed offsets falls"
                      + " back to `auto.offset.reset` (default `latest`: the end, not the start)"
                  : "");
    } else {
      v = Verdict.PARTLY;
      reason = r.fromZero() + " of " + r.progressed() + " partitions started again at offset 0";
    }
    return List.of(
        counting(
            gs,
            row(
                "spark as-written: " + Evidence.scenarios(gs),
                r.evidence() + "; " + Evidence.loss(gs),
                v,
                reason)));
  }
}
