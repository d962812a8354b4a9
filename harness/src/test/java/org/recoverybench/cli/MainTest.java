package org.recoverybench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.LabException;

class MainTest {
  @Test
  void labErrorsKeepTheirOwnMessage() {
    assertThat(
            Main.oneLine(new LabException("port 1 on 127.0.0.1 is already in use (wanted by s3)")))
        .isEqualTo("port 1 on 127.0.0.1 is already in use (wanted by s3)");
  }

  @Test
  void unexpectedErrorsAreOneLineAndNameTheirRootCause() {
    String line =
        Main.oneLine(new IllegalStateException("outer\nsecond line", new IOException("disk full")));
    assertThat(line)
        .doesNotContain("\n")
        .startsWith("IllegalStateException: outer second line")
        .contains("caused by java.io.IOException: disk full");
  }

  @Test
  void unknownCommandExitsTwo() {
    assertThat(Main.run("no-such-command")).isEqualTo(Main.EXIT_ERROR);
  }

  @Test
  void helpExitsZero() {
    assertThat(Main.run("--help")).isZero();
    assertThat(Main.run("lab", "up", "--help")).isZero();
  }
}
