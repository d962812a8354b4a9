package org.recoverybench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.observe.History;
import org.recoverybench.observe.HistoryEvent;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;
import org.recoverybench.run.ScenarioTrials;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two JobManager kills on a real Flink cluster without HA: each time the harness resubmits the job
 * from its latest retained checkpoint, under a new job id. Nothing may be lost or written twice,
 * and the checkpoint storage must not keep a directory per submission: once the new job has a
 * checkpoint of its own, the replaced job's directory is deleted (the soak's storage bound).
 */
class JobManagerResubmissionITCase {
  private static final long RECORDS = 12_000;
  private static EmbeddedLab lab;
  private static Path work;

  @BeforeAll
  static void startLab() {
    work = WorkDirs.freshForTest("jobmanager-resubmission-itcase");
    lab =
        new EmbeddedLab(
            LabConfig.at(work.resolve("lab")).withHealthTimeout(java.time.Duration.ofMinutes(4)));
    lab.start();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void twoJobManagerKillsLoseAndDuplicateNothingAndLeaveOneCheckpointDirectory() throws Exception {
    Path out = work.resolve("results");
    TrialResult r = ScenarioTrials.runOne(lab, work, out, "it-kill-jobmanager-twice", "flink");
    assertThat(r.faults()).as("faults").hasSize(2);
    ScenarioTrials.assertExactlyOnceBySql(lab, r, RECORDS);

    // each kill's recovery, phase by phase: a resubmission (no failure for the new job to detect
    // and no RESTARTING), in the order a recovery reaches the phases; never how long they took
    List<String> order =
        List.of(
            "resubmitted",
            "restored_checkpoint",
            "deployed",
            "running",
            "first_checkpoint_after_restore",
            "first_visible_write");
    for (TrialResult.FaultRecord f : r.faults()) {
      System.out.println(f.type() + " phases, ms after the kill: " + f.phases());
      assertThat(f.phases()).as("the phases of a resubmission").isNotNull();
      assertThat(f.phases().keySet()).containsExactlyElementsOf(order);
      assertThat(f.phases().values()).as("every phase known").doesNotContainNull();
      assertThat(f.phases().get("first_visible_write")).isEqualTo(f.firstWriteMs());
      assertThat(f.restoredCheckpointId()).as("the checkpoint the new job restored").isNotNull();
      for (int i = 1; i < order.size(); i++) {
        assertThat(f.phases().get(order.get(i)))
            .as("%s at or after %s", order.get(i), order.get(i - 1))
            .isGreaterThanOrEqualTo(f.phases().get(order.get(i - 1)));
      }
    }

    // three submissions (the first, and one after each kill); the two replaced jobs' directories
    // were deleted, so one job directory is left under the trial's prefix
    Path result = ResultFiles.find(out).get(0);
    List<HistoryEvent> housekeeping =
        History.read(result.resolveSibling("history.jsonl")).stream()
            .filter(e -> "housekeeping".equals(e.type()))
            .toList();
    housekeeping.forEach(e -> System.out.println("housekeeping: " + e.getString("done")));
    assertThat(housekeeping).as("replaced job directories deleted").hasSize(2);
    String prefix = "checkpoints/" + r.runId() + "/";
    Set<String> jobDirs = new TreeSet<>();
    try (S3Client s3 = LabClients.s3(lab.endpoints())) {
      for (S3Object obj :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder()
                      .bucket(lab.endpoints().s3Bucket())
                      .prefix(prefix)
                      .build())
              .contents()) {
        jobDirs.add(obj.key().substring(prefix.length()).split("/")[0]);
      }
    }
    assertThat(jobDirs).as("job directories left under " + prefix).hasSize(1);
    String last = jobDirs.iterator().next();
    assertThat(housekeeping)
        .as("each deletion names the job that superseded it")
        .allMatch(e -> e.getString("done").contains(" once job "));
    assertThat(housekeeping.get(1).getString("done")).contains("once job " + last);
  }
}
