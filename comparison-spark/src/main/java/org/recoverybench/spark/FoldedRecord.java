package org.recoverybench.spark;

import java.io.Serializable;

/**
 * What the stateful pipeline's {@code mapWithState} function emits for each record: the record, its
 * key, and the key's state right after the record was folded into it (count, sum, last id), which
 * is what {@code sink_state} holds for the key once the record's write commits. A record that could
 * not be parsed leaves with no state ({@code count} 0).
 */
public record FoldedRecord(KeyedEvent event, long key, long count, long sum, long lastEventId)
    implements Serializable {

  /** A record folded into no state: one that could not be parsed. */
  public static FoldedRecord unfolded(long key, KeyedEvent event) {
    return new FoldedRecord(event, key, 0, 0, -1);
  }

  /** Whether the record was folded into its key's state. */
  public boolean folded() {
    return count > 0;
  }

  /** The version of the key's state after this record: its count. */
  public long version() {
    return count;
  }
}
