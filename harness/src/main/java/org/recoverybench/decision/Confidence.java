package org.recoverybench.decision;

/**
 * How much a count of trials can say. With no failure in {@code n} independent trials, the
 * one-sided 95% upper bound on the failure rate is {@code 1 − 0.05^(1/n)}; the "rule of three"
 * ({@code 3/n}) is its approximation for large {@code n}. Three clean trials bound the rate only
 * below 63%: zero failures in a few trials is weak evidence, and the report says so.
 */
public final class Confidence {
  private Confidence() {}

  /** The 95% upper bound on the failure rate after {@code trials} trials without a failure. */
  public static double upperBoundWithNoFailure(int trials) {
    if (trials < 1) {
      throw new IllegalArgumentException("trials must be at least 1, not " + trials);
    }
    return 1 - Math.pow(0.05, 1.0 / trials);
  }

  /** The rule of three's approximation, {@code min(1, 3/n)}. */
  public static double ruleOfThree(int trials) {
    if (trials < 1) {
      throw new IllegalArgumentException("trials must be at least 1, not " + trials);
    }
    return Math.min(1.0, 3.0 / trials);
  }
}
