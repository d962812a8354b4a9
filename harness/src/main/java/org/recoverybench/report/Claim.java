package org.recoverybench.report;

import java.util.List;

/**
 * A claim as its believers state it ({@link #text}), the rule that judges it ({@link #rule}), and
 * the code of that rule ({@link #judge}). Each claim is one class, its rule's text beside its code;
 * {@link Claims#ALL} lists them in table order. Nothing in a claim knows an outcome in advance:
 * every verdict is a function of the trials it is given, and a claim without trials to judge it is
 * "not tested".
 */
abstract class Claim {
  private final String id;
  private final String text;
  private final String rule;

  Claim(String id, String text, String rule) {
    this.id = id;
    this.text = text;
    this.rule = rule;
  }

  String id() {
    return id;
  }

  String text() {
    return text;
  }

  String rule() {
    return rule;
  }

  /** The rows of this claim in the claims table, judged on the trials of {@code m}. */
  abstract List<ClaimRow> judge(ReportModel m);

  ClaimRow row(String testedBy, String evidence, Verdict verdict, String reason) {
    return new ClaimRow(this, testedBy, evidence, verdict, reason);
  }

  /** The rule for failed trials, printed with the verdict rules when a trial failed. */
  static final String FAILED_RULE =
      "A row any of whose trials failed (`error.txt`, no `result.json`) reads **failed**: a"
          + " trial that did not finish cannot confirm a claim; only a refutation by the trials"
          + " that finished stands, with the failures named beside it.";

  /**
   * {@code row}, judged on the finished trials of {@code gs}, with their failed trials counted by
   * the {@link #FAILED_RULE}.
   */
  static ClaimRow counting(List<ReportModel.Group> gs, ClaimRow row) {
    List<FailedTrial> failed = gs.stream().flatMap(g -> g.failures().stream()).toList();
    if (failed.isEmpty()) {
      return row;
    }
    int all = failed.size() + gs.stream().mapToInt(g -> g.trials().size()).sum();
    String count =
        failed.size()
            + " of "
            + all
            + " trials failed ("
            + Format.clip(failed.get(0).reason())
            + ")";
    String evidence = row.evidence() + "; " + failed.size() + " of " + all + " trials failed";
    if (row.verdict() == Verdict.REFUTED) {
      return new ClaimRow(
          row.claim(), row.testedBy(), evidence, Verdict.REFUTED, row.reason() + "; " + count);
    }
    return new ClaimRow(
        row.claim(),
        row.testedBy(),
        evidence,
        Verdict.FAILED,
        count + "; the finished ones: " + row.reason());
  }

  /** The one row of a claim that no trial of the results tests. */
  List<ClaimRow> notTested(String why) {
    return List.of(row("–", why, Verdict.NOT_TESTED, "no trial in these results tests it"));
  }

  /** {@code rows}, or the not-tested row when there are none. */
  List<ClaimRow> orNotTested(List<ClaimRow> rows, String why) {
    return rows.isEmpty() ? notTested(why) : rows;
  }
}
