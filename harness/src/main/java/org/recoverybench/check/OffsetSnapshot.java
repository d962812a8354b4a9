package org.recoverybench.check;

import java.util.Map;

/**
 * Offsets per partition observed at one instant: {@code committed} (the consumer group's offsets in
 * Kafka) or {@code checkpointed} (what the engine's latest checkpoint held). Each offset is the
 * next offset to read, as Kafka counts.
 */
public record OffsetSnapshot(long ts, String kind, Map<Integer, Long> offsets) {
  public static final String COMMITTED = "committed";
  public static final String CHECKPOINTED = "checkpointed";

  public OffsetSnapshot {
    offsets = Map.copyOf(offsets);
  }
}
