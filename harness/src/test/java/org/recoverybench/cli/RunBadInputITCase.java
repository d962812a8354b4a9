package org.recoverybench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.process.Poll;
import org.recoverybench.process.Ports;

/**
 * Bad input, one table: each row is run as a user runs the CLI, and must end with exactly one line
 * on stderr and exit code 2, with no process of the run left behind. The rows against an external
 * lab share one embedded lab, started once.
 */
class RunBadInputITCase {
  private static final Duration EXIT = Duration.ofMinutes(2);
  private static final Path BASELINE =
      org.recoverybench.lab.Dist.home()
          .resolve("harness/src/test/resources/scenarios/it-baseline.yaml");

  private static EmbeddedLab lab;
  private static EmbeddedLab noPrepared;

  /** One bad input: how to make it in a fresh directory, and the line it must print. */
  record Row(String name, Setup setup) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** What a row runs: the CLI's arguments and environment, and the line expected on stderr. */
  record Run(List<String> args, Map<String, String> env, String expected) {}

  interface Setup {
    Run in(Path dir) throws Exception;
  }

  static Stream<Row> rows() {
    return Stream.of(
        new Row("malformed YAML", RunBadInputITCase::malformedYaml),
        new Row("an unknown field", RunBadInputITCase::unknownField),
        new Row("an unknown fault", RunBadInputITCase::unknownFault),
        new Row("a taken port", RunBadInputITCase::takenPort),
        new Row("an unwritable work directory", RunBadInputITCase::unwritableWorkDir),
        new Row("Kafka unreachable", RunBadInputITCase::kafkaUnreachable),
        new Row("wrong S3 keys", RunBadInputITCase::wrongS3Keys),
        new Row("the sink table missing", RunBadInputITCase::sinkTableMissing),
        new Row("a wrong database password", RunBadInputITCase::wrongDatabasePassword),
        new Row("a non-empty --out", RunBadInputITCase::nonEmptyOut),
        new Row("report on a corrupt result.json", RunBadInputITCase::corruptResult),
        new Row("max_prepared_transactions = 0", RunBadInputITCase::noPreparedTransactions),
        new Row("--trials 0", RunBadInputITCase::zeroTrials),
        new Row("a secret on the command line", RunBadInputITCase::secretFlag));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void badInputIsOneLineExitTwoAndNothingLeftRunning(Row row) throws Exception {
    Path dir = WorkDirs.freshForTest("bad-input");
    Run run = row.setup().in(dir);
    try (CliProcess cli = CliProcess.start(dir, run.env(), run.args().toArray(String[]::new))) {
      int code = cli.awaitExit(EXIT);
      List<String> err = cli.stderrLines();
      System.out.println("BAD INPUT [" + row.name() + "] exit " + code + ": " + err);
      assertThat(err).as(row.name()).containsExactly(run.expected());
      assertThat(code).as(row.name()).isEqualTo(2);
      List<Long> started = cli.startedPids();
      assertThat(
              Poll.until(
                  Duration.ofSeconds(30),
                  Duration.ofMillis(200),
                  () -> CliProcess.allGone(started)))
          .as("the lab processes the CLI started are gone: " + started)
          .isTrue();
      assertThat(processesNaming(dir)).as("processes that name " + dir).isEmpty();
    }
  }

  @AfterAll
  static void stopLab() throws IOException {
    for (ServerSocket s : HELD) {
      s.close();
    }
    if (lab != null) {
      lab.close();
    }
    if (noPrepared != null) {
      noPrepared.close();
    }
  }

  /** The PIDs of live processes whose command line names {@code dir} (what this row started). */
  static List<Long> processesNaming(Path dir) throws IOException {
    List<Long> pids = new ArrayList<>();
    String needle = dir.toString();
    try (Stream<Path> s = Files.list(Path.of("/proc"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
          long pid = Long.parseLong(p.getFileName().toString());
          if (cmd.contains(needle) && pid != ProcessHandle.current().pid()) {
            pids.add(pid);
          }
        } catch (IOException e) {
          // the process ended while we looked
        }
      }
    }
    return pids;
  }

  private static String line(String message) {
    return "recoverybench: error: " + message;
  }

  private static List<String> run(Path dir, String... more) {
    List<String> a = new ArrayList<>(List.of("run"));
    a.addAll(List.of(more));
    if (!a.contains("--out")) {
      a.addAll(List.of("--out", dir.resolve("results").toString()));
    }
    if (!a.contains("--work-dir")) {
      a.addAll(List.of("--work-dir", dir.resolve("work").toString()));
    }
    return a;
  }

  private static Run malformedYaml(Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("bad.yaml"), "name: [unclosed\n");
    return new Run(
        run(dir, "--scenario", f.toString()),
        Map.of(),
        line(f + ":2: not valid YAML: expected ',' or ']', but got <stream end>"));
  }

