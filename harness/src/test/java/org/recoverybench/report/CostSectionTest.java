package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recoverybench.decision.Options;
import org.recoverybench.result.TrialCost;

/** The cost table on hand-written trials: medians, ranges, units, and trials without a cost. */
class CostSectionTest {

  private static final long MIB = 1024L * 1024L;

  private static ReportModel.Trial trial(
      String scenario, String engine, String variant, String sink, int n, TrialCost cost) {
    Trials t = Trials.of(scenario, engine, variant, sink).trial(n);
    return new ReportModel.Trial(
        cost == null ? t.build() : t.build().withCost(cost), Path.of("."), List.of());
  }

  @Test
  void eachOptionGetsTheMedianAndRangeOfItsBaselineTrialsInSecondsAndMiB() {
    ReportModel m =
        Trials.model(
            List.of(
                trial(
                    "baseline",
                    "flink",
                    "datastream",
                    "exactly-once",
                    1,
                    new TrialCost(90_000, 700 * MIB, 2, 6_000.0, 900L, 3_600.0)),
                trial(
                    "baseline",
                    "flink",
                    "datastream",
                    "exactly-once",
                    2,
                    new TrialCost(80_000, 820 * MIB, 2, 5_333.3, 1_000L, 4_000.0)),
                trial(
                    "baseline",
                    "flink",
                    "datastream",
                    "exactly-once",
                    3,
                    new TrialCost(100_000, 760 * MIB, 3, 6_666.7, 1_100L, 4_400.0)),
                // a fault trial of the same option: not measured on, the baseline has a cost
                trial(
                    "kill-taskmanager",
                    "flink",
                    "datastream",
                    "exactly-once",
                    1,
                    new TrialCost(900_000, 4_000 * MIB, 9, 60_000.0, 1L, 1.0)),
                // Spark recoverable has no baseline: its two fault trials, one from before costs
                trial(
                    "kill-driver",
                    "spark",
                    "recoverable",
                    "append",
                    1,
                    new TrialCost(30_000, 512 * MIB, 1, 2_000.0, null, null)),
                trial("kill-driver", "spark", "recoverable", "append", 2, null),
                // an older result: no cost at all
                trial("baseline", "spark", "transactional", "exactly-once", 1, null)));
    List<List<String>> rows = CostSection.rows(m, Options.DEFAULT);
    assertThat(rows)
        .containsExactly(
            List.of(
                "Flink, exactly-once sink",
                "baseline, 3 trials",
                "6.00 s (5.33–6.67)",
                "760 MiB (700–820)",
                "2 (2–3)",
                "4000 (3600–4400)"),
            List.of(
                "Spark DStream, offsets stored with the rows",
                "baseline, 1 trial",
                "not measured",
                "not measured",
                "not measured",
                "not measured"),
            List.of(
                "Spark DStream with getOrCreate, append",
                "kill-driver, 2 trials",
                "2.00 s [1 of 2]",
                "512 MiB [1 of 2]",
                "1 [1 of 2]",
                "not measured"));
  }

  @Test
  void theSectionIsWrittenWithItsHeadingAndAnEvenMedianIsTheMeanOfTheMiddleTwo() {
    ReportModel m =
        Trials.model(
            List.of(
                trial(
                    "baseline",
                    "spark",
                    "as-written",
                    "append",
                    1,
                    new TrialCost(1, 100 * MIB, 4, 1_000.0, 10L, 7_000.0)),
                trial(
                    "baseline",
                    "spark",
                    "as-written",
                    "append",
                    2,
                    new TrialCost(1, 300 * MIB, 4, 2_000.0, 20L, 8_000.0))));
    Doc d = new Doc("r");
    CostSection.write(d, m);
    assertThat(d.markdown())
        .contains("## Cost")
        .contains(
            "| Spark DStream as written | baseline, 2 trials | 1.50 s (1.00–2.00) | 200 MiB"
                + " (100–300) | 4 | 7500 (7000–8000) |");
  }
}
