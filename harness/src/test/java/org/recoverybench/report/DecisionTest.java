package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each target's figures over its scenarios, on hand-written results (for the key findings). */
class DecisionTest {

  private static ReportModel.Trial kill(
      String scenario, String engine, String variant, String sink, int trial, long lost, long dup) {
    Trials t = Trials.of(scenario, engine, variant, sink).trial(trial).harm(lost, dup);
    t.fault(scenario, 10_000L + trial * 1_000L);
    return t.trialData(List.of());
  }

  private static ReportModel.Trial baseline(String engine, String variant, String sink) {
    return Trials.of("baseline", engine, variant, sink).trialData(List.of());
  }

  @Test
  void eachTargetHoldsItsWorstHarmAndItsRecovery() {
    ReportModel m =
        Trials.model(
            List.of(
                baseline("flink", "datastream", "exactly-once"),
                kill("kill-taskmanager", "flink", "datastream", "exactly-once", 1, 0, 0),
                kill("kill-taskmanager", "flink", "datastream", "exactly-once", 2, 0, 0),
                kill("kill-driver", "spark", "recoverable", "append", 1, 0, 0),
                kill("kill-driver", "spark", "recoverable", "append", 2, 0, 816),
                kill("kill-driver", "spark", "as-written", "append", 1, 12, 0)));
    List<Decision.Option> options = Decision.options(m);
    assertThat(options)
        .extracting(Decision.Option::label)
        .containsExactly(
            "flink exactly-once", "spark as-written (append)", "spark recoverable (append)");
    Decision.Option flink = options.get(0);
    assertThat(flink.faultScenarios()).containsExactly("kill-taskmanager");
    assertThat(flink.faultTrials()).isEqualTo(2);
    assertThat(flink.recovery().get("kill-taskmanager").median()).isEqualTo(11_500L);
    assertThat(flink.baselineP50().median()).isEqualTo(900L);
    assertThat(options.get(1).maxLost()).isEqualTo(12);
    assertThat(options.get(2).maxDuplicated()).isEqualTo(816);
    assertThat(flink.clean()).isTrue();
    assertThat(options.get(1).clean()).isFalse();
    assertThat(options.get(2).clean()).isFalse();
  }

  @Test
  void recoveryIsOneFigurePerFaultNeverPooledAcrossUnlikeFaults() {
    Trials tm = Trials.of("kill-taskmanager", "flink", "datastream", "exactly-once");
    Trials jm = Trials.of("kill-jobmanager", "flink", "datastream", "exactly-once");
    ReportModel m =
        Trials.model(
            List.of(
                tm.fault("kill-taskmanager", 17_700L).trialData(List.of()),
                jm.fault("kill-jobmanager", 31_600L).trialData(List.of())));
    Decision.Option flink = Decision.options(m).get(0);
    assertThat(flink.recovery()).containsOnlyKeys("kill-taskmanager", "kill-jobmanager");
    assertThat(flink.recovery().get("kill-taskmanager").seconds()).isEqualTo("17.7 s");
    assertThat(flink.recovery().get("kill-jobmanager").seconds()).isEqualTo("31.6 s");

    Doc d = new Doc("t");
    KeyFindingsSection.write(d, Decision.options(m), List.of());
    String md = d.markdown();
    assertThat(md)
        .contains("first write after `kill-jobmanager` 31.6 s, `kill-taskmanager` 17.7 s.")
        .doesNotContain("24.6")
        .doesNotContain("17.7–31.6");
  }

  @Test
  void aTargetThatFacedNoFaultIsNotClean() {
    ReportModel m = Trials.model(List.of(baseline("flink", "datastream", "exactly-once")));
    Decision.Option o = Decision.options(m).get(0);
    assertThat(o.facedFaults()).isFalse();
    assertThat(o.faultTrials()).isZero();
    assertThat(o.clean()).isFalse();
  }

  @Test
  void severalCleanTargetsComeInTheReportsOrder() {
    ReportModel m =
        Trials.model(
            List.of(
                kill("kill-driver", "spark", "transactional", "exactly-once", 1, 0, 0),
                kill("kill-jobmanager", "flink", "datastream", "exactly-once", 1, 0, 0)));
    assertThat(Decision.options(m))
        .allMatch(Decision.Option::clean)
        .extracting(Decision.Option::target)
        // no run.json: scenarios alphabetically, so kill-driver's target comes first
        .containsExactly(
            "spark / transactional / exactly-once", "flink / datastream / exactly-once");
  }
}
