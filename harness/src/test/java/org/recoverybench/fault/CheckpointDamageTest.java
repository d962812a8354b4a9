package org.recoverybench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckpointDamageTest {
  @Test
  void corruptInvertsSixtyFourBytesFromTheMiddleAndKeepsTheLength() {
    byte[] in = new byte[200];
    byte[] out = CheckpointDamage.corrupt(in);
    assertThat(out).hasSize(200);
    for (int i = 0; i < 200; i++) {
      assertThat(out[i]).as("byte %d", i).isEqualTo(i >= 100 && i < 164 ? (byte) -1 : (byte) 0);
    }
    assertThat(in).containsOnly((byte) 0);
  }

  @Test
  void corruptOfAShortFileInvertsItsSecondHalf() {
    byte[] out = CheckpointDamage.corrupt(new byte[] {0, 0, 0, 0});
    assertThat(out).containsExactly(0, 0, -1, -1);
  }

  @Test
  void truncateKeepsTheFirstHalf() {
    assertThat(CheckpointDamage.truncate(new byte[] {1, 2, 3, 4, 5})).containsExactly(1, 2);
  }
}
