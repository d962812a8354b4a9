package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.recoverybench.decision.Option;
import org.recoverybench.decision.Options;
import org.recoverybench.result.TrialResult;

/** What an operator must do, read from the behaviour a trial's fault recorded. */
class OperationsSectionTest {
  private static final Option SPARK = Options.DEFAULT.byId("spark-as-written").orElseThrow();
  private static final Option UPSERT = Options.DEFAULT.byId("flink-upsert").orElseThrow();

  private static TrialResult trial(String behaviour, long lost, long dup) {
    Trials t = Trials.of("db-outage", "spark", "as-written", "append").harm(lost, dup);
    t.faults.add(
        new TrialResult.FaultRecord(
            "db-outage", "postgres", 1L, 20_000, 30_000L, null, null, "x", behaviour));
    return t.build();
  }

  @Test
  void eachRecordedBehaviourGivesItsStep() {
    assertThat(OperationsSection.step(trial("refused-then-started-without-state", 0, 0), SPARK))
        .startsWith(
            "it refused its damaged checkpoint and started with no state: restore from an"
                + " older checkpoint or accept a fresh start");
    assertThat(
            OperationsSection.step(
                trial(
                    "driver_alive=false, driver_exit_code=1, driver_starts 1->31,"
                        + " supervised_restarts 0->30, supervisor=the driver exited with code 1"
                        + " after 30 supervised restarts, failed_batch_jobs 0->1",
                    0,
                    0),
                SPARK))
        .isEqualTo(
            "the supervisor gave up after 30 restarts: fix the cause, then start the driver again");
    assertThat(OperationsSection.step(trial("driver_alive=false, driver_exit_code=1", 0, 0), SPARK))
        .startsWith("halted, the driver exited and nothing restarts it");
    assertThat(
            OperationsSection.step(
                trial("job_state=RESTARTING, restarts=9, failures 0->9, last_exception=x", 0, 0),
                SPARK))
        .startsWith("restart loop: remove the cause");
    assertThat(OperationsSection.step(trial("job_state=FAILED, failures 0->1", 0, 0), SPARK))
        .startsWith("halted, the job FAILED");
    assertThat(
            OperationsSection.step(
                trial("driver_alive=true, driver_starts 1->3, supervised_restarts 0->2", 0, 0),
                SPARK))
        .isEqualTo("nothing: the supervisor restarted the driver 2 times; watch its restart count");
    assertThat(OperationsSection.step(trial("new-context", 12, 0), SPARK))
        .isEqualTo(
            "none is asked, yet ids were lost: reconcile the sink against Kafka (it started a"
                + " new context, ignoring its checkpoint)");
    assertThat(OperationsSection.step(trial("restored", 0, 40), SPARK))
        .isEqualTo("none is asked, yet ids were written twice: deduplicate downstream");
    // an upsert sink declares its duplicates harmless
    assertThat(OperationsSection.step(trial("restored", 0, 40), UPSERT))
        .isEqualTo(OperationsSection.NOTHING);
  }

  @Test
  void differingTrialsOfACellAreCountedAndTheSameOnesMerged() {
    TrialResult halted = trial("driver_alive=false, driver_exit_code=1", 0, 0);
    TrialResult fine = trial("driver_alive=true, driver_starts=1", 0, 0);
    assertThat(OperationsSection.steps(List.of(halted, fine, fine), SPARK))
        .isEqualTo(
            "halted, the driver exited and nothing restarts it: fix the cause, then start it"
                + " again (1 of 3 trials); nothing: it recovered by itself (2 of 3 trials)");
    assertThat(OperationsSection.steps(List.of(halted, halted), SPARK))
        .endsWith("start it again (2 trials)");
  }
}
