package org.recoverybench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.WorkDirs;

/**
 * {@code recoverybench run} refuses bad input with one line and exit 2, before starting anything.
 */
class RunBadInputITCase {
  private static final Duration EXIT = Duration.ofMinutes(2);

  @Test
  void malformedScenarioFileNamesFileLineAndField() throws Exception {
    Path dir = WorkDirs.freshForTest("bad-scenario");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        String.join(
            "\n",
            "name: bad",
            "workload: {partitions: 3, records: 100}",
            "targets:",
            "  - {engine: flink, sink_mode: exactly-twice}",
            ""));
    try (CliProcess cli = CliProcess.start(dir, "run", "--scenario", bad.toString())) {
      assertThat(cli.awaitExit(EXIT)).isEqualTo(2);
      assertThat(cli.stderrLines())
          .containsExactly(
              "recoverybench: error: "
                  + bad
                  + ":4: targets[0].sink_mode: 'exactly-twice' is not one of append, exactly-once,"
                  + " upsert");
      assertThat(cli.stdout()).doesNotContain("started");
    }
  }

  @Test
  void unreachableExternalKafkaIsOneLine() throws Exception {
    Path dir = WorkDirs.freshForTest("bad-endpoint");
    int closedPort = org.recoverybench.process.Ports.free(); // nothing listens there
    Map<String, String> env =
        Map.of(
            "KAFKA_BOOTSTRAP", "127.0.0.1:" + closedPort,
            "S3_ENDPOINT", "http://127.0.0.1:" + closedPort,
            "S3_ACCESS_KEY", "k",
            "S3_SECRET_KEY", "s",
            "JDBC_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/x",
            "JDBC_USER", "u",
            "JDBC_PASSWORD", "p");
    try (CliProcess cli =
        CliProcess.start(
            dir,
            env,
            "run",
            "--scenario",
            RunITCase.scenario("it-kill-taskmanager").toString(),
            "--lab",
            "external",
            "--out",
            dir.resolve("results").toString(),
            "--work-dir",
            dir.resolve("work").toString())) {
      assertThat(cli.awaitExit(EXIT)).isEqualTo(2);
      List<String> err = cli.stderrLines();
      assertThat(err)
          .containsExactly(
              "recoverybench: error: cannot reach Kafka at 127.0.0.1:"
                  + closedPort
                  + ": no broker answered within 10 s");
    }
  }
}
