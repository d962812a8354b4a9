package org.recoverybench.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.lab.workload.EventProducer;
import org.recoverybench.process.Ports;

/**
 * Bad endpoints against the real lab: the job refuses to start with one line that names the problem
 * and a non-zero exit code, instead of restart loops in TaskManager logs.
 */
class BadOptionsITCase {
  private static EmbeddedLab lab;
  private static Endpoints e;
  private static final String TOPIC = "bad-options";

  @BeforeAll
  static void startLab() throws Exception {
    lab = new EmbeddedLab(LabConfig.at(WorkDirs.freshForTest("flink-bad-options")));
    lab.start();
    e = lab.endpoints();
    EventProducer.createTopic(e.kafkaBootstrap(), TOPIC, 1);
    try (Connection c = LabClients.jdbc(e);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE rb_empty");
    }
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @AfterEach
  void resetFileSystems() throws Exception {
    initS3(e.s3SecretKey());
  }

  private static void initS3(String secret) throws Exception {
    Configuration c = new Configuration();
    c.setString("s3.endpoint", e.s3Endpoint());
    c.setString("s3.path.style.access", "true");
    c.setString("s3.access-key", e.s3AccessKey());
    c.setString("s3.secret-key", secret);
    // fail fast: S3A retries a refused request with back-off for minutes by default
    c.setString("s3.attempts.maximum", "1");
    c.setString("s3.retry.limit", "1");
    FileSystem.initialize(c, PluginUtils.createPluginManagerFromRootFolder(c));
  }

  private static List<String> args() {
    return new ArrayList<>(
        List.of(
            "--bootstrap", e.kafkaBootstrap(),
            "--topic", TOPIC,
            "--jdbc-url", e.jdbcUrl(),
            "--jdbc-user", e.jdbcUser(),
            "--jdbc-password-file", ItSupport.passwordFile(e, "bad-options"),
            "--run-id", "bad",
            "--checkpoint-dir", "s3://" + e.s3Bucket() + "/flink/bad"));
  }

  private static List<String> replacing(String option, String value) {
    List<String> a = args();
    a.set(a.indexOf(option) + 1, value);
    return a;
  }

  private record Outcome(int code, String err) {}

  private static Outcome run(List<String> args) throws Exception {
    var err = new ByteArrayOutputStream();
    int code =
        RecoveryBenchJob.run(
            args.toArray(String[]::new),
            System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = err.toString(StandardCharsets.UTF_8).trim();
    System.out.println("BAD OPTIONS exit=" + code + ": " + text);
    return new Outcome(code, text);
  }

  @Test
  void theGoodOptionsPassThePreflight() throws Exception {
    initS3(e.s3SecretKey());
    Preflight.check(JobOptions.parse(args().toArray(String[]::new)));
  }

  @Test
  void anUnreachableBroker() throws Exception {
    int dead = Ports.free();
    Outcome o = run(replacing("--bootstrap", "127.0.0.1:" + dead));
    assertThat(o.code()).isEqualTo(3);
    assertThat(o.err())
        .isEqualTo(
            "recoverybench-flink-job: error: cannot reach Kafka at 127.0.0.1:"
                + dead
                + ": no broker answered within 15 s");
  }

  @Test
  void aMissingTopic() throws Exception {
    Outcome o = run(replacing("--topic", "no-such-topic"));
    assertThat(o.code()).isEqualTo(3);
    assertThat(o.err()).contains("Kafka topic [no-such-topic] does not exist");
  }

  @Test
  void aWrongS3Key() throws Exception {
    initS3("wrong-secret");
    Outcome o = run(args());
    assertThat(o.code()).isEqualTo(3);
    assertThat(o.err())
        .startsWith(
            "recoverybench-flink-job: error: cannot write to the checkpoint directory s3://")
        .containsAnyOf("403", "Forbidden", "SignatureDoesNotMatch", "AccessDenied");
    assertThat(o.err().lines()).hasSize(1);
  }

  @Test
  void aMissingTable() throws Exception {
    String url = e.jdbcUrl().replaceAll("/[^/]+$", "/rb_empty");
    Outcome o = run(replacing("--jdbc-url", url));
    assertThat(o.code()).isEqualTo(3);
    assertThat(o.err())
        .isEqualTo(
            "recoverybench-flink-job: error: the sink table sink_writes does not exist in "
                + url
                + " (apply the sink schema, sink-schema.sql)");
  }

  @Test
  void aWrongDatabasePassword() throws Exception {
    Outcome o =
        run(replacing("--jdbc-password-file", ItSupport.passwordFile("wrong", "bad-wrong")));
    assertThat(o.code()).isEqualTo(3);
    assertThat(o.err())
        .startsWith(
            "recoverybench-flink-job: error: cannot connect to PostgreSQL at " + e.jdbcUrl())
        .contains("password");
  }
}
