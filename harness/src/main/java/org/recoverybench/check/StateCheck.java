package org.recoverybench.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Whether the state a stateful pipeline kept is right after all faults: for each key, its final
 * count and sum against what was produced for it.
 *
 * <p>Record {@code id} carries key {@code id % keys} and adds {@code id} to its key's sum, so the
 * expected state of every key follows from the produced ids alone: the ids the broker acknowledged,
 * {@code 0..produced-1}, plus any written whose acknowledgement never reached the producer.
 *
 * <ul>
 *   <li>an <b>over-count</b> (the count above the expected) is a replay folded into the state
 *       twice;
 *   <li>an <b>under-count</b> (below it, or no state at all for a key that had records) is a loss;
 *   <li>a <b>wrong sum</b> with the right count is both at once: one record folded twice and
 *       another never.
 * </ul>
 *
 * @param keys the workload's number of distinct keys
 * @param keysExpected keys that should have state (at least one record)
 * @param keysWithState keys the sink holds state for
 * @param overCounted keys whose count is above the expected
 * @param underCounted keys whose count is below the expected, missing state included
 * @param wrongSum keys whose count is right and whose sum is not
 * @param worst the keys furthest off, worst first (by the count's difference, then the key)
 */
public record StateCheck(
    long keys,
    long keysExpected,
    long keysWithState,
    long overCounted,
    long underCounted,
    long wrongSum,
    List<KeyExample> worst) {

  /** How many worst keys a result keeps. */
  public static final int EXAMPLES = 5;

  /** Keys whose state is wrong in any way. */
  public long wrongKeys() {
    return overCounted + underCounted + wrongSum;
  }

  /** The state the sink holds for one key. */
  public record KeyState(long key, long count, long sum) {}

  /** One wrong key: what it should hold and what it holds. */
  public record KeyExample(long key, long expectedCount, long count, long expectedSum, long sum) {
    long countOff() {
      return Math.abs(count - expectedCount);
    }
  }

  /** The number of ids in {@code 0..produced-1} that carry {@code key}. */
  public static long expectedCount(long key, long keys, long produced) {
    return key >= produced ? 0 : (produced - 1 - key) / keys + 1;
  }

  /** The sum of the ids in {@code 0..produced-1} that carry {@code key}. */
  public static long expectedSum(long key, long keys, long produced) {
    long n = expectedCount(key, keys, produced);
    // key + (key + keys) + ... + (key + (n - 1) * keys)
    return n * key + keys * (n * (n - 1) / 2);
  }

  /**
   * Checks the state of every key, walking the keys and the sink's state side by side (so 10^7 keys
   * need no map of them).
   *
   * @param keys the workload's number of distinct keys
   * @param produced the acknowledged ids, {@code 0..produced-1}
   * @param writtenUnacknowledged ids at or above {@code produced} that were written (so they are in
   *     Kafka and belong in the state), usually none
   * @param actual the state the sink holds, one entry per key, in ascending key order
   */
  public static StateCheck check(
      long keys, long produced, Collection<Long> writtenUnacknowledged, Iterator<KeyState> actual) {
    if (keys <= 0) {
      throw new IllegalArgumentException("keys must be positive, got " + keys);
    }
    // the few ids beyond the acknowledged ones, folded into their keys' expected state
    Map<Long, long[]> extra = new HashMap<>();
    for (long id : writtenUnacknowledged) {
      if (id >= produced) {
        long[] cs = extra.computeIfAbsent(id % keys, k -> new long[2]);
        cs[0]++;
        cs[1] += id;
      }
    }
    Tally t = new Tally();
    KeyState next = actual.hasNext() ? actual.next() : null;
    long previous = Long.MIN_VALUE;
    for (long k = 0; k < keys; k++) {
      // state for keys below this one that no record carries (below 0): all over-counted
      while (next != null && next.key() < k) {
        previous = ordered(previous, next.key());
        t.stray(next);
        next = actual.hasNext() ? actual.next() : null;
      }
      KeyState s = null;
      if (next != null && next.key() == k) {
        previous = ordered(previous, k);
        s = next;
        t.withState++;
        next = actual.hasNext() ? actual.next() : null;
      }
      long[] e = extra.getOrDefault(k, NONE);
      t.compare(
          k, expectedCount(k, keys, produced) + e[0], expectedSum(k, keys, produced) + e[1], s);
    }
    while (next != null) {
      previous = ordered(previous, next.key());
      t.stray(next);
      next = actual.hasNext() ? actual.next() : null;
    }
    List<KeyExample> out = new ArrayList<>(t.worst);
    out.sort(
        Comparator.comparingLong(KeyExample::countOff)
            .reversed()
            .thenComparingLong(KeyExample::key));
    return new StateCheck(
        keys, t.expectedKeys, t.withState, t.over, t.under, t.wrongSum, List.copyOf(out));
  }

  private static final long[] NONE = new long[2];

  private static long ordered(long previous, long key) {
    if (key <= previous) {
      throw new IllegalArgumentException(
          "the state must come in ascending key order, one entry per key: "
              + key
              + " after "
              + previous);
    }
    return key;
  }

  /** The counts of one check as it walks the keys. */
  private static final class Tally {
    long expectedKeys;
    long withState;
    long over;
    long under;
    long wrongSum;
    final PriorityQueue<KeyExample> worst =
        new PriorityQueue<>(
            Comparator.comparingLong(KeyExample::countOff)
                .thenComparing(Comparator.comparingLong(KeyExample::key).reversed()));

    /** State for a key that no record carries: all of it is over-counted. */
    void stray(KeyState s) {
      withState++;
      over++;
      offer(worst, new KeyExample(s.key(), 0, s.count(), 0, s.sum()));
    }

    void compare(long key, long count, long sum, KeyState s) {
      if (count > 0) {
        expectedKeys++;
      }
      long c = s == null ? 0 : s.count();
      long su = s == null ? 0 : s.sum();
      if (c == count && su == sum) {
        return;
      }
      if (c > count) {
        over++;
      } else if (c < count) {
        under++;
      } else {
        wrongSum++;
      }
      offer(worst, new KeyExample(key, count, c, sum, su));
    }
  }

  private static void offer(PriorityQueue<KeyExample> worst, KeyExample e) {
    worst.add(e);
    if (worst.size() > EXAMPLES) {
      worst.poll(); // the least off goes
    }
  }
}
