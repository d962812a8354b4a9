package org.recoverybench.check;

/**
 * Where one incarnation started reading one partition, against what was known before it.
 *
 * @param partition the Kafka partition
 * @param incarnation the incarnation that resumed
 * @param resumedFrom the lowest offset this incarnation wrote in the partition
 * @param lastWrittenBefore the highest offset any earlier incarnation wrote, or null
 * @param checkpointed the next offset the engine's checkpoint held at the fault, or null
 * @param committed the group's committed offset in Kafka at the fault, or null
 * @param replayed records re-read: offsets at or below lastWrittenBefore read again
 * @param skipped offsets between lastWrittenBefore and resumedFrom that this incarnation jumped
 * @param position resumedFrom against the checkpointed offset: before, at, after, or unknown
 */
public record ResumeOffset(
    int partition,
    int incarnation,
    long resumedFrom,
    Long lastWrittenBefore,
    Long checkpointed,
    Long committed,
    long replayed,
    long skipped,
    String position) {}
