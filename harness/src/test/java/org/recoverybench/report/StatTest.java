package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatTest {
  @Test
  void medianOfAnOddCountIsTheMiddleValueWithTheRange() {
    Stat s = Stat.of(List.of(2473L, 2449L, 2461L));
    assertThat(s).isEqualTo(new Stat(2461L, 2449L, 2473L, 3, 3));
    assertThat(s.format()).isEqualTo("2461 (2449–2473)");
  }

  @Test
  void medianOfAnEvenCountIsTheRoundedMeanOfTheMiddleTwo() {
    assertThat(Stat.of(List.of(1L, 2L)).median()).isEqualTo(2L);
    assertThat(Stat.of(List.of(10L, 20L, 30L, 41L)).median()).isEqualTo(25L);
  }

  @Test
  void equalValuesShowOnceAndMissingOnesAreCounted() {
    assertThat(Stat.of(List.of(0L, 0L, 0L)).format()).isEqualTo("0");
    Stat partial = Stat.of(Arrays.asList(12_200L, null, 13_000L));
    assertThat(partial.seconds()).isEqualTo("12.6 (12.2–13.0) [2 of 3] s");
    assertThat(Stat.of(Arrays.asList(null, null)).format()).isEqualTo("none (0 of 2)");
    assertThat(Stat.of(List.of()).format()).isEqualTo("–");
  }

  @Test
  void bytesAreShownInKib() {
    assertThat(Stat.of(List.of(109_393L)).kib()).isEqualTo("107 KiB");
  }
}
