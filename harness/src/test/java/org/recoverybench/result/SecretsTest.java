package org.recoverybench.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.lab.Dist;

/** No secret in the committed results, and none in the logs a trial copies into its results. */
class SecretsTest {
  private static final Path LOG = Path.of("x.log");
  private static final String CLI = "2026-11-24 22:31:22,027 INFO  CliFrontend [] -     ";

  @Test
  void theCommittedResultsHoldNoSecret() throws Exception {
    Path results = Dist.home().resolve("results");
    assertThat(results).isDirectory();
    assertThat(Secrets.scanTree(results)).as("secrets under results/").isEmpty();
  }

  @Test
  void aValueAfterAMaskedOptionIsFound() {
    List<Secrets.Finding> f =
        Secrets.scan(
            LOG,
            List.of(
                CLI + "--jdbc-password",
                CLI + "****** (sensitive information)",
                CLI + "hunter2",
                CLI + "--checkpoint-dir"));
    assertThat(f).extracting(Secrets.Finding::line).containsExactly(3);
    assertThat(f.get(0).why()).isEqualTo("a value after a masked option");
  }

  @Test
  void aRedactedValueAfterAMaskedOptionIsFine() {
    assertThat(
            Secrets.scan(
                LOG,
                List.of(
                    CLI + "****** (sensitive information)",
                    CLI + "<redacted>",
                    CLI + "****** (sensitive information)",
                    CLI + "--next-option",
                    CLI + "****** (sensitive information)",
                    CLI + "****** (sensitive information)",
                    CLI + "--checkpoint-dir")))
        .isEmpty();
  }

  @Test
  void settingsDumpsAndFlagsWithValuesAreFound() {
    List<String> lines =
        List.of(
            "password=hunter2",
            "s3.secret-key: abc",
            "Loading configuration property: s3.secret-key, abc",
            "java Main --jdbc-password hunter2",
            "fs.s3a.secret.key = abc");
    assertThat(Secrets.scan(LOG, lines))
        .extracting(Secrets.Finding::line)
        .containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void maskedOrRedactedSettingsAndPlainWordsAreFine() {
    List<String> lines =
        List.of(
            "Loading configuration property: s3.secret-key, ******",
            "password=<redacted>",
            "FATAL: password authentication failed for user \"postgres\"",
            "--jdbc-password-file /w/secrets/jdbc-password",
            "the JDBC_PASSWORD variable: ${env:JDBC_PASSWORD}");
    assertThat(Secrets.scan(LOG, lines)).isEmpty();
  }

  @Test
  void theLabsCredentialShapesAreFoundButBlobKeysAreNot() {
    List<String> lines =
        List.of(
            "connecting with 17968377acd58fd55022f57e",
            "key 0123456789abcdef0123456789abcdef01234567.",
            "Downloading da46/p-5e06ed33a89902754c4009601e3cdab4712d649e-1391fe31eb93 from x",
            "job 0123456789abcdef0123456789abcdef is RUNNING");
    assertThat(Secrets.scan(LOG, lines)).extracting(Secrets.Finding::line).containsExactly(1, 2);
  }

  @Test
  void copyingALogRedactsTheLabsPasswordAndSecretKey(@TempDir Path dir) throws Exception {
    Path from = dir.resolve("flink-cli-0.log");
    Files.writeString(
        from,
        CLI
            + "****** (sensitive information)\n"
            + CLI
            + "pw-12345\n"
            + "s3 key sk-67890 and again pw-12345\n");
    Path to = dir.resolve("copy.log");
    Secrets.copyRedacted(from, to, List.of("pw-12345", "sk-67890", ""));
    assertThat(Files.readAllLines(to))
        .containsExactly(
            CLI + "****** (sensitive information)",
            CLI + "<redacted>",
            "s3 key <redacted> and again <redacted>");
    assertThat(Secrets.scan(to, Files.readAllLines(to))).isEmpty();
    assertThat(Secrets.scan(from, Files.readAllLines(from))).hasSize(1);
  }

  @Test
  void aPasswordThatIsAlsoAWordOfTheLogsIsRedactedOnlyWhereItStandsAlone() {
    List<String> pw = List.of("recoverybench");
    assertThat(
            Secrets.redact(
                "INFO org.recoverybench.spark.App - jdbc password=recoverybench, bucket"
                    + " recoverybench-data, url postgres://recoverybench:recoverybench@127.0.0.1",
                pw))
        .isEqualTo(
            "INFO org.recoverybench.spark.App - jdbc password=<redacted>, bucket"
                + " recoverybench-data, url postgres://<redacted>:<redacted>@127.0.0.1");
  }

  @Test
  void runJsonsCommitIsNotASecretKeyButTheSameHexElsewhereIs() {
    String commit = "4427f1b55a75a51ee528db93b401bdb760218d84";
    assertThat(Secrets.scan(LOG, List.of("  \"git_commit\" : \"" + commit + "\","))).isEmpty();
    assertThat(Secrets.scan(LOG, List.of("  \"note\" : \"" + commit + "\","))).hasSize(1);
  }
}
