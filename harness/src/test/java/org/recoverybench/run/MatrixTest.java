package org.recoverybench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.decision.FaultClass;
import org.recoverybench.decision.Options;
import org.recoverybench.scenario.Scenario;

class MatrixTest {
  @TempDir Path tmp;

  private static Matrix.Cell cell(Matrix m, String row, String option) {
    return m.cells().stream()
        .filter(c -> c.row().equals(row) && c.option().equals(option))
        .findFirst()
        .orElseThrow();
  }

  private static Scenario scenario(Matrix m, String name) {
    return m.scenarios().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theFullMatrixHasACellPerClassAndOption() throws IOException {
    Matrix m =
        Matrix.build(Options.DEFAULT, FaultClass.ALL, true, MatrixTestFiles.scenarios(tmp), null);
    // (19 classes + the baseline) × 10 options
    assertThat(m.cells()).hasSize(200);
    // the 3 Spark-only classes × the 3 Flink options are n/a; every other cell runs (the
    // Structured Streaming app has its upgraded version too)
    assertThat(m.cells().stream().filter(c -> !c.runs())).hasSize(9);
    assertThat(m.cells().stream().filter(c -> !c.runs() && c.notRun().startsWith("n/a: ")))
        .hasSize(9);
    // 191 cells: 20 of worker and coordinator loss at 3 trials, 171 at 1
    assertThat(m.totalTrials()).isEqualTo(20 * 3 + 171);
    // per row the file's run and its copy with earliest offsets (for spark-as-written-earliest),
    // and for worker and coordinator loss one more file: 20 * 2 + 2
    assertThat(m.scenarios()).hasSize(42);
    assertThat(m.scenarios().stream().mapToInt(s -> s.targets().size() * s.run().trials()).sum())
        .isEqualTo(m.totalTrials());
  }

  @Test
  void eachScenarioFileRunsOnceWithEveryApplicableOption() throws IOException {
    Matrix m =
        Matrix.build(Options.DEFAULT, FaultClass.ALL, true, MatrixTestFiles.scenarios(tmp), null);
    Scenario executor = scenario(m, "kill-executor");
    assertThat(executor.targets())
        .containsExactly(
            new Scenario.Target("spark", "transactional", "exactly-once"),
            new Scenario.Target("spark", "recoverable", "upsert"),
            new Scenario.Target("spark", "recoverable", "append"),
            new Scenario.Target("spark", "as-written", "append"),
            new Scenario.Target("spark", "structured-idempotent", "exactly-once"),
            new Scenario.Target("spark", "structured", "append"));
    assertThat(executor.run().trials()).isEqualTo(3);
    Scenario earliest = scenario(m, "kill-executor-earliest");
    assertThat(earliest.targets())
        .containsExactly(new Scenario.Target("spark", "as-written", "append"));
    assertThat(earliest.settings().startingOffsets()).isEqualTo("earliest");
    assertThat(scenario(m, "s3-outage").targets()).hasSize(9);
    assertThat(scenario(m, "s3-outage").run().trials()).isEqualTo(1);
    assertThat(cell(m, "worker-loss", "flink-append"))
        .isEqualTo(new Matrix.Cell("worker-loss", "flink-append", "kill-taskmanager", 3, null));
    assertThat(cell(m, "s3-outage", "spark-as-written-earliest").scenario())
        .isEqualTo("s3-outage-earliest");
    assertThat(cell(m, "coordinator-loss-between-batches", "flink-exactly-once").notRun())
        .startsWith("n/a: Flink has no batches");
    // a fault for an engine none of the targets runs on is left out
    assertThat(scenario(m, "early-crash-earliest").faults())
        .allSatisfy(f -> assertThat(f.meets("spark")).isTrue());
  }

  @Test
  void trialsOfTheCommandLineApplyToEveryCell() throws IOException {
    Matrix m =
        Matrix.build(Options.DEFAULT, FaultClass.ALL, false, MatrixTestFiles.scenarios(tmp), 2);
    assertThat(m.cells()).hasSize(190);
    assertThat(m.totalTrials()).isEqualTo(2 * (190 - 9));
  }

  @Test
  void aMissingScenarioFileSkipsItsCells() throws IOException {
    Path dir = MatrixTestFiles.scenarios(tmp);
    Files.delete(dir.resolve("rescale.yaml"));
    Matrix m =
        Matrix.build(
            Options.DEFAULT, List.of(FaultClass.byId("rescale").orElseThrow()), false, dir, null);
    assertThat(m.scenarios()).isEmpty();
    assertThat(m.cells())
        .hasSize(10)
        .allSatisfy(
            c -> assertThat(c.notRun()).isEqualTo("skipped: scenarios/rescale.yaml is missing"));
    assertThat(m.listing().lines().toList())
        .last()
        .isEqualTo("10 cells: 0 run, 0 n/a, 10 skipped; 0 scenario runs; 0 trials in all");
  }

  @Test
  void theTailGoesToEveryFaultScenarioAndNotToTheBaseline() throws IOException {
    Matrix m =
        Matrix.build(Options.DEFAULT, FaultClass.ALL, true, MatrixTestFiles.scenarios(tmp), null)
            .withTail(java.time.Duration.ofSeconds(60));
    assertThat(scenario(m, "baseline").run().tailAfterRecovery()).isNull();
    assertThat(scenario(m, "baseline").producesUntilTail()).isFalse();
    // 42 scenario runs, 2 of them the baseline's (its file and its copy with earliest offsets)
    assertThat(m.scenarios().stream().filter(Scenario::producesUntilTail)).hasSize(40);
    assertThat(scenario(m, "kill-jobmanager").run().tailAfterRecovery())
        .isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(scenario(m, "kill-jobmanager").run().trials()).isEqualTo(3);
    assertThat(m.totalTrials()).isEqualTo(20 * 3 + 171);
    assertThat(m.listing().lines().toList())
        .last()
        .isEqualTo(
            "fault trials produce until 60 s after the sink's first write after the last fault");
  }
}
