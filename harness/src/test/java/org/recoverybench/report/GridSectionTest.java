package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recoverybench.decision.FaultClass;
import org.recoverybench.decision.Option;
import org.recoverybench.decision.Options;
import org.recoverybench.result.TrialResult;

class GridSectionTest {
  private static Trials with(Trials t, String behaviour) {
    TrialResult.FaultRecord f = t.faults.remove(0);
    t.faults.add(
        new TrialResult.FaultRecord(
            f.type(),
            f.role(),
            f.pid(),
            f.startedAtMs(),
            f.stoppedAtMs(),
            f.firstWriteMs(),
            f.lagBaselineMs(),
            "x",
            behaviour));
    return t;
  }

  /**
   * Flink exactly-once: three clean TaskManager kills. Spark as written: three driver kills with
   * duplicates, one executor kill that skipped 5 ids, one database outage after which the driver
   * was gone.
   */
  static ReportModel model() {
    List<ReportModel.Trial> t = new ArrayList<>();
    long[] rec = {10_000, 14_000, 12_000};
    for (int i = 0; i < 3; i++) {
      t.add(
          Trials.of("kill-taskmanager", "flink", "datastream", "exactly-once")
              .trial(i + 1)
              .fault("kill-taskmanager", rec[i])
              .trialData(List.of()));
      t.add(
          Trials.of("kill-driver", "spark", "as-written", "append")
              .trial(i + 1)
              .harm(0, 100 * (i + 1))
              .fault("kill-driver", 8_000L)
              .trialData(List.of()));
    }
    t.add(
        Trials.of("kill-executor", "spark", "as-written", "append")
            .harm(5, 0)
            .fault("kill-executor", 3_000L)
            .trialData(List.of()));
    t.add(
        with(
                Trials.of("db-outage", "spark", "as-written", "append")
                    .harm(40, 0)
                    .fault("db-outage", null),
                "driver_alive=false, driver_exit_code=1, failed_batch_jobs 0->1")
            .trialData(List.of()));
    return Trials.model(t);
  }

  @Test
  void eachCellHoldsMediansRangesCountsAndTheBoundWithAMarker() {
    GridModel g = GridModel.of(model());
    Option flink = Options.DEFAULT.byId("flink-exactly-once").orElseThrow();
    Option spark = Options.DEFAULT.byId("spark-as-written").orElseThrow();
    assertThat(g.grid().columns()).containsExactly(flink, spark);
    assertThat(g.grid().rows().stream().map(FaultClass::id))
        .containsExactly("worker-loss", "coordinator-loss", "db-outage");
    FaultClass worker = g.grid().rows().get(0);
    FaultClass coordinator = g.grid().rows().get(1);
    FaultClass db = g.grid().rows().get(2);
    assertThat(GridSection.text(g.grid().cell(worker, flink)))
        .isEqualTo(
            "**✓ CLEAN** · 3 trials · lost 0 · duplicated 0 · halted 0 of 3 · silently skipped 0"
                + " of 3 · first write 12.0 (10.0–14.0) s · loss rate < 63% (95%)");
    assertThat(GridSection.text(g.grid().cell(coordinator, spark)))
        .isEqualTo(
            "**◆ DUPLICATES** · 3 trials · lost 0 · duplicated 200 (100–300) · halted 0 of 3 ·"
                + " silently skipped 0 of 3 · first write 8.0 s · loss rate < 63% (95%)");
    assertThat(GridSection.text(g.grid().cell(worker, spark)))
        .isEqualTo(
            "**✗ LOSS** · 1 trial · lost 5 · duplicated 0 · halted 0 of 1 · silently skipped 1"
                + " of 1 · first write 3.0 s");
    assertThat(GridSection.text(g.grid().cell(db, spark)))
        .isEqualTo(
            "**■ HALT** · 1 trial · lost 40 · duplicated 0 · halted 1 of 1 · silently skipped 0"
                + " of 1 · first write – · loss rate < 95% (95%)");
    assertThat(GridSection.text(g.grid().cell(db, flink))).isEqualTo("– not run");
    assertThat(GridSection.mark(g.grid().cell(db, flink)).css).isEqualTo("g-none");
    assertThat(GridSection.mark(g.grid().cell(worker, spark)).css).isEqualTo("g-loss");
  }

  @Test
  void aClassAnEngineHasNotIsNotApplicableWithItsReason() {
    List<ReportModel.Trial> t = new ArrayList<>();
    model().groups().forEach(gr -> t.addAll(gr.trials()));
    t.add(
        Trials.of("kill-driver-between-batches", "spark", "as-written", "append")
            .fault("kill-driver", 8_000L)
            .trialData(List.of()));
    GridModel g = GridModel.of(Trials.model(t));
    FaultClass between = FaultClass.byId("coordinator-loss-between-batches").orElseThrow();
    Option flink = Options.DEFAULT.byId("flink-exactly-once").orElseThrow();
    assertThat(GridSection.text(g.grid().cell(between, flink)))
        .startsWith("n/a: Flink has no batches");
  }

  @Test
  void theHtmlColoursEachCellAndTheMarkdownHasTheSameTableWithoutColour() {
    Doc d = new Doc("t");
    GridSection.write(d, GridModel.of(model()));
    String md = d.markdown();
    assertThat(md)
        .contains(
            "| fault class | Flink, exactly-once sink | Spark DStream as written |\n|---|---|---|\n")
        .contains("| worker loss (TaskManager ↔ executor) | **✓ CLEAN** · 3 trials ·")
        .doesNotContain("g-clean");
    String html = d.html(Report.verdictCss());
    assertThat(html)
        .contains("<div class=\"table-wrap\">\n<table class=\"grid\">")
        .contains("<td class=\"g-clean\"><strong>✓ CLEAN</strong><br>3 trials<br>lost 0<br>")
        .contains("<td class=\"g-loss\"><strong>✗ LOSS</strong>")
        .contains("<td class=\"g-none\">– not run</td>");
  }
}
