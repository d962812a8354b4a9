package org.recoverybench.decision;

import java.util.List;
import java.util.Map;

/**
 * What the rules made of a grid.
 *
 * @param assumptions what was assumed of the reader's situation
 * @param recommended the first of the ranking, or null when no option is left
 * @param ranking the options left, best first
 * @param disqualified option id to the reasons it is out
 * @param operatorSteps option id to what an operator must do after each fault that halted it
 * @param reasons why the recommended option, 3 to 5 lines
 * @param flips what would change the recommendation, one line each
 * @param risks what the recommended option still carries
 */
public record Decision(
    Assumptions assumptions,
    Option recommended,
    List<Ranked> ranking,
    Map<String, List<String>> disqualified,
    Map<String, List<String>> operatorSteps,
    List<String> reasons,
    List<String> flips,
    List<String> risks) {

  /**
   * An option left in the ranking, with the figures it was ranked by.
   *
   * @param haltingClasses fault classes after which it needed an operator
   * @param recoveryMs the median fault-to-first-write, summed over worker and coordinator loss
   * @param latencyP99Ms its baseline p99 latency, or null
   * @param cpuMsPer1000 its CPU time per 1,000 records without a fault, or null
   */
  public record Ranked(
      Option option, int haltingClasses, Long recoveryMs, Long latencyP99Ms, Long cpuMsPer1000) {}
}
