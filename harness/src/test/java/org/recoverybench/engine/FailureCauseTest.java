package org.recoverybench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureCauseTest {
  @Test
  void firstLineAndTheLastCauseOfATrace() {
    String trace =
        String.join(
            "\n",
            "org.apache.flink.runtime.JobException: Recovery is suppressed",
            "\tat a.b.C.d(C.java:1)",
            "Caused by: java.io.IOException: outer",
            "\tat a.b.C.e(C.java:2)",
            "Caused by: java.io.EOFException: inner");
    assertThat(FlinkJobStatus.causeLine(trace))
        .isEqualTo(
            "org.apache.flink.runtime.JobException: Recovery is suppressed"
                + " [root cause: java.io.EOFException: inner]");
    assertThat(FlinkJobStatus.causeLine("x: only")).isEqualTo("x: only");
    assertThat(FlinkJobStatus.causeLine("")).isEqualTo("no exception reported");
  }

  @Test
  void theCliErrorIsItsLastCause() {
    assertThat(
            FlinkJobStatus.cliError(
                "x\nCaused by: a.B: outer\n\tat c\nCaused by: a.C: the max parallelism\n\t... 4"
                    + " more\n"))
        .isEqualTo("a.C: the max parallelism");
    assertThat(FlinkJobStatus.cliError("one\ntwo\n\n")).isEqualTo("two");
  }

  @Test
  void sparkDriverErrorPrefersItsOwnErrorLine() throws Exception {
    java.nio.file.Path log = java.nio.file.Files.createTempFile("driver", ".log");
    java.nio.file.Files.writeString(
        log,
        "INFO x\njava.lang.IllegalStateException: first\n\tat a.b\nerror: cannot read the"
            + " checkpoint\njava.io.IOException: later\n");
    assertThat(SparkDriverLogs.driverError(log)).isEqualTo("error: cannot read the checkpoint");
    java.nio.file.Files.writeString(log, "INFO x\njava.io.IOException: bad\n\tat a.b\n");
    assertThat(SparkDriverLogs.driverError(log)).isEqualTo("java.io.IOException: bad");
    java.nio.file.Files.delete(log);
  }
}
