package org.recoverybench.check;

/** The sink lag at one instant: ids produced so far minus distinct ids written so far. */
public record LagSample(long ts, long lag) {}
