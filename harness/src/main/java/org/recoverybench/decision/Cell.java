package org.recoverybench.decision;

import java.util.List;

/**
 * One cell of the grid: an option against a fault class, over its trials. A cell that cannot exist
 * (the engine has no equivalent of the fault) holds no trials and says why.
 *
 * @param faultClass the row
 * @param option the column
 * @param trials every trial, failed ones included
 * @param notApplicable why the cell cannot exist, or null
 */
public record Cell(
    FaultClass faultClass, Option option, List<TrialOutcome> trials, String notApplicable) {

  public static Cell notApplicable(FaultClass c, Option o, String why) {
    return new Cell(c, o, List.of(), why);
  }

  public boolean applicable() {
    return notApplicable == null;
  }

  /** Trials that ran to the end (failed trials excluded). */
  public List<TrialOutcome> completed() {
    return trials.stream().filter(t -> t.failure() == null).toList();
  }

  public int failedTrials() {
    return trials.size() - completed().size();
  }

  /** Completed trials that show the outcome. */
  public int count(Outcome o) {
    return (int) completed().stream().filter(t -> t.shows(o)).count();
  }

  public Spread lost() {
    return Spread.of(completed().stream().map(t -> (Long) t.lost()).toList());
  }

  public Spread duplicated() {
    return Spread.of(completed().stream().map(t -> (Long) t.duplicatedIds()).toList());
  }

  public Spread recovery() {
    return Spread.of(completed().stream().map(TrialOutcome::recoveryMs).toList());
  }

  /** Whether any completed trial lost data without an operator being asked. */
  public boolean anyLoss() {
    return completed().stream().anyMatch(t -> t.outcomes().stream().anyMatch(Outcome::isLoss));
  }

  /**
   * The 95% upper bound on how often this cell's option loses data under this fault, when no
   * completed trial did; null when one did or none completed.
   */
  public Double lossRateBound() {
    int n = completed().size();
    return n == 0 || anyLoss() ? null : Confidence.upperBoundWithNoFailure(n);
  }
}
