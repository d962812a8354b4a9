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

  /** The one row of a claim that no trial of the results tests. */
  List<ClaimRow> notTested(String why) {
    return List.of(row("–", why, Verdict.NOT_TESTED, "no trial in these results tests it"));
  }

  /** {@code rows}, or the not-tested row when there are none. */
  List<ClaimRow> orNotTested(List<ClaimRow> rows, String why) {
    return rows.isEmpty() ? notTested(why) : rows;
  }
}
