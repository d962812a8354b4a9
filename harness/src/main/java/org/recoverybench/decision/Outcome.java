package org.recoverybench.decision;

/**
 * What a trial's data went through, in the classes of a Jepsen-style checker. A trial may show
 * several at once (e.g. duplicated and recovered); {@link TrialOutcome} holds the flags, and this
 * enum names them for tables and rules.
 */
public enum Outcome {
  /**
   * Ids produced but not in the sink at the end, while the engine was running and had reported no
   * failure of its own: it moved past them as if nothing happened. Nothing tells an operator.
   */
  SILENTLY_SKIPPED("silently skipped"),
  /**
   * Ids produced but not in the sink at the end, while the engine was running after reporting a
   * failure (a failed batch, an exception): it went on without them, and no restart of it will read
   * them again.
   */
  LOST_FOR_GOOD("lost for good"),
  /**
   * The engine was not running at the end (a driver that exited, a job FAILED or restarting in a
   * loop): the ids it did not write wait in Kafka for an operator.
   */
  HALTED("halted"),
  /** Some ids were written more than once. */
  DUPLICATED("duplicated"),
  /** The engine wrote again after the fault: the time to its first visible write is known. */
  RECOVERED("recovered"),
  /** The trial itself failed (the harness could not finish it): no evidence either way. */
  FAILED_TRIAL("trial failed");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Whether the outcome loses data without an operator being asked to act. */
  public boolean isLoss() {
    return this == SILENTLY_SKIPPED || this == LOST_FOR_GOOD;
  }
}
