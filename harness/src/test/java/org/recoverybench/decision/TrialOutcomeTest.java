package org.recoverybench.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrialOutcomeTest {
  @Test
  void aDriverThatExitedHaltsAndItsUnwrittenIdsAreNotCountedAsLostForGood() {
    EngineState s =
        EngineState.atEnd(
            List.of(
                "driver_alive=false, driver_exit_code=1, driver_starts=1, failed_batch_jobs 0->1,"
                    + " checkpoint_write_errors=0, last_error=error: SparkException: Job aborted"));
    TrialOutcome t = new TrialOutcome(7_581, 0, null, s, null);
    assertThat(t.outcomes()).containsExactly(Outcome.HALTED);
    assertThat(s.detail()).isEqualTo("Spark driver exited");
  }

  @Test
  void aFlinkJobRestartingInALoopHalts() {
    EngineState s =
        EngineState.atEnd(
            List.of(
                "job_state=RESTARTING, job_submissions=1, restarts=0, checkpoints_completed=3,"
                    + " failures 0->16, last_exception=org.recoverybench.job.PoisonRecordException"));
    assertThat(new TrialOutcome(10_317, 0, null, s, null).outcomes())
        .containsExactly(Outcome.HALTED);
    assertThat(DecisionRules.stepFor(s.detail())).startsWith("the job restarts in a loop");
  }

  @Test
  void idsMissingFromARunningEngineThatReportedNothingAreSilentlySkipped() {
    // a kill has no behaviour record: the engine ran on after its restart
    TrialOutcome skipped = new TrialOutcome(2_445, 0, 21_800L, EngineState.atEnd(List.of()), null);
    assertThat(skipped.outcomes())
        .containsExactlyInAnyOrder(Outcome.SILENTLY_SKIPPED, Outcome.RECOVERED);
  }

  @Test
  void idsMissingFromARunningEngineThatReportedAFailureAreLostForGood() {
    EngineState s =
        EngineState.atEnd(
            List.of(
                "driver_alive=true, driver_starts 1->9, supervised_restarts 0->8, failed_batch_jobs 0->1,"
                    + " checkpoint_write_errors=0, last_error=error: PSQLException: Connection refused"));
    assertThat(s.halted()).isFalse();
    assertThat(s.reportedFailure()).isTrue();
    assertThat(new TrialOutcome(2_445, 0, 21_800L, s, null).outcomes())
        .containsExactlyInAnyOrder(Outcome.LOST_FOR_GOOD, Outcome.RECOVERED);
  }

  @Test
  void aRunningJobWithNoFailureThatDuplicatedIsDuplicatedAndRecovered() {
    EngineState s =
        EngineState.atEnd(
            List.of(
                "job_state=RUNNING, job_submissions=1, restarts=0, checkpoints_completed 3->10,"
                    + " checkpoints_failed=1, failures=0"));
    assertThat(s.reportedFailure()).isFalse();
    assertThat(new TrialOutcome(0, 2_372, 30_200L, s, null).outcomes())
        .containsExactlyInAnyOrder(Outcome.DUPLICATED, Outcome.RECOVERED);
  }

  @Test
  void aFailedTrialShowsOnlyThat() {
    assertThat(TrialOutcome.failed("drain timeout").outcomes())
        .containsExactly(Outcome.FAILED_TRIAL);
  }
}
