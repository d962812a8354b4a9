package org.recoverybench.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AppOptionsTest {
  private static final String[] REQUIRED = {
    "--checkpoint-dir", "/tmp/ckpt", "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/db"
  };

  private static AppOptions parse(Map<String, String> env, String... more) {
    String[] args = new String[REQUIRED.length + more.length];
    System.arraycopy(REQUIRED, 0, args, 0, REQUIRED.length);
    System.arraycopy(more, 0, args, REQUIRED.length, more.length);
    return AppOptions.parse(args, env);
  }

  @Test
  void defaultsAreTheOriginalApps() {
    AppOptions o = parse(Map.of());
    assertThat(o.groupId()).isEqualTo("spark-streaming-group");
    assertThat(o.batchSeconds()).isEqualTo(5);
    assertThat(o.autoOffsetReset()).isNull();
    assertThat(o.variant()).isEqualTo("as-written");
    assertThat(o.sinkMode()).isEqualTo("append");
    assertThat(o.master()).isEqualTo("local[2]");
    Map<String, Object> kafka = SparkStreamingApp.kafkaParams(o);
    assertThat(kafka)
        .containsOnlyKeys(
            "bootstrap.servers", "key.deserializer", "value.deserializer", "group.id");
  }

  @Test
  void poisonRecordsFailByDefaultOrGoToTheDeadLetterTable() {
    assertThat(parse(Map.of()).onParseError()).isEqualTo("fail");
    assertThat(parse(Map.of(), "--on-parse-error", "dead-letter").onParseError())
        .isEqualTo("dead-letter");
    assertThatThrownBy(() -> parse(Map.of(), "--on-parse-error", "skip"))
        .isInstanceOf(AppOptions.UsageException.class)
        .hasMessage("--on-parse-error must be fail or dead-letter, not 'skip'");
  }

  @Test
  void failureDetectionAndResetArePassedToTheConsumer() {
    AppOptions o =
        parse(
            Map.of(),
            "--session-timeout-ms",
            "6000",
            "--heartbeat-interval-ms=2000",
            "--auto-offset-reset",
            "earliest");
    assertThat(SparkStreamingApp.kafkaParams(o))
        .containsEntry("session.timeout.ms", "6000")
        .containsEntry("heartbeat.interval.ms", "2000")
        .containsEntry("auto.offset.reset", "earliest");
  }

  @Test
  void transactionalWritesExactlyOnce() {
    assertThat(parse(Map.of(), "--variant", "transactional").sinkMode()).isEqualTo("exactly-once");
    assertThatThrownBy(() -> parse(Map.of(), "--variant", "transactional", "--sink-mode", "upsert"))
        .hasMessage("the transactional variant writes exactly-once, not upsert");
  }

  @Test
  void theStructuredVariantsAppendOrWriteExactlyOnce() {
    AppOptions append = parse(Map.of(), "--variant", "structured");
    assertThat(append.structured()).isTrue();
    assertThat(append.sinkMode()).isEqualTo("append");
    AppOptions idempotent = parse(Map.of(), "--variant", "structured-idempotent");
    assertThat(idempotent.structured()).isTrue();
    assertThat(idempotent.sinkMode()).isEqualTo("exactly-once");
    assertThat(parse(Map.of(), "--variant", "recoverable").structured()).isFalse();
    assertThatThrownBy(
            () -> parse(Map.of(), "--variant", "structured-idempotent", "--sink-mode", "append"))
        .hasMessage("the structured-idempotent variant writes exactly-once, not append");
    assertThatThrownBy(
            () -> parse(Map.of(), "--variant", "structured", "--auto-offset-reset", "none"))
        .hasMessageStartingWith("--auto-offset-reset none has no Structured Streaming");
  }

  @Test
  void aCheckpointChildIsUnderTheDirectoryWithOrWithoutItsSlash() {
    assertThat(StructuredStreamingApp.under("s3a://b/p/", "offsets"))
        .isEqualTo("s3a://b/p/offsets");
    assertThat(StructuredStreamingApp.under("s3a://b/p", "sources/0/0"))
        .isEqualTo("s3a://b/p/sources/0/0");
  }

  @Test
  void secretsComeFromTheEnvironment() {
    AppOptions o =
        AppOptions.parse(
            new String[] {"--checkpoint-dir", "s3a://b/p", "--s3-endpoint", "http://127.0.0.1:1"},
            Map.of(
                "S3_ACCESS_KEY", "ak", "S3_SECRET_KEY", "sk", "JDBC_URL", "jdbc:postgresql://x/y"));
    assertThat(SparkStreamingApp.s3aSettings(o))
        .containsEntry("fs.s3a.access.key", "ak")
        .containsEntry("fs.s3a.secret.key", "sk")
        .containsEntry("fs.s3a.path.style.access", "true");
  }

  @Test
  void badCommandLinesGiveOneLine() {
    assertThatThrownBy(() -> AppOptions.parse(new String[] {}, Map.of()))
        .hasMessage("option --checkpoint-dir is required (see --help)");
    assertThatThrownBy(() -> parse(Map.of(), "--variant", "nope"))
        .hasMessageStartingWith("--variant must be one of");
    assertThatThrownBy(() -> parse(Map.of(), "--batch-seconds", "x"))
        .hasMessage("--batch-seconds must be a number, not 'x'");
    assertThatThrownBy(() -> parse(Map.of(), "--conf", "novalue"))
        .hasMessage("--conf needs key=value, not 'novalue'");
    assertThatThrownBy(() -> parse(Map.of(), "--topic")).hasMessage("option --topic needs a value");
    assertThatThrownBy(
            () ->
                AppOptions.parse(
                    new String[] {"--checkpoint-dir", "s3a://b/p", "--jdbc-url", "u"}, Map.of()))
        .hasMessage("option --s3-endpoint is required (see --help)");
  }

  @Test
  void theStatefulPipelineIsOffUnlessKeysAreGiven() {
    AppOptions o = parse(Map.of());
    assertThat(o.stateful()).isFalse();
    assertThat(o.keys()).isZero();
    assertThat(o.stateBytes()).isZero();
    assertThat(o.stateCheckpointSeconds()).isZero();
  }

  @Test
  void readsTheKeysTheStateBytesAndTheStateCheckpointInterval() {
    AppOptions o =
        parse(
            Map.of(),
            "--variant",
            "recoverable",
            "--batch-seconds",
            "3",
            "--keys",
            "10000",
            "--state-bytes=64",
            "--state-checkpoint-seconds",
            "12");
    assertThat(o.stateful()).isTrue();
    assertThat(o.keys()).isEqualTo(10_000);
    assertThat(o.stateBytes()).isEqualTo(64);
    assertThat(o.stateCheckpointSeconds()).isEqualTo(12);
    assertThat(parse(Map.of(), "--variant", "transactional", "--keys", "10").stateful()).isTrue();
    assertThat(parse(Map.of(), "--keys", "10000000").keys()).isEqualTo(10_000_000);
  }

  @Test
  void badStateOptionsGiveOneLine() {
    assertThatThrownBy(() -> parse(Map.of(), "--keys", "-1"))
        .isInstanceOf(AppOptions.UsageException.class)
        .hasMessage("--keys must be between 0 and 10000000, not -1");
    assertThatThrownBy(() -> parse(Map.of(), "--keys", "10000001"))
        .hasMessage("--keys must be between 0 and 10000000, not 10000001");
    assertThatThrownBy(() -> parse(Map.of(), "--keys", "many"))
        .hasMessage("--keys must be a number, not 'many'");
    assertThatThrownBy(() -> parse(Map.of(), "--state-bytes", "64"))
        .hasMessage("--state-bytes needs --keys");
    assertThatThrownBy(() -> parse(Map.of(), "--keys", "10", "--state-bytes", "-1"))
        .hasMessage("--state-bytes must be 0 or more, not -1");
    assertThatThrownBy(() -> parse(Map.of(), "--state-checkpoint-seconds", "50"))
        .hasMessage("--state-checkpoint-seconds needs --keys");
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(),
                    "--keys",
                    "10",
                    "--batch-seconds",
                    "5",
                    "--state-checkpoint-seconds",
                    "12"))
        .hasMessage("--state-checkpoint-seconds must be a multiple of --batch-seconds (5), not 12");
    assertThatThrownBy(() -> parse(Map.of(), "--keys", "10", "--state-checkpoint-seconds", "0"))
        .hasMessage("--state-checkpoint-seconds must be a positive number, not 0");
    assertThatThrownBy(() -> parse(Map.of(), "--keys", "10", "--variant", "structured"))
        .hasMessage(
            "--keys (the stateful pipeline) runs on the DStream variants (as-written,"
                + " recoverable, transactional), not on structured");
  }

  @Test
  void sparkConfIsRepeatable() {
    AppOptions o = parse(Map.of(), "--conf", "a.b=1", "--conf", "c=d=e");
    assertThat(o.sparkConf()).containsEntry("a.b", "1").containsEntry("c", "d=e");
    assertThat(SparkStreamingApp.sparkConf(o).get("c")).isEqualTo("d=e");
  }

  @Test
  void helpListsEveryOption() {
    assertThat(AppOptions.help())
        .contains("--session-timeout-ms")
        .contains("--heartbeat-interval-ms")
        .contains("--incarnation")
        .contains("--auto-offset-reset")
        .contains("--keys")
        .contains("--state-bytes")
        .contains("--state-checkpoint-seconds");
  }

  @Test
  void secretsOnTheCommandLineAreRefusedWithoutEchoingThem() {
    for (String[] flag :
        new String[][] {{"jdbc-password", "JDBC_PASSWORD"}, {"s3-secret-key", "S3_SECRET_KEY"}}) {
      assertThatThrownBy(() -> parse(Map.of(), "--" + flag[0], "hunter2"))
          .isInstanceOf(AppOptions.UsageException.class)
          .hasMessage(
              "--"
                  + flag[0]
                  + " is refused: a secret on the command line shows in ps and in logs; set the"
                  + " variable "
                  + flag[1]
                  + " or give --"
                  + flag[0]
                  + "-file PATH (mode 0600)");
      assertThatThrownBy(() -> parse(Map.of(), "--" + flag[0] + "=hunter2"))
          .hasMessageNotContaining("hunter2");
    }
  }

  @Test
  void thePasswordFileTravelsAsItsPathAndIsReadWhereItIsUsed(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path f = dir.resolve("pw");
    java.nio.file.Files.writeString(f, "s3cr3t-value\n");
    java.nio.file.Files.setPosixFilePermissions(
        f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    AppOptions o = parse(Map.of(), "--jdbc-password-file", f.toString());
    SinkConfig sink =
        new SinkConfig(
            "jdbc:postgresql://x/y",
            "u",
            o.jdbcPassword(),
            "r",
            "as-written",
            "append",
            1,
            "g",
            "fail");
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(new PartitionWriter(sink, null));
    }
    String shipped = bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(shipped).contains(f.toAbsolutePath().toString()).doesNotContain("s3cr3t-value");
    SinkConfig back;
    try (var in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      back = ((PartitionWriter) in.readObject()).sink();
    }
    assertThat(back.jdbcPassword().read()).isEqualTo("s3cr3t-value");

    java.nio.file.Files.setPosixFilePermissions(
        f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> parse(Map.of(), "--jdbc-password-file", f.toString()))
        .hasMessage(
            "the secret file "
                + f.toAbsolutePath()
                + " is open to other users; chmod 600 "
                + f.toAbsolutePath());
  }

  @Test
  void aPasswordFromTheVariableIsNotShippedToExecutors() throws Exception {
    AppOptions o = parse(Map.of("JDBC_PASSWORD", "s3cr3t-value"));
    assertThat(o.jdbcPassword().read()).isEqualTo("s3cr3t-value");
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(o.jdbcPassword());
    }
    assertThat(bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("s3cr3t-value");
  }
}
