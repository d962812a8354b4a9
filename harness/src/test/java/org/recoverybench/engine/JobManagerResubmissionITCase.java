package org.recoverybench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import org.recoverybench.run.SuiteRunner;
import org.recoverybench.scenario.Scenario;
import org.recoverybench.scenario.ScenarioLoader;
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
    String name = "it-kill-jobmanager-twice";
    URL u = getClass().getResource("/scenarios/" + name + ".yaml");
    Path file = Path.of(u.toURI());
    Scenario s = ScenarioLoader.load(file);
    Path out = work.resolve("results");
    SuiteRunner.Outcome o =
        new SuiteRunner(lab, out, work.resolve("engines"), new PrintWriter(System.out, true))
            .run(List.of(s), List.of(file), "flink", 1);
    assertThat(o.failures()).as("trials that gave no result").isEmpty();
    TrialResult r = o.results().get(0);
    assertThat(r.faults()).as("faults").hasSize(2);

    // every count against the test's own SQL
    try (Connection c = LabClients.jdbc(lab.endpoints());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*), count(DISTINCT event_id) FROM sink_writes WHERE run_id = ?")) {
      ps.setString(1, r.runId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).as("rows in the sink").isEqualTo(RECORDS);
        assertThat(rs.getLong(2)).as("distinct ids in the sink").isEqualTo(RECORDS);
      }
    }
    assertThat(r.produced()).as("produced").isEqualTo(RECORDS);
    assertThat(r.distinctWritten()).as("distinct_written").isEqualTo(RECORDS);
    assertThat(r.lost()).as("lost").isZero();
    assertThat(r.duplicatedIds()).as("duplicated ids").isZero();

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
