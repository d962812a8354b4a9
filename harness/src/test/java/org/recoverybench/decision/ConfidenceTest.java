package org.recoverybench.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfidenceTest {
  @Test
  void theExactBoundForZeroFailuresIsOneMinusTheFifthPercentileRoot() {
    assertThat(Confidence.upperBoundWithNoFailure(1)).isCloseTo(0.95, within(1e-12));
    assertThat(Confidence.upperBoundWithNoFailure(3)).isCloseTo(0.63160, within(1e-5));
    assertThat(Confidence.upperBoundWithNoFailure(5)).isCloseTo(0.45072, within(1e-5));
    assertThat(Confidence.upperBoundWithNoFailure(30)).isCloseTo(0.09503, within(1e-5));
  }

  @Test
  void theRuleOfThreeApproachesTheExactBoundForManyTrials() {
    assertThat(Confidence.ruleOfThree(3)).isEqualTo(1.0);
    assertThat(Confidence.ruleOfThree(30)).isCloseTo(0.1, within(1e-12));
    assertThat(Confidence.ruleOfThree(300) - Confidence.upperBoundWithNoFailure(300))
        .isBetween(0.0, 0.0002);
  }

  @Test
  void noTrialsIsRefused() {
    assertThatThrownBy(() -> Confidence.upperBoundWithNoFailure(0))
        .hasMessage("trials must be at least 1, not 0");
  }

  @Test
  void aCellBoundsItsLossRateOnlyWhenNoTrialLost() {
    FaultClass c = FaultClass.byId("worker-loss").orElseThrow();
    Option o = Options.DEFAULT.byId("flink-exactly-once").orElseThrow();
    TrialOutcome ok = new TrialOutcome(0, 0, 5_000L, EngineState.RUNNING, null);
    TrialOutcome lost = new TrialOutcome(3, 0, 5_000L, EngineState.RUNNING, null);
    assertThat(new Cell(c, o, java.util.List.of(ok, ok, ok), null).lossRateBound())
        .isCloseTo(0.63160, within(1e-5));
    assertThat(new Cell(c, o, java.util.List.of(ok, lost), null).lossRateBound()).isNull();
    assertThat(new Cell(c, o, java.util.List.of(TrialOutcome.failed("x")), null).lossRateBound())
        .isNull();
  }
}
