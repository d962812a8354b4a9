package org.recoverybench.check;

import java.util.List;

/**
 * What happened to each produced id: the anomaly classes, each with a count and its worst examples
 * (after Jepsen's Kafka checker).
 *
 * @param produced ids produced, {@code 0..produced-1}
 * @param rowsWritten committed writes in the ledger
 * @param distinctWritten distinct produced ids written at least once
 * @param lost ids produced but never written
 * @param duplicatedIds ids written more than once
 * @param extraWrites writes beyond the first of each id
 * @param unexpected writes of ids that were never produced
 * @param lostExamples the lowest lost ids
 * @param duplicateExamples the most-written ids, worst first
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
    List<DuplicateExample> duplicateExamples) {

  /** An id written {@code writes} times. */
  public record DuplicateExample(long eventId, int writes) {}
}
