package org.recoverybench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.lab.LabException;
import org.recoverybench.run.RunInfo;

/** {@code --out} takes a new or empty directory, or continues the same command's run. */
class OutDirTest {
  @Test
  void aNewOrEmptyDirectoryIsTaken(@TempDir Path dir) throws Exception {
    assertThatCode(() -> RunCommand.checkOut(dir.resolve("new"), false)).doesNotThrowAnyException();
    assertThatCode(() -> RunCommand.checkOut(dir, false)).doesNotThrowAnyException();
  }

  @Test
  void aDirectoryWithFilesIsRefusedWithoutResume(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("summary.csv"), "x\n");
    assertThatThrownBy(() -> RunCommand.checkOut(dir, false))
        .isInstanceOf(LabException.class)
        .hasMessage(
            "--out "
                + dir
                + " is not empty; give a new or empty directory, or --resume to continue the run"
                + " that this command started there");
  }

  @Test
  void resumeNeedsTheSameCommandInRunJson(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("summary.csv"), "x\n");
    assertThatThrownBy(() -> RunCommand.checkOut(dir, true))
        .hasMessage("--resume: " + dir + " holds no run.json, so no run to continue");

    RunInfo.setCommand("recoverybench run --scenario a.yaml --out " + dir + " --resume");
    assertThat(RunInfo.command()).isEqualTo("recoverybench run --scenario a.yaml --out " + dir);
    Files.writeString(
        dir.resolve("run.json"),
        "{\"command\" : \"recoverybench run --scenario b.yaml --out " + dir + "\"}");
    assertThatThrownBy(() -> RunCommand.checkOut(dir, true))
        .hasMessage(
            "--resume: "
                + dir.resolve("run.json")
                + " records 'recoverybench run --scenario b.yaml --out "
                + dir
                + "', not this command 'recoverybench run --scenario a.yaml --out "
                + dir
                + "'");

    Files.writeString(
        dir.resolve("run.json"),
        "{\"command\" : \"recoverybench run --scenario a.yaml --out " + dir + "\"}");
    assertThatCode(() -> RunCommand.checkOut(dir, true)).doesNotThrowAnyException();
  }

  @Test
  void zeroTrialsAreRefusedWhileParsing() {
    for (String cmd : new String[] {"run", "compare"}) {
      PrintStream saved = System.err;
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code;
      try {
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        code =
            cmd.equals("run")
                ? Main.run("run", "--scenario", "no-such.yaml", "--trials", "0")
                : Main.run("compare", "--trials", "0");
      } finally {
        System.setErr(saved);
      }
      assertThat(code).isEqualTo(Main.EXIT_ERROR);
      assertThat(err.toString(StandardCharsets.UTF_8).lines().toList())
          .containsExactly(
              "recoverybench: error: --trials must be 1 or more, got 0 (see 'recoverybench "
                  + cmd
                  + " --help')");
    }
  }
}
