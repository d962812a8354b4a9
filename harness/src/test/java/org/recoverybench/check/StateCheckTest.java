package org.recoverybench.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recoverybench.check.StateCheck.KeyExample;
import org.recoverybench.check.StateCheck.KeyState;

/**
 * The state checker on hand-written histories: 10 ids over 3 keys (key = id % 3, sum of ids),
 * folded right, folded twice (a replay), never folded (a loss), and both at once.
 */
class StateCheckTest {
  private static final long KEYS = 3;
  private static final long PRODUCED = 10; // ids 0..9

  /** The state a pipeline folds from these ids: count and sum per key, in key order. */
  private static List<KeyState> fold(long... ids) {
    long[] count = new long[(int) KEYS];
    long[] sum = new long[(int) KEYS];
    for (long id : ids) {
      count[(int) (id % KEYS)]++;
      sum[(int) (id % KEYS)] += id;
    }
    List<KeyState> out = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      if (count[k] > 0) {
        out.add(new KeyState(k, count[k], sum[k]));
      }
    }
    return out;
  }

  private static StateCheck check(List<KeyState> state) {
    return StateCheck.check(KEYS, PRODUCED, List.of(), state.iterator());
  }

  @Test
  void theExpectedStateFollowsFromTheProducedIds() {
    // key 0: 0, 3, 6, 9; key 1: 1, 4, 7; key 2: 2, 5, 8
    assertThat(StateCheck.expectedCount(0, KEYS, PRODUCED)).isEqualTo(4);
    assertThat(StateCheck.expectedSum(0, KEYS, PRODUCED)).isEqualTo(18);
    assertThat(StateCheck.expectedCount(1, KEYS, PRODUCED)).isEqualTo(3);
    assertThat(StateCheck.expectedSum(1, KEYS, PRODUCED)).isEqualTo(12);
    assertThat(StateCheck.expectedCount(2, KEYS, PRODUCED)).isEqualTo(3);
    assertThat(StateCheck.expectedSum(2, KEYS, PRODUCED)).isEqualTo(15);
    // fewer ids than keys: the keys above the last id have no records
    assertThat(StateCheck.expectedCount(5, 10, 3)).isZero();
    assertThat(StateCheck.expectedSum(5, 10, 3)).isZero();
    assertThat(StateCheck.expectedCount(2, 10, 3)).isEqualTo(1);
  }

  @Test
  void everyRecordFoldedOnceIsCorrect() {
    StateCheck c = check(fold(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    assertThat(c.wrongKeys()).isZero();
    assertThat(c.keysExpected()).isEqualTo(3);
    assertThat(c.keysWithState()).isEqualTo(3);
    assertThat(c.worst()).isEmpty();
  }

  @Test
  void aReplayFoldedTwiceIsAnOverCount() {
    // ids 6 and 9 (key 0) and 7 (key 1) folded again after a restore from an older checkpoint
    StateCheck c = check(fold(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 6, 9, 7));
    assertThat(c.overCounted()).isEqualTo(2);
    assertThat(c.underCounted()).isZero();
    assertThat(c.wrongSum()).isZero();
    assertThat(c.wrongKeys()).isEqualTo(2);
    assertThat(c.worst())
        .containsExactly(new KeyExample(0, 4, 6, 18, 33), new KeyExample(1, 3, 4, 12, 19));
  }

  @Test
  void aRecordNeverFoldedIsAnUnderCountAndAKeyWithoutStateToo() {
    // ids 2, 5 and 8 (all of key 2) and 4 (key 1) lost
    StateCheck c = check(fold(0, 1, 3, 6, 7, 9));
    assertThat(c.underCounted()).isEqualTo(2);
    assertThat(c.overCounted()).isZero();
    assertThat(c.keysWithState()).isEqualTo(2);
    assertThat(c.keysExpected()).isEqualTo(3);
    assertThat(c.worst())
        .containsExactly(new KeyExample(2, 3, 0, 15, 0), new KeyExample(1, 3, 2, 12, 8));
  }

  @Test
  void oneRecordTwiceAndAnotherNeverInOneKeyIsAWrongSum() {
    // key 0: 3 folded twice, 9 never: count right (4), sum 0+3+3+6 = 12 instead of 18
    StateCheck c = check(fold(0, 1, 2, 3, 3, 4, 5, 6, 7, 8));
    assertThat(c.wrongSum()).isEqualTo(1);
    assertThat(c.overCounted()).isZero();
    assertThat(c.underCounted()).isZero();
    assertThat(c.worst()).containsExactly(new KeyExample(0, 4, 4, 18, 12));
  }

  @Test
  void stateForAKeyNoRecordCarriesIsOverCounted() {
    List<KeyState> state = new ArrayList<>(fold(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    state.add(new KeyState(7, 1, 7));
    StateCheck c = check(state);
    assertThat(c.overCounted()).isEqualTo(1);
    assertThat(c.keysWithState()).isEqualTo(4);
    assertThat(c.worst()).containsExactly(new KeyExample(7, 0, 1, 0, 7));
  }

  @Test
  void idsWrittenWithoutAnAcknowledgementBelongInTheState() {
    // the producer stopped before id 10's acknowledgement came back, but id 10 was written
    List<KeyState> state = fold(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(StateCheck.check(KEYS, PRODUCED, List.of(10L), state.iterator()).wrongKeys())
        .isZero();
    assertThat(StateCheck.check(KEYS, PRODUCED, List.of(), state.iterator()).overCounted())
        .isEqualTo(1);
  }

  @Test
  void theWorstKeysAreCappedAndOrderedByHowFarOffTheyAre() {
    // 20 keys, ids 0..199 (10 per key); key k holds k extra records
    List<KeyState> state = new ArrayList<>();
    for (long k = 0; k < 20; k++) {
      state.add(new KeyState(k, 10 + k, StateCheck.expectedSum(k, 20, 200)));
    }
    StateCheck c = StateCheck.check(20, 200, List.of(), state.iterator());
    assertThat(c.overCounted()).isEqualTo(19);
    assertThat(c.worst()).hasSize(StateCheck.EXAMPLES);
    assertThat(c.worst()).extracting(KeyExample::key).containsExactly(19L, 18L, 17L, 16L, 15L);
  }

  @Test
  void stateOutOfKeyOrderIsRefused() {
    List<KeyState> state = List.of(new KeyState(1, 3, 12), new KeyState(0, 4, 18));
    assertThatThrownBy(() -> check(state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ascending key order");
  }
}
