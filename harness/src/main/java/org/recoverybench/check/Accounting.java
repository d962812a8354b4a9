package org.recoverybench.check;

import java.util.List;

/**
 * What happened to each produced id: the anomaly classes, each with a count and its worst examples
 * (after Jepsen's Kafka checker).
 *
 * @param produced ids the broker acknowledged, {@code 0..produced-1}: lost is counted against these
 * @param rowsWritten committed writes in the ledger
 * @param distinctWritten distinct acknowledged ids written at least once
 * @param lost ids acknowledged but never written
 * @param duplicatedIds ids written more than once
 * @param extraWrites writes beyond the first of each id
 * @param unexpected writes of ids that were never due to be produced
 * @param lostExamples the lowest lost ids
 * @param duplicateExamples the most-written ids, worst first
 * @param writtenUnacknowledged distinct ids written that were due but whose acknowledgement never
 *     reached the producer (it stopped before); neither lost nor unexpected
 */
public record Accounting(
    long produced,
    long rowsWritten,
    long distinctWritten,
    long lost,
    long duplicatedIds,
    long extraWrites,
    long unexpected,
    List<Long> lostExamples,
    List<DuplicateExample> duplicateExamples,
    long writtenUnacknowledged) {

  /** An id written {@code writes} times. */
  public record DuplicateExample(long eventId, int writes) {}
}
