package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.check.ResumeOffset;
import org.recoverybench.result.TrialResult;

/** Claim 2: without checkpointing, a restart reprocesses the topic from its beginning. */
final class NoCheckpointRestartsFromTheBeginning extends Claim {
  static final String TEXT =
      "Without checkpointing, a restart starts again from the very beginning of the topic and"
          + " reprocesses all data.";

  static final String RULE =
      "One row per variant (engine, variant, sink mode and starting offsets), on the trials"
          + " that restart it with nothing to resume from: the early crash (the coordinator"
          + " killed before its first checkpoint or commit, for every variant), and, for"
          + " `as-written`, whose restart never reads its checkpoint, every driver restart. An"
          + " early-crash trial started from the beginning if it lost no id and every partition"
          + " it read again started at offset 0 (else it started past the backlog it skipped);"
          + " a later `as-written` restart if every partition that had progressed started again"
          + " at offset 0. **Confirmed** if every trial started from the beginning;"
          + " **refuted** if none did; **partly true** otherwise. The reason names the"
          + " starting-offset setting the restart fell back to.";

  NoCheckpointRestartsFromTheBeginning() {
    super("2", TEXT, RULE);
  }

  @Override
  List<ClaimRow> judge(ReportModel m) {
    List<ClaimRow> rows = new ArrayList<>();
    Evidence.byVariant(
            Evidence.select(
                m,
                g ->
                    Evidence.earlyCrash(g)
                        || (Evidence.sparkVariant(g, "as-written") && Evidence.restartsDriver(g))))
        .forEach((variant, gs) -> rows.add(counting(gs, judge(variant, gs))));
    return orNotTested(rows, "no early crash and no restart of the as-written variant");
  }

  private ClaimRow judge(String variant, List<ReportModel.Group> gs) {
    List<ReportModel.Group> early = gs.stream().filter(Evidence::earlyCrash).toList();
    List<ReportModel.Group> later = gs.stream().filter(g -> !Evidence.earlyCrash(g)).toList();
    Early e = Early.of(early);
    Resumes r = Resumes.of(later);
    List<String> evidence = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    if (!early.isEmpty()) {
      ReportModel.Group g = early.get(0);
      evidence.add(e.evidence() + "; " + Evidence.loss(early));
      reasons.add(
          "early crash: "
              + Mechanism.of(g).withNothing(g.engine(), Evidence.startingOffsets(g))
              + "; "
              + e.reason());
    }
    if (!later.isEmpty()) {
      evidence.add("later restarts: " + r.evidence() + "; " + Evidence.loss(later));
      reasons.add("later restarts: " + later(r));
    }
    int from = e.fromStart() + (r.progressed() > 0 && r.fromZero() == r.progressed() ? 1 : 0);
    int none = (e.trials() - e.fromStart()) + (r.progressed() > 0 && r.fromZero() == 0 ? 1 : 0);
    boolean partlyLater = r.fromZero() > 0 && r.fromZero() < r.progressed();
    Verdict v;
    if (from == 0 && none == 0 && !partlyLater) {
      v = Verdict.UNDECIDED;
    } else if (none == 0 && !partlyLater) {
      v = Verdict.CONFIRMED;
    } else if (from == 0 && !partlyLater) {
      v = Verdict.REFUTED;
    } else {
      v = Verdict.PARTLY;
    }
    return row(
        Evidence.testedBy(variant, gs), String.join("; ", evidence), v, String.join("; ", reasons));
  }

  private static String later(Resumes r) {
    if (r.progressed() == 0) {
      return "no partition had progressed before the restart";
    }
    if (r.fromZero() == r.progressed()) {
      return "every partition started again at offset 0";
    }
    if (r.fromZero() > 0) {
      return r.fromZero() + " of " + r.progressed() + " partitions started again at offset 0";
    }
    return "no partition started at offset 0"
        + (r.allAtCommitted()
            ? ": each resumed at the group's committed offset, which Kafka's consumer"
                + " auto-commit had stored; only a group without committed offsets falls back"
                + " to `auto.offset.reset`"
            : "");
  }

  /**
   * The early-crash trials: how many started from the beginning (no id lost, every partition read
   * again from offset 0), their partition restarts and how many of those started at offset 0.
   */
  record Early(int trials, int fromStart, int lostTrials, int partitions, int atZero) {
    static Early of(List<ReportModel.Group> gs) {
      int trials = 0, fromStart = 0, lostTrials = 0, partitions = 0, atZero = 0;
      for (ReportModel.Group g : gs) {
        List<List<ResumeOffset>> resumes = g.firstResumes();
        List<TrialResult> rs = g.results();
        for (int i = 0; i < rs.size(); i++) {
          trials++;
          List<ResumeOffset> trial = resumes.get(i);
          long zero = trial.stream().filter(o -> o.resumedFrom() == 0).count();
          partitions += trial.size();
          atZero += (int) zero;
          lostTrials += rs.get(i).lost() > 0 ? 1 : 0;
          fromStart += rs.get(i).lost() == 0 && zero == trial.size() ? 1 : 0;
        }
      }
      return new Early(trials, fromStart, lostTrials, partitions, atZero);
    }

    String evidence() {
      return "early crash: "
          + trials
          + (trials == 1 ? " trial" : " trials")
          + ", "
          + atZero
          + " of "
          + partitions
          + " partition restarts read from offset 0";
    }

    String reason() {
      if (fromStart == trials) {
        return "it read the topic from its start and lost nothing in "
            + trials
            + " of "
            + trials
            + " trials";
      }
      return "it did not start at the beginning in "
          + (trials - fromStart)
          + " of "
          + trials
          + " trials"
          + (lostTrials > 0
              ? ": it started at the end and skipped the backlog (ids lost in "
                  + lostTrials
                  + " of "
                  + trials
                  + " trials)"
              : ": it resumed past offset 0, losing nothing");
    }
  }
}