  private static Run unknownField(Path dir) throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("bad.yaml"),
            String.join(
                "\n",
                "name: bad",
                "workload: {partitions: 3, records: 100}",
                "targets:",
                "  - {engine: flink, sink_mode: exactly-once}",
                "retries: 3",
                ""));
    return new Run(
        run(dir, "--scenario", f.toString()),
        Map.of(),
        line(
            f
                + ":5: retries: unknown field; known fields here: description, faults, name, run,"
                + " settings, targets, workload"));
  }

  private static Run unknownFault(Path dir) throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("bad.yaml"),
            Files.readString(BASELINE) + "faults: [{type: kill-everything, at: 5s}]\n");
    return new Run(
        run(dir, "--scenario", f.toString()),
        Map.of(),
        line(
            f
                + ":9: faults[0].type: 'kill-everything' is not one of "
                // every registered type, in name order (the registry grows with the catalogue)
                + String.join(
                    ", ", new java.util.TreeSet<>(org.recoverybench.fault.FaultTypes.names()))));
  }

  private static Run takenPort(Path dir) throws IOException {
    // the lab's recorded Kafka port, held by another listener
    ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK));
    HELD.add(held);
    Path state = dir.resolve("work/lab/lab.properties");
    Files.createDirectories(state.getParent());
    Files.writeString(state, "kafka.port=" + held.getLocalPort() + "\n");
    return new Run(
        run(dir, "--scenario", BASELINE.toString()),
        Map.of(),
        line("port " + held.getLocalPort() + " on 127.0.0.1 is already in use (wanted by kafka)"));
  }

  private static final List<ServerSocket> HELD = new ArrayList<>();

  private static Run unwritableWorkDir(Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory\n");
    return new Run(
        run(dir, "--scenario", BASELINE.toString(), "--work-dir", file.resolve("sub").toString()),
        Map.of(),
        line(
            "the work directory "
                + file.resolve("sub/lab")
                + " is not writable: FileSystemException ("
                + file.resolve("sub")
                + ": Not a directory)"));
  }

  private static Map<String, String> externalEnv(Endpoints e) {
    Map<String, String> m = new HashMap<>(e.asMap());
    m.remove("S3_REGION");
    return m;
  }

  private static List<String> external(Path dir) {
    return run(dir, "--scenario", BASELINE.toString(), "--lab", "external");
  }

  private static Run kafkaUnreachable(Path dir) {
    int closed = Ports.free(); // nothing listens there
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP", "127.0.0.1:" + closed);
    env.put("S3_ENDPOINT", "http://127.0.0.1:" + closed);
    env.put("S3_ACCESS_KEY", "k");
    env.put("S3_SECRET_KEY", "s");
    env.put("JDBC_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/x");
    env.put("JDBC_USER", "u");
    env.put("JDBC_PASSWORD", "p");
    return new Run(
        external(dir),
        env,
        line("cannot reach Kafka at 127.0.0.1:" + closed + ": no broker answered within 10 s"));
  }

  private static synchronized Endpoints lab() {
    if (lab == null) {
      lab = new EmbeddedLab(LabConfig.at(WorkDirs.freshForTest("bad-input-lab")));
      lab.start();
    }
    return lab.endpoints();
  }

  private static Run wrongS3Keys(Path dir) {
    Endpoints e = lab();
    Map<String, String> env = externalEnv(e);
    env.put("S3_SECRET_KEY", "not-the-secret-key");
    return new Run(
        external(dir),
        env,
        line(
            "cannot use bucket "
                + e.s3Bucket()
                + " at "
                + e.s3Endpoint()
                + ": the access key or secret key was refused (HTTP 403)"));
  }

  private static Run wrongDatabasePassword(Path dir) {
    Endpoints e = lab();
    Map<String, String> env = externalEnv(e);
    env.put("JDBC_PASSWORD", "not-the-password");
    return new Run(
        external(dir),
        env,
        line(
            "cannot use PostgreSQL at "
                + e.jdbcUrl()
                + " as "
                + e.jdbcUser()
                + ": FATAL: password authentication failed for user \""
                + e.jdbcUser()
                + "\""));
  }

  /**
   * A database without the sink tables, as a user who may not create them: the external lab cannot
   * apply the sink schema there.
   */
  private static Run sinkTableMissing(Path dir) throws Exception {
    Endpoints e = lab();
    String db = "rb_no_sink_" + System.nanoTime();
    try (Connection c = LabClients.jdbc(e);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
      s.execute(
          "DO $$ BEGIN CREATE ROLE rb_reader LOGIN PASSWORD 'reader';"
              + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
      s.execute("GRANT CONNECT ON DATABASE " + db + " TO rb_reader");
    }
    String url = e.jdbcUrl().replaceAll("/[^/?]+(\\?.*)?$", "/" + db);
    Map<String, String> env = externalEnv(e);
    env.put("JDBC_URL", url);
    env.put("JDBC_USER", "rb_reader");
    env.put("JDBC_PASSWORD", "reader");
    return new Run(
        external(dir),
        env,
        line(
            "cannot use PostgreSQL at "
                + url
                + " as rb_reader: ERROR: permission denied for schema public"));
  }

  /** A second lab whose PostgreSQL runs with max_prepared_transactions = 0. */
  private static Run noPreparedTransactions(Path dir) {
    if (lab != null) {
      lab.close(); // its rows are done: one lab at a time on a small machine
      lab = null;
    }
    noPrepared =
        new EmbeddedLab(
            LabConfig.at(WorkDirs.freshForTest("bad-input-no-prepared"))
                .withMaxPreparedTransactions(0));
    noPrepared.start();
    Endpoints e = noPrepared.endpoints();
    return new Run(
        external(dir),
        externalEnv(e),
        line(
            "PostgreSQL at "
                + e.jdbcUrl()
                + " has max_prepared_transactions = 0; the exactly-once sinks prepare"
                + " transactions: set it above 0 (e.g. 64) and restart the server"));
  }

  private static Run nonEmptyOut(Path dir) throws IOException {
    Path out = dir.resolve("results");
    Files.createDirectories(out);
    Files.writeString(out.resolve("summary.csv"), "an earlier run\n");
    return new Run(
        run(dir, "--scenario", BASELINE.toString()),
        Map.of(),
        line(
            "--out "
                + out
                + " is not empty; give a new or empty directory, or --resume to continue the"
                + " run that this command started there"));
  }

  private static Run corruptResult(Path dir) throws IOException {
    Path f = dir.resolve("results/baseline/flink-datastream-exactly-once/trial-1/result.json");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "{\"scenario\": \"baseline\", ");
    return new Run(
        List.of("report", dir.resolve("results").toString()),
        Map.of(),
        line(
            f
                + ":1:26: not a valid result: Unexpected end-of-input within/between Object entries"));
  }

  private static Run zeroTrials(Path dir) {
    return new Run(
        run(dir, "--scenario", BASELINE.toString(), "--trials", "0"),
        Map.of(),
        line("--trials must be 1 or more, got 0 (see 'recoverybench run --help')"));
  }

  private static Run secretFlag(Path dir) {
    return new Run(
        run(dir, "--scenario", BASELINE.toString(), "--lab", "external", "--jdbc-password", "x"),
        Map.of(),
        line(
            "--jdbc-password is refused: a secret on the command line shows in ps and in"
                + " run.json; set the variable JDBC_PASSWORD instead"));
  }
}
