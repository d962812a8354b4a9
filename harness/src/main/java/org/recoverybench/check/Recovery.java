package org.recoverybench.check;

/**
 * How long recovery took after one fault.
 *
 * @param firstWriteMs the fault's zero point to the first visible write that counts as recovered
 *     (see {@link FaultPoint}); null if none came within the grace period
 * @param lagBaselineMs the zero point to the sink lag being back at its pre-fault baseline and
 *     staying there; null if it never did within the grace period
 * @param baselineLag the pre-fault baseline of the sink lag, in records
 */
public record Recovery(Long firstWriteMs, Long lagBaselineMs, long baselineLag) {
  public boolean recovered() {
    return firstWriteMs != null;
  }
}
