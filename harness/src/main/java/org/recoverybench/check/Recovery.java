package org.recoverybench.check;

/**
 * How long recovery took after one fault.
 *
 * @param firstWriteMs fault to the first write of a newer incarnation; null if none came
 * @param lagBaselineMs fault to the sink lag being back at its pre-fault baseline and staying
 *     there; null if it never did within the grace period
 * @param baselineLag the pre-fault baseline of the sink lag, in records
 */
public record Recovery(Long firstWriteMs, Long lagBaselineMs, long baselineLag) {
  public boolean recovered() {
    return firstWriteMs != null;
  }
}
