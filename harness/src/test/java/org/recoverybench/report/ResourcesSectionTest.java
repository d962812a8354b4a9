package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcesSectionTest {
  /** A sample each 10 s for {@code minutes}, RSS rising 1 MiB a minute, storage flat at 2 MiB. */
  private static List<ReportModel.Sample> samples(int minutes) {
    List<ReportModel.Sample> out = new ArrayList<>();
    for (long t = 0; t <= minutes * 60_000L; t += 10_000) {
      long mib = 1024L * 1024;
      out.add(
          new ReportModel.Sample(
              t,
              t % 60_000 == 0 ? null : 5L,
              0,
              2 * mib,
              7L,
              t / 5_000,
              100 * mib + t / 60_000 * mib));
    }
    return out;
  }

  @Test
  void aLongTrialGetsOneRowPerFiveMinuteWindowWithItsMaximaAndKills() {
    Trials t =
        Trials.of("soak", "flink", "datastream", "exactly-once")
            .fault("kill-taskmanager", 5_000L); // started at 20 s
    ReportModel.Trial trial = t.trialData(samples(12));
    ReportModel m = Trials.model(List.of(trial));
    assertThat(ResourcesSection.isLong(trial)).isTrue();
    List<List<String>> rows = ResourcesSection.windows(m.groups().get(0), trial);
    // 0–5, 5–10 and 10–15 (the last holds minutes 10 to 12)
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0))
        .containsExactly(
            "soak", "flink / datastream / exactly-once", "1", "0–5", "104.0", "2.0", "7", "1");
    assertThat(rows.get(1).subList(3, 8)).containsExactly("5–10", "109.0", "2.0", "7", "0");
    assertThat(rows.get(2).subList(3, 8)).containsExactly("10–15", "112.0", "2.0", "7", "0");
  }

  @Test
  void shortTrialsAndHistoriesWithoutMemoryAreLeftOut() {
    Trials t = Trials.of("baseline", "flink", "datastream", "exactly-once");
    assertThat(ResourcesSection.isLong(t.trialData(samples(9)))).isFalse();
    List<ReportModel.Sample> old = new ArrayList<>();
    for (ReportModel.Sample s : samples(12)) {
      old.add(new ReportModel.Sample(s.tMs(), 0, 0, s.s3Bytes(), s.s3Objects(), 0));
    }
    assertThat(ResourcesSection.isLong(t.trialData(old))).isFalse();
    Doc d = new Doc("r");
    ResourcesSection.write(d, Trials.model(List.of(t.trialData(old))), List.of());
    assertThat(d.blocks()).isEmpty();
  }

  @Test
  void chartsOfLongTrialsAreThinnedToEveryKthPoint() {
    List<Integer> short900 = new ArrayList<>();
    for (int i = 0; i < Charts.MAX_POINTS; i++) {
      short900.add(i);
    }
    assertThat(Charts.thin(short900)).isSameAs(short900);
    List<Integer> soak = new ArrayList<>();
    for (int i = 0; i < 2_101; i++) {
      soak.add(i);
    }
    List<Integer> thinned = Charts.thin(soak);
    // k = ceil(2101 / 300) = 8: 0, 8, ..., 2096
    assertThat(thinned).hasSize(263).startsWith(0, 8, 16).endsWith(2_096);
  }
}
