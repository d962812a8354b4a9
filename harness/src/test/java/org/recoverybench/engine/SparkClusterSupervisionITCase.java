package org.recoverybench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
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
 * Spark's own supervision on a real standalone cluster (a Master, a Worker, the executor and the
 * driver as the Worker's child JVMs): the transactional app submitted in cluster deploy mode with
 * {@code --supervise}, and a {@code kill -9} of its driver mid-batch. The Worker launches the
 * driver again by itself (the harness submitted it once and never starts it), the new driver
 * resumes from the offsets in the database, and nothing is lost or written twice, counted by the
 * test's own SQL.
 */
class SparkClusterSupervisionITCase {
  private static final long RECORDS = 10_000;
  private static EmbeddedLab lab;
  private static Path work;

  @BeforeAll
  static void startLab() {
    work = WorkDirs.freshForTest("spark-cluster-supervision-itcase");
    lab =
        new EmbeddedLab(LabConfig.at(work.resolve("lab")).withHealthTimeout(Duration.ofMinutes(4)));
    lab.start();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void theWorkerRelaunchesTheKilledDriverAndTransactionalLosesAndDuplicatesNothing()
      throws Exception {
    TrialResult r =
        ScenarioTrials.runOne(
            lab, work, work.resolve("results"), "it-kill-driver-cluster-supervised", "spark");
    ScenarioTrials.assertExactlyOnceBySql(lab, r, RECORDS);
    @SuppressWarnings("unchecked")
    Map<String, Object> engine = (Map<String, Object>) r.settings().get("engine");
    assertThat(engine).containsEntry("spark_supervision", "cluster");
    assertThat(r.faults()).as("faults").hasSize(1);
    TrialResult.FaultRecord f = r.faults().get(0);
    System.out.println("supervised driver kill: " + f);
    assertThat(f.type()).isEqualTo("kill-driver");
    assertThat(f.pid()).as("the driver's pid").isPositive();
    assertThat(f.firstWriteMs()).as("first write after the kill").isNotNull();
    // the Worker launched it a second time; the harness submitted it once and never again
    assertThat(f.behaviour())
        .contains("driver_submissions=1")
        .contains("driver_launches_by_worker 1->2");
    // the recovery phase by phase: the Worker's launch, the stream started, the first batch and
    // the first write, each after the launch; never how long they took
    Map<String, Long> p = f.phases();
    assertThat(p).as("the phases of the relaunch").isNotNull();
    assertThat(p.keySet())
        .containsExactly("restarted", "running", "first_batch", "first_visible_write");
    assertThat(p.values()).as("every phase known").doesNotContainNull();
    assertThat(p.get("restarted")).as("launched again after the kill").isNotNegative();
    for (String later : java.util.List.of("running", "first_batch", "first_visible_write")) {
      assertThat(p.get(later)).as(later).isGreaterThanOrEqualTo(p.get("restarted"));
    }
  }
}
