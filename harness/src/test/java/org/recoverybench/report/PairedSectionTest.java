package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The paired comparisons on hand-written trials with exact figures. */
class PairedSectionTest {

  private static ReportModel.Trial kill(
      String scenario, String engine, String variant, String sink, int trial, long ms, long dup) {
    return Trials.of(scenario, engine, variant, sink)
        .trial(trial)
        .harm(0, dup)
        .fault(scenario, ms)
        .trialData(List.of());
  }

  /**
   * Flink exactly-once: TaskManager kills recovering in 12.7, 21.5, 20.6 s and JobManager kills in
   * 42.6, 48.2, 39.1 s. Spark getOrCreate (append): executor kills in 10.8 and 12.3 s, driver kills
   * in 8.2, 10.6, 14.4 s writing 2417, 2469, 2390 ids twice. Spark as written: a driver kill
   * between batches only (a class with no Flink counterpart, so in no pair).
   */
  static ReportModel model() {
    List<ReportModel.Trial> t = new ArrayList<>();
    long[] tm = {12_700, 21_500, 20_600};
    long[] jm = {42_600, 48_200, 39_100};
    long[] drv = {8_200, 10_600, 14_400};
    long[] dup = {2417, 2469, 2390};
    for (int i = 0; i < 3; i++) {
      t.add(kill("kill-taskmanager", "flink", "datastream", "exactly-once", i + 1, tm[i], 0));
      t.add(kill("kill-jobmanager", "flink", "datastream", "exactly-once", i + 1, jm[i], 0));
      t.add(kill("kill-driver", "spark", "recoverable", "append", i + 1, drv[i], dup[i]));
    }
    t.add(kill("kill-executor", "spark", "recoverable", "append", 1, 10_800, 0));
    t.add(kill("kill-executor", "spark", "recoverable", "append", 2, 12_300, 0));
    t.add(kill("kill-driver-between-batches", "spark", "as-written", "append", 1, 17_100, 0));
    return Trials.model(t);
  }

  @Test
  void eachPairSetsTheEnginesFaultsSideBySide() {
    List<PairedSection.Pair> pairs = PairedSection.pairs(GridModel.of(model()));
    assertThat(pairs)
        .extracting(p -> p.faultClass().id())
        .containsExactly("worker-loss", "coordinator-loss");
    assertThat(pairs.get(0).sides())
        .extracting(PairedSection.Side::fault)
        .containsExactly("kill-taskmanager", "kill-executor");
    assertThat(pairs.get(1).sides())
        .extracting(PairedSection.Side::fault)
        .containsExactly("kill-jobmanager", "kill-driver");
    // as written ran neither class: named as not run in both, drawn in neither
    assertThat(pairs.get(0).notRun()).extracting(o -> o.id()).containsExactly("spark-as-written");
    assertThat(pairs.get(1).notRun()).extracting(o -> o.id()).containsExactly("spark-as-written");
  }

  @Test
  void theTablesGiveEveryTrialAndTheMedianOfOneFaultOnly() {
    List<PairedSection.Pair> pairs = PairedSection.pairs(GridModel.of(model()));
    assertThat(PairedSection.rows(pairs.get(0)))
        .containsExactly(
            List.of(
                "Flink, exactly-once sink",
                "`kill-taskmanager`",
                "3",
                "12.7, 21.5, 20.6",
                "20.6 (12.7–21.5) s",
                "0, 0, 0",
                "0",
                "0, 0, 0",
                "0"),
            List.of(
                "Spark DStream with getOrCreate, append",
                "`kill-executor`",
                "2",
                "10.8, 12.3",
                "11.6 (10.8–12.3) s",
                "0, 0",
                "0",
                "0, 0",
                "0"));
    assertThat(PairedSection.rows(pairs.get(1)))
        .containsExactly(
            List.of(
                "Flink, exactly-once sink",
                "`kill-jobmanager`",
                "3",
                "42.6, 48.2, 39.1",
                "42.6 (39.1–48.2) s",
                "0, 0, 0",
                "0",
                "0, 0, 0",
                "0"),
            List.of(
                "Spark DStream with getOrCreate, append",
                "`kill-driver`",
                "3",
                "8.2, 10.6, 14.4",
                "10.6 (8.2–14.4) s",
                "0, 0, 0",
                "0",
                "2417, 2469, 2390",
                "2417 (2390–2469)"));
    assertThat(PairedSection.header())
        .containsExactly(
            "option",
            "fault",
            "trials",
            "first write after the fault, each trial (s)",
            "first write after the fault: median (min–max)",
            "ids lost, each trial",
            "ids lost: median (min–max)",
            "ids duplicated, each trial",
            "ids duplicated: median (min–max)");
  }

  @Test
  void theReportDrawsEveryTrialAsADotAndNeverPoolsUnlikeFaults() {
    Doc d = Report.build(model());
    String md = d.markdown();
    assertThat(md)
        .contains("## Paired comparisons")
        .contains("![Every trial of worker loss (TaskManager ↔ executor), per option]")
        .contains("(charts/paired-worker-loss.svg)")
        .contains("(charts/paired-coordinator-loss.svg)")
        .contains("No completed trial of this class: Spark DStream as written.");
    // Flink's two kills pooled would read 31.6 (12.7–48.2) s: neither the key findings nor any
    // table may print it
    assertThat(md).doesNotContain("12.7–48.2").doesNotContain("31.6 (");
    assertThat(md)
        .contains(
            // no run.json: the scenarios in alphabetical order
            "first write after `kill-jobmanager` 42.6 (39.1–48.2) s, `kill-taskmanager` 20.6"
                + " (12.7–21.5) s.");

    String worker = svg(d, "charts/paired-worker-loss.svg");
    String coordinator = svg(d, "charts/paired-coordinator-loss.svg");
    // three panels (recovery, lost, duplicated), one dot per trial in each: 3 + 2 trials
    assertThat(dots(worker)).isEqualTo(3 * (3 + 2));
    assertThat(dots(coordinator)).isEqualTo(3 * (3 + 3));
    assertThat(worker).contains("Flink, exactly-once sink (kill-taskmanager)");
    assertThat(worker).doesNotContain("kill-jobmanager");
    // Okabe-Ito: Flink exactly-once is the first column (blue), getOrCreate append the second
    assertThat(worker).contains("rgb(0,114,178)").contains("rgb(230,159,0)");
  }

  private static String svg(Doc d, String file) {
    return d.blocks().stream()
        .filter(b -> b instanceof Doc.Image i && i.file().equals(file))
        .map(b -> ((Doc.Image) b).svg())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no chart " + file));
  }

  /** The dots of a chart: its only curved paths (JFreeSVG draws a circle as four curves). */
  private static int dots(String svg) {
    Matcher m = Pattern.compile("<path d='M[^']*C").matcher(svg);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
