package org.recoverybench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.spark.SparkDriver;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Ports;

/** Bad settings end the driver with a non-zero exit and one clear {@code error:} line. */
class SparkBadOptionsITCase {
  private static SparkLab lab;

  @BeforeAll
  static void startLab() {
    lab = new SparkLab("sp-bad");
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  private static String errorLine(ManagedProcess p) throws Exception {
    assertThat(p.awaitExit(Duration.ofMinutes(2))).as("%s ended", p).isTrue();
    assertThat(p.exitCode().getAsInt()).isNotZero();
    List<String> errors =
        java.nio.file.Files.readAllLines(p.logFile()).stream()
            .filter(l -> l.startsWith("error: "))
            .collect(Collectors.toList());
    assertThat(errors).as("log of %s:%n%s", p, p.logTail(30)).hasSize(1);
    SparkLab.report("bad option, " + p.name() + ": " + errors.get(0));
    return errors.get(0);
  }

  @Test
  void unreachableBroker() throws Exception {
    String topic = "t-bad-broker";
    SparkDriver d =
        lab.driver("as-written", "bad-broker", topic)
            .option("bootstrap", "127.0.0.1:" + Ports.free());
    assertThat(errorLine(lab.start(d))).contains("cannot reach Kafka at 127.0.0.1:");
  }

  @Test
  void wrongS3Keys() throws Exception {
    String topic = "t-bad-s3";
    lab.createTopic(topic);
    for (String variant : List.of("as-written", "recoverable")) {
      SparkDriver d =
          lab.driver(variant, "bad-s3-" + variant, topic)
              .env("S3_SECRET_KEY", "not-the-secret")
              .incarnation(variant.equals("as-written") ? 1 : 2);
      assertThat(errorLine(lab.start(d))).containsAnyOf("403", "AccessDenied", "Forbidden");
    }
  }

  @Test
  void missingTable() throws Exception {
    try (Connection c = LabClients.jdbc(lab.endpoints());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE no_sink_tables");
    }
    String url = lab.endpoints().jdbcUrl().replaceAll("/[^/?]+(\\?|$)", "/no_sink_tables$1");
    SparkDriver d = lab.driver("transactional", "bad-table", "t-bad-table").option("jdbc-url", url);
    assertThat(errorLine(lab.start(d))).contains("sink tables").contains("missing");
  }

  @Test
  void unknownOption() throws Exception {
    SparkDriver d = lab.driver("as-written", "bad-option", "t").option("no-such-option", "x");
    assertThat(errorLine(lab.start(d)))
        .isEqualTo("error: unknown option --no-such-option (see --help)");
  }
}
