package org.recoverybench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.decision.FaultClass;
import org.recoverybench.decision.Options;
import org.recoverybench.run.Matrix;
import org.recoverybench.run.MatrixTestFiles;

class CompareCommandTest {
  @TempDir Path tmp;

  /** What {@code recoverybench ARGS} prints, with the project root at {@code home}. */
  private static String[] run(Path home, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setProperty("recoverybench.home", home.toString());
    int code;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      code = Main.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
      System.clearProperty("recoverybench.home");
    }
    return new String[] {
      Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)
    };
  }

  @Test
  void theQuickDefaultCoversTheOptionsItClaims() throws IOException {
    CompareCommand c = new CompareCommand();
    Matrix m = c.matrix(MatrixTestFiles.scenarios(tmp));
    // each row runs the options it claims, where the row applies to their engine
    for (String row : CompareCommand.QUICK.keySet()) {
      List<String> claimed =
          CompareCommand.QUICK.get(row).stream()
              .filter(
                  id ->
                      row.equals(Matrix.BASELINE_ROW)
                          || FaultClass.byId(row)
                              .orElseThrow()
                              .appliesTo(Options.DEFAULT.byId(id).orElseThrow().engine()))
              .toList();
      assertThat(m.cells().stream().filter(x -> x.row().equals(row) && x.runs()))
          .as(row)
          .extracting(Matrix.Cell::option)
          .containsExactlyInAnyOrderElementsOf(claimed);
    }
    assertThat(m.cells().stream().filter(x -> !x.runs()))
        .extracting(x -> x.row() + " " + x.option())
        .containsExactly("coordinator-loss-between-batches flink-exactly-once");
    // the six files of the suite before the registry, 13 trials as before
    assertThat(m.scenarios().stream().map(s -> s.name()))
        .containsExactly(
            "baseline",
            "kill-taskmanager",
            "kill-executor",
            "kill-jobmanager",
            "kill-driver",
            "kill-driver-between-batches");
    assertThat(m.totalTrials()).isEqualTo(13);
    assertThat(m.scenarios().stream().mapToInt(s -> s.targets().size()).sum()).isEqualTo(13);
  }

  @Test
  void fullListPrintsTheMatrixAndStartsNothing() throws IOException {
    MatrixTestFiles.scenarios(tmp);
    String[] r = run(tmp, "compare", "--full", "--list");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    List<String> lines = r[1].lines().toList();
    // a header, 200 cells, the totals, the tail
    assertThat(lines).hasSize(203);
    assertThat(lines.get(0)).startsWith("fault class").contains("option", "scenario", "trials");
    assertThat(lines.get(lines.size() - 2))
        .isEqualTo("200 cells: 191 run, 9 n/a, 0 skipped; 42 scenario runs; 231 trials in all");
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo(
            "fault trials produce until 60 s after the sink's first write after the last fault");
    assertThat(lines.stream().filter(l -> l.contains("n/a: ")).collect(Collectors.toList()))
        .hasSize(9);
    assertThat(lines)
        .anyMatch(l -> l.matches("worker-loss +spark-transactional +kill-executor +3"));
    assertThat(run(tmp, "compare", "--full", "--dry-run")[1]).isEqualTo(r[1]);
  }

  @Test
  void onlyTakesRowsOrTheirScenarios() throws IOException {
    MatrixTestFiles.scenarios(tmp);
    String[] r = run(tmp, "compare", "--full", "--list", "--only", "kill-driver,rescale");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1].lines().toList())
        .contains("20 cells: 20 run, 0 n/a, 0 skipped; 5 scenario runs; 40 trials in all");
    String[] bad = run(tmp, "compare", "--only", "rescale");
    assertThat(bad[0]).isEqualTo("2");
    assertThat(bad[2].lines().toList())
        .containsExactly(
            "recoverybench: error: --only: 'rescale' is neither a row nor a row's scenario of the"
                + " quick default [baseline, worker-loss, coordinator-loss,"
                + " coordinator-loss-between-batches]");
  }

  @Test
  void optionsAndTailChooseThePart() throws IOException {
    MatrixTestFiles.scenarios(tmp);
    String[] r =
        run(
            tmp,
            "compare",
            "--full",
            "--list",
            "--options",
            "flink-exactly-once,spark-transactional",
            "--tail",
            "45s");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    List<String> lines = r[1].lines().toList();
    // 20 rows × 2 options, 3 of them n/a (the Spark-only rows for Flink); 4 cells at 3 trials
    // (worker and coordinator loss), 33 at 1
    assertThat(lines.get(lines.size() - 2))
        .isEqualTo("40 cells: 37 run, 3 n/a, 0 skipped; 22 scenario runs; 45 trials in all");
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo(
            "fault trials produce until 45 s after the sink's first write after the last fault");
    // the quick default has no tail unless asked
    assertThat(run(tmp, "compare", "--list")[1].lines().toList())
        .last()
        .isEqualTo("14 cells: 13 run, 1 n/a, 0 skipped; 6 scenario runs; 13 trials in all");
    String[] bad = run(tmp, "compare", "--full", "--list", "--options", "flink");
    assertThat(bad[0]).isEqualTo("2");
    assertThat(bad[2].lines().toList())
        .hasSize(1)
        .first()
        .asString()
        .startsWith("recoverybench: error: --options: 'flink' is not a registered option;");
  }
}
