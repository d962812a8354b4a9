package org.recoverybench.report;

/** The verdict of a claim on one row of the claims table, with its label and its HTML class. */
enum Verdict {
  CONFIRMED("confirmed", "verdict-confirmed"),
  PARTLY("partly true", "verdict-partly"),
  REFUTED("refuted", "verdict-refuted"),
  UNDECIDED("not decided", "verdict-undecided"),
  NOT_TESTED("not tested", "verdict-undecided"),
  /** A trial the row would count did not finish, and the finished ones do not refute it. */
  FAILED("failed", "verdict-refuted");

  final String label;
  final String css;

  Verdict(String label, String css) {
    this.label = label;
    this.css = css;
  }
}
