package org.recoverybench.engine;

import java.util.List;

/**
 * The newest complete checkpoint of a trial, as objects in the lab's bucket.
 *
 * @param id the engine's name for it ({@code chk-12}, {@code checkpoint-1700000000000})
 * @param keys every object that belongs to it alone (deleting them deletes the checkpoint)
 * @param metadataKeys the objects a restore reads first (Flink's {@code _metadata}; Spark's
 *     checkpoint file and its {@code .bk} copy): the ones to corrupt or truncate
 */
public record LatestCheckpoint(String id, List<String> keys, List<String> metadataKeys) {}
