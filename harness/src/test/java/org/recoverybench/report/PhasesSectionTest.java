package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recoverybench.result.RecoveryPhases;
import org.recoverybench.result.TrialResult;

/** The table of recovery phases on hand-written kills: one table per engine, phases in order. */
class PhasesSectionTest {
  private static ReportModel.Trial kill(
      String scenario, String engine, String variant, String sink, TrialResult.FaultRecord f) {
    Trials t = Trials.of(scenario, engine, variant, sink).fault(f.type(), f.firstWriteMs());
    t.faults.set(0, f);
    return new ReportModel.Trial(t.build(), Path.of("."), List.of());
  }

  private static TrialResult.FaultRecord record(String type, Long firstWrite) {
    return new TrialResult.FaultRecord(type, "x", 42L, 20_000, 21_000L, firstWrite, firstWrite);
  }

  private static String markdown(List<ReportModel.Trial> trials) {
    Doc d = new Doc("t");
    PhasesSection.write(d, Trials.model(trials), "../docs/");
    return d.markdown();
  }

  @Test
  void eachKillIsARowOfItsEnginesTableWithThePhasesInTheOrderTheyCome() {
    TrialResult.FaultRecord tm =
        record("kill-taskmanager", 12_400L)
            .withPhases(
                RecoveryPhases.of(
                    "first_visible_write",
                    12_400,
                    "running",
                    9_800,
                    "detected",
                    1_650,
                    "restarting",
                    1_660,
                    "restored_checkpoint",
                    2_780,
                    "deployed",
                    8_500,
                    "first_checkpoint_after_restore",
                    null),
                2L);
    TrialResult.FaultRecord jm =
        record("kill-jobmanager", 30_000L)
            .withPhases(
                RecoveryPhases.of(
                    "resubmitted", 21_000, "running", 27_000, "first_visible_write", 30_000),
                null);
    TrialResult.FaultRecord driver =
        record("kill-driver", 9_000L)
            .withPhases(
                RecoveryPhases.of(
                    "restarted",
                    2_000,
                    "running",
                    7_100,
                    "first_batch",
                    6_900,
                    "first_visible_write",
                    9_000),
                null);
    String md =
        markdown(
            List.of(
                kill("kill-taskmanager", "flink", "datastream", "exactly-once", tm),
                kill("kill-jobmanager", "flink", "datastream", "exactly-once", jm),
                kill("kill-driver", "spark", "recoverable", "append", driver),
                // a result from before the phases: no row
                kill(
                    "kill-driver",
                    "spark",
                    "transactional",
                    "exactly-once",
                    record("kill-driver", 8_000L))));
    assertThat(md).contains("## Recovery phases");
    assertThat(md)
        .contains(
            "| scenario | engine / variant / sink | trial | kill | detected | restarting |"
                + " resubmitted | restored checkpoint | deployed | running |"
                + " first checkpoint after restore | first visible write |")
        .contains(
            "| kill-taskmanager | flink / datastream / exactly-once | 1 | kill-taskmanager | 1650 |"
                + " 1660 | n/a | 2780 (chk 2) | 8500 | 9800 | – | 12400 |")
        .contains(
            "| kill-jobmanager | flink / datastream / exactly-once | 1 | kill-jobmanager | n/a |"
                + " n/a | 21000 | n/a | n/a | 27000 | n/a | 30000 |");
    assertThat(md)
        .contains(
            "| scenario | engine / variant / sink | trial | kill | restarted | running |"
                + " first batch | first visible write |")
        .contains(
            "| kill-driver | spark / recoverable / append | 1 | kill-driver | 2000 | 7100 | 6900 |"
                + " 9000 |")
        .doesNotContain("spark / transactional");
    assertThat(md).contains("[What is measured](../docs/design.md#what-is-measured)");
  }

  @Test
  void resultsWithoutPhasesGiveNoSection() {
    String md =
        markdown(
            List.of(
                kill(
                    "kill-taskmanager",
                    "flink",
                    "datastream",
                    "exactly-once",
                    record("kill-taskmanager", 12_000L))));
    assertThat(md).doesNotContain("Recovery phases");
  }
}
