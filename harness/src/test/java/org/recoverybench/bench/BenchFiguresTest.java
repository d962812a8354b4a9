package org.recoverybench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recoverybench.fault.Kill;
import org.recoverybench.result.BenchResult;

class BenchFiguresTest {
  private static List<Drain.Sample> samples(long[][] s) {
    return Arrays.stream(s).map(x -> new Drain.Sample(x[0], x[1])).toList();
  }

  @Test
  void rateRunsFromTheFirstVisibleRowsToTheTarget() {
    // nothing for 2 s (start-up), 1,000 rows at 3 s, 10,000 at 6 s: 9,000 rows in 3 s
    List<Drain.Sample> s =
        samples(new long[][] {{1000, 0}, {2000, 0}, {3000, 1000}, {4500, 5000}, {6000, 10000}});
    assertThat(Drain.rate(s, 10_000)).isEqualTo(3000.0);
  }

  @Test
  void rateOfCommitStepsCountsOnlyRowsAfterTheFirstStep() {
    // exactly-once: 40,000 rows visible at 5 s, 80,000 at 10 s, 100,000 at 15 s
    List<Drain.Sample> s =
        samples(new long[][] {{0, 0}, {5000, 40000}, {10000, 80000}, {15000, 100000}});
    assertThat(Drain.rate(s, 100_000)).isEqualTo(6000.0);
  }

  @Test
  void aDrainThatNeverReachedItsTargetHasNoRate() {
    List<Drain.Sample> s = samples(new long[][] {{0, 0}, {1000, 500}, {2000, 900}});
    assertThat(Drain.rate(s, 1000)).isNull();
    assertThat(Drain.rate(samples(new long[][] {{0, 0}, {1000, 0}}), 1000)).isNull();
  }

  private static BenchResult.Throughput flink(String mode, int p, double ratio) {
    return new BenchResult.Throughput(
        "flink",
        "datastream",
        mode,
        p,
        1000,
        1000,
        1000,
        1000,
        true,
        ratio * 1000,
        null,
        ratio,
        null,
        0,
        0,
        0,
        null,
        null,
        null,
        List.of(),
        java.util.Map.of());
  }

  @Test
  void goalsTakeEachModesBetterParallelismAndTheTaskManagerMedian() {
    List<BenchResult.Throughput> tp =
        List.of(
            flink("append", 1, 0.85),
            flink("append", 2, 0.93),
            flink("upsert", 1, 0.7),
            flink("upsert", 2, 0.89),
            flink("exactly-once", 1, 0.61));
    List<BenchResult.Recovery> rec =
        List.of(
            new BenchResult.Recovery(
                "kill-taskmanager",
                "flink/datastream/exactly-once",
                "bench-kill-taskmanager",
                5,
                List.of(4000L, 4500L, 5200L, 4100L, 6000L),
                4500.0,
                4000L,
                6000L,
                List.of(),
                0,
                0));
    List<BenchResult.Goal> g = BenchResult.goals(tp, rec, Kill.TASKMANAGER.name());
    assertThat(g).extracting(BenchResult.Goal::measured).containsExactly(0.93, 0.89, 0.61, 4500.0);
    assertThat(g).extracting(BenchResult.Goal::met).containsExactly(true, false, true, true);
  }

  @Test
  void anUnmeasuredGoalIsNeitherMetNorMissed() {
    List<BenchResult.Goal> g =
        BenchResult.goals(List.of(flink("append", 1, 0.95)), List.of(), Kill.TASKMANAGER.name());
    assertThat(g).extracting(BenchResult.Goal::met).containsExactly(true, null, null, null);
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(BenchResult.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(BenchResult.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    assertThat(BenchResult.median(List.of())).isNull();
  }

  @Test
  void aKillWithoutRecoveryCountsAsTheLongest() {
    java.util.List<Long> one = new java.util.ArrayList<>(List.of(3000L, 2000L, 4000L, 1000L));
    one.add(null);
    assertThat(BenchResult.medianCountingMissingAsLongest(one)).isEqualTo(3000.0);
    java.util.List<Long> three = new java.util.ArrayList<>(List.of(3000L, 2000L));
    three.add(null);
    three.add(null);
    three.add(null);
    assertThat(BenchResult.medianCountingMissingAsLongest(three)).isNull();
    assertThat(BenchResult.medianCountingMissingAsLongest(List.of(1000L, 2000L))).isEqualTo(1500.0);
  }
}
