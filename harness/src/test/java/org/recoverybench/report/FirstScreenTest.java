package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's first screen on hand-written results whose answer is clear. */
class FirstScreenTest {
  /**
   * Flink exactly-once: clean under TaskManager and JobManager kills (3 trials each). Spark as
   * written: ids written twice under driver and executor kills. Spark transactional: clean, but
   * slower to write again.
   */
  static ReportModel clearCase() {
    List<ReportModel.Trial> t = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      t.add(tr("kill-taskmanager", "flink", "datastream", "exactly-once", i, 0, 6_000L + i));
      t.add(tr("kill-jobmanager", "flink", "datastream", "exactly-once", i, 0, 10_000L + i));
      t.add(tr("kill-executor", "spark", "as-written", "append", i, 300, 5_000L));
      t.add(tr("kill-driver", "spark", "as-written", "append", i, 2_000 + i, 15_000L));
      t.add(tr("kill-executor", "spark", "transactional", "exactly-once", i, 0, 9_000L));
      t.add(tr("kill-driver", "spark", "transactional", "exactly-once", i, 0, 20_000L));
    }
    Map<String, Object> run =
        Map.of(
            "command",
            "recoverybench compare --trials 3",
            "machine",
            Map.of("cores", 4, "memory_mib", 16000, "load_average_1m", 3.5));
    return ReportModel.of(run, t).withSources(List.of(new ReportModel.Source(null, run)));
  }

  private static ReportModel.Trial tr(
      String scenario, String engine, String variant, String sink, int n, long dup, Long rec) {
    return Trials.of(scenario, engine, variant, sink)
        .trial(n)
        .harm(0, dup)
        .fault(scenario, rec)
        .trialData(List.of());
  }

  private static List<String> firstScreen(String md) {
    String part = md.substring(md.indexOf("## " + FirstScreen.HEADING));
    part = part.substring(0, part.indexOf("\n\n", part.indexOf("\n- ")));
    return part.lines().toList();
  }

  @Test
  void resultsWithNoTrialOfOneFaultClassDecideNothing() {
    // a soak: each trial alternates kills of two classes, so no cell of the grid holds it
    List<ReportModel.Trial> t = new ArrayList<>();
    t.add(
        Trials.of("soak", "flink", "datastream", "exactly-once")
            .trial(1)
            .harm(0, 0)
            .fault("kill-taskmanager", 12_000L)
            .fault("kill-jobmanager", 23_000L)
            .trialData(List.of()));
    Map<String, Object> run = Map.of("command", "recoverybench run --scenario soak.yaml");
    String md = Report.build(ReportModel.of(run, t)).markdown();
    List<String> lines = firstScreen(md);
    assertThat(lines.get(2)).startsWith("- **No decision from these results**");
    assertThat(md).doesNotContain("No option is left").doesNotContain("is out: evidence");
  }

  @Test
  void theFirstScreenFitsTwelveLinesAndNamesTheRecommendedOption() {
    String md = Report.build(clearCase()).markdown();
    // the first screen comes right after the title
    assertThat(md)
        .startsWith(
            "# recoverybench: what happens to the data when the streaming job"
                + " fails\n\n## At a glance\n\n- **Recommended: Flink, exactly-once sink**");
    List<String> lines = firstScreen(md);
    assertThat(lines.size()).isLessThanOrEqualTo(FirstScreen.MAX_LINES);
    assertThat(lines)
        .contains(
            "- No id lost in 6 fault trials over 2 fault classes and none written twice: checkpoints"
                + " on S3 with RocksDB; rows become visible at each checkpoint.",
            "- First visible write 6.0 s after worker loss (TaskManager ↔ executor) over 3 trials,"
                + " 10.0 s after coordinator loss (JobManager ↔ driver), mid-batch over 3"
                + " trials.");
    assertThat(String.join("\n", lines))
        .contains("Spark DStream as written is out: duplicates: wrote ids twice under worker loss")
        .contains(
            "- Ahead of Spark DStream, offsets stored with the rows by the ranking rule (recovery"
                + " time, the worker and coordinator loss medians added: 16.0 s against 29.0 s).")
        .contains(
            "**Caveats**: one machine (4 cores, 16000 MiB, 1-minute load average 3.5 when"
                + " recorded) runs every engine and server; a single Kafka broker; the S3 server"
                + " (S3Proxy) on a local disk; 18 trials, 3 per cell of the grid.")
        .contains("as few as 3 clean trials of a fault class bound its loss rate only below 63%");
  }

  @Test
  void withoutAMachineLoadTheCaveatSaysUnknown() {
    Map<String, Object> run = Map.of("machine", Map.of("cores", 2, "memory_mib", 8000));
    ReportModel m =
        ReportModel.of(
                run,
                List.of(
                    tr("kill-taskmanager", "flink", "datastream", "exactly-once", 1, 0, 5_000L)))
            .withSources(List.of(new ReportModel.Source(null, run)));
    String md = Report.build(m).markdown();
    assertThat(firstScreen(md).size()).isLessThanOrEqualTo(FirstScreen.MAX_LINES);
    assertThat(md).contains("(2 cores, 8000 MiB, load unknown)");
  }
}
