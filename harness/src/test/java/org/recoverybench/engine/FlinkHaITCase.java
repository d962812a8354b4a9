package org.recoverybench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.result.TrialResult;
import org.recoverybench.run.ScenarioTrials;

/**
 * Flink with ZooKeeper high availability on a real cluster (a leading and a standby JobManager, a
 * TaskManager, the lab's ZooKeeper server): two {@code kill -9}s of the leader. Each time the
 * standby takes the job over by itself, from the checkpoint ZooKeeper points at: the job is never
 * submitted again (one {@code flink run} in the whole trial, one job id), and with the exactly-once
 * sink nothing is lost or written twice, counted by the test's own SQL.
 */
class FlinkHaITCase {
  private static final long RECORDS = 10_000;
  private static EmbeddedLab lab;
  private static Path work;

  @BeforeAll
  static void startLab() {
    work = WorkDirs.freshForTest("flink-ha-itcase");
    lab =
        new EmbeddedLab(
            LabConfig.at(work.resolve("lab"))
                .withHealthTimeout(Duration.ofMinutes(4))
                .withZooKeeper(true));
    lab.start();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void theStandbyTakesOverTwiceWithoutResubmissionLosingAndDuplicatingNothing() throws Exception {
    TrialResult r =
        ScenarioTrials.runOne(lab, work, work.resolve("results"), "it-kill-jobmanager-ha", "flink");
    ScenarioTrials.assertExactlyOnceBySql(lab, r, RECORDS);
    @SuppressWarnings("unchecked")
    Map<String, Object> engine = (Map<String, Object>) r.settings().get("engine");
    assertThat(engine).containsEntry("flink_ha", "zookeeper");
    assertThat(((Number) engine.get("ha_standby_jobmanagers")).intValue()).isEqualTo(1);
    assertThat(r.faults()).as("faults").hasSize(2);
    for (TrialResult.FaultRecord f : r.faults()) {
      System.out.println("HA kill: " + f);
      assertThat(f.type()).isEqualTo("kill-jobmanager");
      assertThat(f.pid()).as("the leader's pid").isPositive();
      // the standby took over: the job came back (a first write after the kill) ...
      assertThat(f.firstWriteMs()).as("first write after the kill").isNotNull();
      // ... and nobody ran flink run again: one submission, one CLI run, in the whole trial
      assertThat(f.behaviour()).contains("job_submissions=1").contains("flink_cli_runs=1");
      assertThat(f.restoredFrom()).as("no resubmission from a checkpoint").isNull();
      // the recovery phase by phase: the standby created the same job again (no resubmission),
      // in the order a recovery reaches the phases; never how long they took
      List<String> order =
          List.of(
              "taken_over",
              "restored_checkpoint",
              "deployed",
              "running",
              "first_checkpoint_after_restore",
              "first_visible_write");
      assertThat(f.phases()).as("the phases of a takeover").isNotNull();
      assertThat(f.phases().keySet()).containsExactlyElementsOf(order);
      assertThat(f.phases().values()).as("every phase known").doesNotContainNull();
      // up to the first checkpoint after the restore; the first write may come sooner: a
      // restored writer of the same incarnation commits what its checkpoint covers as it starts
      for (int i = 1; i < order.size() - 1; i++) {
        assertThat(f.phases().get(order.get(i)))
            .as("%s at or after %s", order.get(i), order.get(i - 1))
            .isGreaterThanOrEqualTo(f.phases().get(order.get(i - 1)));
      }
      assertThat(f.phases().get("first_visible_write"))
          .as("first_visible_write at or after taken_over")
          .isGreaterThanOrEqualTo(f.phases().get("taken_over"));
    }
    assertThat(r.faults().get(0).pid())
        .as("the second kill hit the JobManager that took over, not the first one again")
        .isNotEqualTo(r.faults().get(1).pid());
  }
}
