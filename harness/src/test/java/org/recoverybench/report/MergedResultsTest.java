package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.cli.Main;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;

/** {@code report A B --out D}: the union of the trials of several results directories. */
class MergedResultsTest {
  @TempDir Path tmp;

  private static void result(Path dir, TrialResult r) {
    ResultFiles.write(
        dir,
        dir.resolve(r.scenario())
            .resolve(r.engine() + "-" + r.variant() + "-" + r.sinkMode())
            .resolve("trial-" + r.trial()),
        r);
  }

  private static void run(Path dir, String command, String commit) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("run.json"),
        "{\"command\":\""
            + command
            + "\",\"commit\":\""
            + commit
            + "\",\"started_at\":\"2026-12-01T00:00:00Z\","
            + "\"machine\":{\"cores\":2,\"memory_mib\":8000}}",
        StandardCharsets.UTF_8);
  }

  /**
   * A: Flink kill-taskmanager trials 1–2 and a Spark kill-driver trial 1. B: Flink kill-taskmanager
   * trials 1–3 again (the same scenario and target) and a Flink kill-jobmanager trial, one failed.
   */
  private List<Path> writeTwo() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    run(a, "recoverybench compare --trials 2 --out a", "aaa111");
    run(b, "recoverybench compare --trials 3 --out b", "bbb222");
    for (int i = 1; i <= 2; i++) {
      result(
          a,
          Trials.of("kill-taskmanager", "flink", "datastream", "exactly-once")
              .trial(i)
              .fault("kill-taskmanager", 10_000L + i)
              .build());
    }
    result(
        a,
        Trials.of("kill-driver", "spark", "recoverable", "append")
            .harm(0, 700)
            .fault("kill-driver", 9_000L)
            .build());
    for (int i = 1; i <= 3; i++) {
      result(
          b,
          Trials.of("kill-taskmanager", "flink", "datastream", "exactly-once")
              .trial(i)
              .fault("kill-taskmanager", 20_000L + i)
              .build());
    }
    result(
        b,
        Trials.of("kill-jobmanager", "flink", "datastream", "exactly-once")
            .fault("kill-jobmanager", 30_000L)
            .build());
    Path failed = b.resolve("kill-jobmanager/flink-datastream-exactly-once/trial-2");
    Files.createDirectories(failed);
    Files.writeString(failed.resolve("error.txt"), "the job ended FAILED\n");
    return List.of(a, b);
  }

  @Test
  void theModelIsTheUnionAndALaterDirectorysTrialsAreNumberedAfterTheEarlierOnes()
      throws IOException {
    ReportModel m = MergedResults.load(writeTwo());
    assertThat(m.sources()).hasSize(2);
    assertThat(m.trialCount()).isEqualTo(8);
    ReportModel.Group tm =
        m.groups().stream()
            .filter(g -> g.scenario().equals("kill-taskmanager"))
            .findFirst()
            .orElseThrow();
    assertThat(tm.trials()).hasSize(5);
    assertThat(tm.results().stream().map(TrialResult::trial).toList())
        .containsExactly(1, 2, 3, 4, 5);
    // trial 1 of b became trial 3: its own figures came along
    assertThat(tm.results().get(2).recoveryFirstWriteMs()).isEqualTo(20_001L);
    assertThat(tm.results().get(4).recoveryFirstWriteMs()).isEqualTo(20_003L);
    // a scenario only b has keeps its numbers, its failed trial too
    assertThat(m.failures()).hasSize(1);
    assertThat(m.failures().get(0).trial()).isEqualTo(2);
    assertThat(m.scenarios())
        .containsExactlyInAnyOrder("kill-taskmanager", "kill-driver", "kill-jobmanager");
  }

  @Test
  void theReportGoesToOutAndItsMethodologyNamesEverySourceWithItsCommandAndCommit()
      throws IOException {
    List<Path> dirs = writeTwo();
    Path out = tmp.resolve("merged");
    assertThat(
            Main.run("report", dirs.get(0).toString(), dirs.get(1).toString(), "--out", out + ""))
        .isZero();
    String md = Files.readString(out.resolve(Report.MARKDOWN));
    assertThat(out.resolve(Report.HTML)).exists();
    assertThat(out.resolve(Report.CHARTS)).isDirectory();
    assertThat(dirs.get(0).resolve(Report.MARKDOWN)).doesNotExist();
    assertThat(md).contains("Merged from 2 results directories");
    assertThat(md)
        .contains(
            "| `"
                + dirs.get(0)
                + "` | `recoverybench compare --trials 2 --out a` | aaa111 |"
                + " 2026-12-01T00:00:00Z |")
        .contains(
            "| `"
                + dirs.get(1)
                + "` | `recoverybench compare --trials 3 --out b` | bbb222 |"
                + " 2026-12-01T00:00:00Z |");
    // every trial row: 5 kill-taskmanager, 1 kill-driver, 1 kill-jobmanager
    assertThat(CommittedResultsTest.rows(md, "Every trial")).hasSize(7);
  }

  @Test
  void severalDirectoriesWithoutOutIsRefused() throws IOException {
    List<Path> dirs = writeTwo();
    assertThat(Main.run("report", dirs.get(0).toString(), dirs.get(1).toString()))
        .isEqualTo(Main.EXIT_ERROR);
    assertThat(dirs.get(0).resolve(Report.MARKDOWN)).doesNotExist();
  }

  @Test
  void oneDirectoryIsReportedIntoItselfAsBefore() throws IOException {
    List<Path> dirs = writeTwo();
    assertThat(Main.run("report", dirs.get(0).toString())).isZero();
    String md = Files.readString(dirs.get(0).resolve(Report.MARKDOWN));
    assertThat(md).contains("Produced by `recoverybench compare --trials 2 --out a`");
    assertThat(md).doesNotContain("### Sources");
  }
}
