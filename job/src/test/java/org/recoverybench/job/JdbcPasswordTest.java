package org.recoverybench.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database password never travels on the command line or in the job graph. */
class JdbcPasswordTest {
  private static final String[] REQUIRED = {
    "--bootstrap", "127.0.0.1:9092",
    "--topic", "events",
    "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/postgres",
    "--run-id", "r1",
    "--checkpoint-dir", "s3://bucket/flink"
  };

  private static String[] with(String... more) {
    String[] a = java.util.Arrays.copyOf(REQUIRED, REQUIRED.length + more.length);
    System.arraycopy(more, 0, a, REQUIRED.length, more.length);
    return a;
  }

  private static Path file(Path dir, String text, String mode) throws Exception {
    Path f = dir.resolve("pw");
    Files.writeString(f, text);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  @Test
  void aPasswordOnTheCommandLineIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> JobOptions.parse(with("--jdbc-password", "hunter2")))
        .isInstanceOf(JobOptions.OptionsException.class)
        .hasMessage(
            "--jdbc-password is refused: a password on the command line shows in ps and in flink"
                + " run's log; put it in the variable JDBC_PASSWORD or in a file of mode 0600"
                + " named by --jdbc-password-file");
  }

  @Test
  void thePasswordFileIsReadWithoutItsNewlineAndOnlyThePathIsSerialized(@TempDir Path dir)
      throws Exception {
    Path f = file(dir, "s3cr3t-value\n", "rw-------");
    JobOptions o = JobOptions.parse(with("--jdbc-password-file", f.toString()));
    assertThat(o.jdbcPassword().read()).isEqualTo("s3cr3t-value");
    assertThat(o.jdbcPassword().describe()).isEqualTo("the file " + f.toAbsolutePath());

    byte[] sink = serialize(JdbcSinks.rows(o));
    assertThat(new String(sink, StandardCharsets.ISO_8859_1))
        .contains(f.toAbsolutePath().toString())
        .doesNotContain("s3cr3t-value");
    byte[] upsert =
        serialize(
            JdbcSinks.rows(
                JobOptions.parse(
                    with("--jdbc-password-file", f.toString(), "--sink-mode", "upsert"))));
    assertThat(new String(upsert, StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t-value");

    // a TaskManager reads the file again when it connects
    JdbcPassword back = (JdbcPassword) deserialize(serialize(o.jdbcPassword()));
    Files.writeString(f, "rotated");
    assertThat(back.read()).isEqualTo("rotated");
  }

  @Test
  void aPasswordFileOthersCanReadIsRefused(@TempDir Path dir) throws Exception {
    Path f = file(dir, "x", "rw-r--r--");
    assertThatThrownBy(() -> JobOptions.parse(with("--jdbc-password-file", f.toString())))
        .isInstanceOf(JobOptions.OptionsException.class)
        .hasMessage(
            "the password file "
                + f.toAbsolutePath()
                + " is open to other users; chmod 600 "
                + f.toAbsolutePath());
  }

  @Test
  void aMissingPasswordFileIsOneLine(@TempDir Path dir) {
    Path f = dir.resolve("none");
    assertThatThrownBy(() -> JobOptions.parse(with("--jdbc-password-file", f.toString())))
        .hasMessage(
            "cannot read the password file " + f.toAbsolutePath() + ": NoSuchFileException");
  }

  @Test
  void theVariableIsReadByEachProcessAndAMissingOneWhereItWasSetIsNamed() throws Exception {
    JdbcPassword set = JdbcPassword.fromEnvironment(Map.of("JDBC_PASSWORD", "pw"));
    JdbcPassword unset = JdbcPassword.fromEnvironment(Map.of());
    assertThat(new String(serialize(set), StandardCharsets.ISO_8859_1)).doesNotContain("pw\u0000");
    if (System.getenv("JDBC_PASSWORD") == null) {
      assertThat(unset.read()).isEmpty();
      assertThatThrownBy(set::read)
          .isInstanceOf(JdbcPassword.PasswordException.class)
          .hasMessageStartingWith(
              "JDBC_PASSWORD is set where the job was submitted but not in this process");
    } else {
      assertThat(set.read()).isEqualTo(System.getenv("JDBC_PASSWORD"));
    }
  }

  private static byte[] serialize(Object o) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(b)) {
      out.writeObject(o);
    }
    return b.toByteArray();
  }

  private static Object deserialize(byte[] b) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      return in.readObject();
    }
  }
}
