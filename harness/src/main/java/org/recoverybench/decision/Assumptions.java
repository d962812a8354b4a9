package org.recoverybench.decision;

import java.util.List;

/**
 * What the reader's situation is, as far as the decision depends on it. The report decides with
 * {@link #DEFAULT} and then asks which other assumption would change the recommendation.
 *
 * @param idempotentConsumers every consumer of the sink table tolerates an id written twice
 * @param haltsAcceptable an operator is on call to act when a pipeline halts
 * @param latencyFirst rank by latency before recovery time (a tight latency budget)
 */
public record Assumptions(
    boolean idempotentConsumers, boolean haltsAcceptable, boolean latencyFirst) {

  public static final Assumptions DEFAULT = new Assumptions(false, true, false);

  /** The alternatives the report tries, each with the words that state it. */
  public static final List<Alternative> ALTERNATIVES =
      List.of(
          new Alternative(
              "if every consumer of the table is idempotent", new Assumptions(true, true, false)),
          new Alternative(
              "if nobody is on call to restart a halted pipeline",
              new Assumptions(false, false, false)),
          new Alternative(
              "if your latency budget matters more than recovery time",
              new Assumptions(false, true, true)));

  /** One alternative assumption and how the report words it. */
  public record Alternative(String condition, Assumptions assumptions) {}
}
