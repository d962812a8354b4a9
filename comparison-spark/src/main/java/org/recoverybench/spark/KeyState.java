package org.recoverybench.spark;

import java.io.Serializable;
import org.recoverybench.contract.StatePayload;

/**
 * One key's state in the stateful pipeline ({@code --keys}): the running count and sum of the ids
 * folded into it, the last id folded, and {@code --state-bytes} of payload (the same bytes the
 * Flink job's keyed state holds, {@link StatePayload}). The version of a state is its count: each
 * fold makes the next one.
 *
 * <p>A state is never changed once made: {@link #fold} makes a new one. Spark's state maps of
 * earlier batches share their values with the later ones, and a task computed again from an earlier
 * batch's map must find it as it was.
 */
public final class KeyState implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long count;
  private final long sum;
  private final long lastEventId;
  private final byte[] payload;

  KeyState(long count, long sum, long lastEventId, byte[] payload) {
    this.count = count;
    this.sum = sum;
    this.lastEventId = lastEventId;
    this.payload = payload;
  }

  /** A key's state before its first record: nothing folded, and its payload. */
  public static KeyState empty(long key, int stateBytes) {
    return new KeyState(0, 0, -1, StatePayload.of(key, stateBytes));
  }

  /**
   * A key's state as {@code sink_state} holds it (the transactional variant starts from it): the
   * payload is made again from the key.
   */
  public static KeyState restored(
      long key, long count, long sum, long lastEventId, int stateBytes) {
    return new KeyState(count, sum, lastEventId, StatePayload.of(key, stateBytes));
  }

  /** This state with the record {@code eventId} folded in; this one is left as it was. */
  public KeyState fold(long eventId) {
    return new KeyState(count + 1, sum + eventId, eventId, payload);
  }

  public long count() {
    return count;
  }

  public long sum() {
    return sum;
  }

  public long lastEventId() {
    return lastEventId;
  }

  /** The version of this state: how many records it holds. */
  public long version() {
    return count;
  }

  /** The payload's size in bytes. */
  public int payloadBytes() {
    return payload.length;
  }

  byte[] payload() {
    return payload;
  }

  @Override
  public String toString() {
    return "KeyState[count=" + count + ", sum=" + sum + ", last=" + lastEventId + "]";
  }
}
