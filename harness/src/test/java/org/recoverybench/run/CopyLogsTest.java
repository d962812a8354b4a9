package org.recoverybench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.result.Secrets;

/** A trial's logs reach its results without the lab's password or secret key. */
class CopyLogsTest {
  @Test
  void theLabsPasswordAndSecretKeyAreRedactedInEveryCopiedLog(@TempDir Path dir) throws Exception {
    String password = "17968377acd58fd55022f57e";
    String secretKey = "0123456789abcdef0123456789abcdef01234567";
    Endpoints e =
        new Endpoints(
            "127.0.0.1:9092",
            "http://127.0.0.1:9000",
            "us-east-1",
            "b",
            "rb-abc",
            secretKey,
            "jdbc:postgresql://127.0.0.1:5432/postgres",
            "postgres",
            password);
    Path work = dir.resolve("work");
    Files.createDirectories(work.resolve("flink/log"));
    Files.writeString(
        work.resolve("flink/log/flink-cli-0.log"),
        "-     ****** (sensitive information)\n-     " + password + "\n");
    Files.writeString(work.resolve("flink/log/jobmanager-0.out"), "key=" + secretKey + "\n");
    Files.writeString(work.resolve("driver-1.log"), "nothing secret\n");
    Path logs = dir.resolve("results/logs");

    TrialRunner.copyLogs(work, logs, Secrets.of(e));

    List<Path> copied;
    try (var s = Files.list(logs)) {
      copied = s.sorted().toList();
    }
    assertThat(copied)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("driver-1.log", "flink_log_flink-cli-0.log", "flink_log_jobmanager-0.out");
    for (Path p : copied) {
      assertThat(Files.readString(p)).doesNotContain(password, secretKey);
    }
    assertThat(Files.readString(logs.resolve("flink_log_flink-cli-0.log")))
        .isEqualTo("-     ****** (sensitive information)\n-     <redacted>\n");
    assertThat(Files.readString(logs.resolve("flink_log_jobmanager-0.out")))
        .isEqualTo("key=<redacted>\n");
    assertThat(Secrets.scanTree(logs)).isEmpty();
    assertThat(e.toString()).doesNotContain(password, secretKey);
  }
}
