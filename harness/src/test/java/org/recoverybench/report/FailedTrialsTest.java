package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;

/**
 * A results directory where some trials failed ({@code error.txt}, no {@code result.json}): the
 * report counts them, lists them with their reason, and shows them as failed in the claims and the
 * decision.
 */
class FailedTrialsTest {
  @TempDir Path dir;

  private static final String DRIVER_TIMEOUT =
      "java.util.concurrent.TimeoutException: the driver wrote nothing within 120 s";
  private static final String FLINK_FAILED = "the Flink job ended FAILED after 10 restarts";
  private static final String SUBMIT_REFUSED = "spark-submit exited with 1";

  private Path trialDir(String scenario, String target, int trial) {
    return dir.resolve(scenario).resolve(target).resolve("trial-" + trial);
  }

  private void result(TrialResult r) {
    ResultFiles.write(
        dir,
        trialDir(r.scenario(), r.engine() + "-" + r.variant() + "-" + r.sinkMode(), r.trial()),
        r);
  }

  private void error(String scenario, String target, int trial, String why) throws IOException {
    Path d = trialDir(scenario, target, trial);
    Files.createDirectories(d);
    Files.writeString(d.resolve("error.txt"), why + "\n", StandardCharsets.UTF_8);
  }

  /** Two finished trials and three failed ones, one of them the only trial of its target. */
  private void writeRun() throws IOException {
    Trials spark = Trials.of("kill-driver", "spark", "recoverable", "append").harm(0, 816);
    result(spark.fault("kill-driver", 9_000L).build());
    error("kill-driver", "spark-recoverable-append", 2, DRIVER_TIMEOUT);
    Trials flink = Trials.of("kill-taskmanager", "flink", "datastream", "exactly-once");
    result(flink.fault("kill-taskmanager", 12_000L).build());
    error("kill-taskmanager", "flink-datastream-exactly-once", 2, FLINK_FAILED + "\nat line 2");
    error("kill-driver", "spark-transactional-exactly-once", 1, SUBMIT_REFUSED);
  }

  @Test
  void anErrorFileNamesItsTrialByWhereItLies() throws IOException {
    error("kill-driver", "spark-as-written-append", 3, "boom\nsecond line");
    assertThat(
            FailedTrial.read(
                trialDir("kill-driver", "spark-as-written-append", 3).resolve("error.txt")))
        .isEqualTo(new FailedTrial("kill-driver", "spark", "as-written", "append", 3, "boom"));
  }

  @Test
  void aTrialWithAResultIsNotFailedEvenWithAnOldErrorFile() throws IOException {
    result(Trials.of("baseline", "flink", "datastream", "exactly-once").build());
    error("baseline", "flink-datastream-exactly-once", 1, "from an earlier run");
    assertThat(FailedTrial.find(dir)).isEmpty();
  }

  @Test
  void theTotalsCountFailedTrialsAndTheTableGivesTheirReasons() throws IOException {
    writeRun();
    String md = Files.readString(Report.write(dir));
    assertThat(md).contains(" 5 trials, 3 failed: see [Failed trials](#failed-trials).");
    assertThat(CommittedResultsTest.rows(md, "Results by scenario"))
        .extracting(r -> r.get(0) + " | " + r.get(1) + " | " + r.get(2))
        .containsExactly(
            "kill-driver | spark / recoverable / append | 1 + 1 failed",
            "kill-taskmanager | flink / datastream / exactly-once | 1 + 1 failed");
    assertThat(md)
        .contains("3 of 5 trials failed: the harness wrote `error.txt` instead of `result.json`.");
    assertThat(CommittedResultsTest.rows(md, "Failed trials"))
        .containsExactly(
            List.of("kill-driver", "spark / recoverable / append", "2", DRIVER_TIMEOUT),
            List.of("kill-driver", "spark / transactional / exactly-once", "1", SUBMIT_REFUSED),
            List.of("kill-taskmanager", "flink / datastream / exactly-once", "2", FLINK_FAILED));
    assertThat(CommittedResultsTest.rows(md, "Every trial")).hasSize(2);
  }

  @Test
  void aClaimThatAFailedTrialWouldCountReadsFailed() throws IOException {
    writeRun();
    List<ClaimRow> rows = Claims.evaluate(ReportModel.load(dir));
    ClaimRow c3 = rows.stream().filter(r -> r.claim().id().equals("3")).findFirst().orElseThrow();
    assertThat(c3.testedBy()).isEqualTo("spark recoverable / append: kill-driver");
    // the finished trial wrote ids twice: that refutes the claim, the failure is named beside it
    assertThat(c3.verdict()).isEqualTo(Verdict.REFUTED);
    assertThat(c3.reason())
        .endsWith(
            ": nothing lost, ids written twice in 1 of 1 trials; 1 of 2 trials failed ("
                + DRIVER_TIMEOUT
                + ")");
    assertThat(c3.evidence()).endsWith("; 1 of 2 trials failed");
    ClaimRow f1 = rows.stream().filter(r -> r.claim().id().equals("F1")).findFirst().orElseThrow();
    assertThat(f1.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(f1.reason()).startsWith("1 of 2 trials failed (" + FLINK_FAILED + ")");
    Report.write(dir);
    String html = Files.readString(dir.resolve(Report.HTML));
    assertThat(html).contains("<span class=\"verdict-refuted\">failed</span>");
    assertThat(Files.readString(dir.resolve(Report.MARKDOWN)))
        .contains("**failed trials**: " + Claim.FAILED_RULE);
  }

  @Test
  void aFailedTrialIsNoEvidenceInTheGridAndTheDecision() throws IOException {
    writeRun();
    ReportModel m = ReportModel.load(dir);
    List<Decision.Option> options = Decision.options(m);
    assertThat(options)
        .extracting(Decision.Option::label, Decision.Option::faultTrialCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("spark recoverable (append)", "1, 1 failed"),
            org.assertj.core.groups.Tuple.tuple("flink exactly-once", "1, 1 failed"),
            org.assertj.core.groups.Tuple.tuple(
                "spark transactional (exactly-once)", "0, 1 failed"));
    // flink lost and duplicated nothing in the trial that finished, but one trial failed
    assertThat(options.get(1).maxLost()).isZero();
    assertThat(options.get(1).maxDuplicated()).isZero();
    String md = Files.readString(Report.write(dir));
    assertThat(md)
        .contains("**No option is left** under these rules and these results.")
        .contains(
            "- **Flink, exactly-once sink** is out: evidence: no completed trial of coordinator"
                + " loss (JobManager ↔ driver), mid-batch.")
        .contains(
            "| coordinator loss (JobManager ↔ driver), mid-batch | not run | no evidence: every"
                + " trial failed | **out** (duplicates): ids written twice in 1 of 1; 1 failed"
                + " trial(s), no evidence |")
        .contains(
            "- **spark transactional (exactly-once)**: every one of its 1 trials **failed**"
                + " ([Failed trials](#failed-trials)).");
  }
}
