package org.recoverybench.contract;

/**
 * The payload a key's state carries in the stateful pipeline ({@code workload.state_bytes}), the
 * same on both engines: bytes of a xorshift sequence seeded by the key. They do not compress, so a
 * checkpoint carries the state's size and not what a compressor makes of it, and a key's payload
 * can be made again from the key alone (a state restored from {@code sink_state} gets it back).
 */
public final class StatePayload {
  private StatePayload() {}

  /** {@code bytes} bytes of a xorshift sequence seeded by {@code key}. */
  public static byte[] of(long key, int bytes) {
    byte[] b = new byte[bytes];
    long x = key * 0x9E3779B97F4A7C15L + 1;
    for (int i = 0; i < bytes; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      b[i] = (byte) x;
    }
    return b;
  }
}
