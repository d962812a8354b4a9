package org.recoverybench.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCostTest {
  @Test
  void aKilledProcessKeepsItsCpuAndTheReplacementAddsItsOwn() {
    ProcessCost c = new ProcessCost();
    // a JobManager (pid 10) and a TaskManager (pid 11)
    assertThat(
            c.read(
                Map.of(10L, new long[] {1_000, 300_000_000}, 11L, new long[] {2_000, 500_000_000})))
        .isEqualTo(new ProcessCost.Reading(3_000, 800_000_000, 2));
    assertThat(
            c.read(
                Map.of(10L, new long[] {1_500, 310_000_000}, 11L, new long[] {4_000, 520_000_000})))
        .isEqualTo(new ProcessCost.Reading(5_500, 830_000_000, 2));
    // the TaskManager is killed; its replacement (pid 12) starts
    assertThat(
            c.read(
                Map.of(10L, new long[] {1_600, 310_000_000}, 12L, new long[] {700, 200_000_000})))
        .isEqualTo(new ProcessCost.Reading(6_300, 510_000_000, 2));
    assertThat(c.totalCpuMs()).isEqualTo(6_300);
    assertThat(c.peakRssBytes()).isEqualTo(830_000_000);
    assertThat(c.peakProcesses()).isEqualTo(2);
  }

  @Test
  void aPidGoneBetweenTheListingAndTheReadingIsNotCountedLive() {
    ProcessCost c = new ProcessCost();
    assertThat(c.read(Map.of(20L, new long[] {-1, -1}, 21L, new long[] {900, 100})))
        .isEqualTo(new ProcessCost.Reading(900, 100, 1));
    assertThat(c.peakProcesses()).isEqualTo(1);
  }
}
