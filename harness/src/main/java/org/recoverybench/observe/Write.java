package org.recoverybench.observe;

/**
 * One committed write in the sink ledger, as the checker sees it. Times are epoch milliseconds;
 * {@code writtenAt} is the database's clock, {@code eventTime} the producer's.
 */
public record Write(
    long eventId, int partition, long offset, int incarnation, long eventTime, long writtenAt) {}
