package org.recoverybench.check;

/**
 * Where one incarnation started reading one partition, against what was known before it.
 *
 * @param partition the Kafka partition
 * @param incarnation the incarnation that resumed
 * @param resumedFrom the lowest offset this incarnation wrote in the partition
 * @param lastWrittenBefore the highest offset any earlier incarnation wrote, or null
 * @param checkpointed the next offset the engine's checkpoint held, as last recorded before this
 *     incarnation's first write (at the fault, or while the job was down), or null
 * @param committed the group's committed offset in Kafka, as last recorded before this
 *     incarnation's first write: at the fault, or after the harness moved it while the job was down
 *     ({@code kill-jobmanager-offsets-moved}); or null
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
