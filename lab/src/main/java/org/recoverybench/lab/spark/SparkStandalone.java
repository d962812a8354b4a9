package org.recoverybench.lab.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recoverybench.lab.LabException;
import org.recoverybench.process.JavaCommand;
import org.recoverybench.process.LogFiles;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;
import org.recoverybench.process.Ports;
import org.recoverybench.process.ProcessSpec;

/**
 * A Spark standalone cluster from Maven jars: one Master and one Worker, each its own JVM on
 * 127.0.0.1, so that an executor (a child JVM of the Worker) can be killed on its own.
 *
 * <p>The Worker builds its executors' classpath from {@code SPARK_HOME/jars}, which it only uses
 * when {@code SPARK_HOME} holds a {@code RELEASE} file, and it must be told {@code
 * SPARK_SCALA_VERSION}. The jars are the Spark app's runtime classpath ({@code
 * comparison-spark/target/lib}); the app's own jar reaches the executors through {@code
 * spark.executor.extraClassPath}, see {@link #executorClasspath()}.
 */
public final class SparkStandalone implements AutoCloseable {
  private final Path sparkHome;
  private final Path dir;
  private final int masterPort;
  private final ManagedProcess master;
  private final ManagedProcess worker;

  private SparkStandalone(
      Path sparkHome, Path dir, int masterPort, ManagedProcess master, ManagedProcess worker) {
    this.sparkHome = sparkHome;
    this.dir = dir;
    this.masterPort = masterPort;
    this.master = master;
    this.worker = worker;
  }

  /** Starts a Master and a Worker with {@code cores} and {@code memory} (e.g. "2g") to offer. */
  public static SparkStandalone start(Path workDir, int cores, String memory, Duration timeout) {
    Path dir = workDir.toAbsolutePath();
    Path home = dir.resolve("spark-home");
    List<String> appCp = SparkDriver.appClasspath();
    Path lib = Path.of(appCp.get(0).substring(0, appCp.get(0).length() - 2));
    try {
      Files.createDirectories(home);
      Files.writeString(home.resolve("RELEASE"), "Spark (recoverybench, from Maven jars)\n");
      if (!Files.exists(home.resolve("jars"))) {
        Files.createSymbolicLink(home.resolve("jars"), lib);
      }
      Files.createDirectories(dir.resolve("worker"));
    } catch (IOException e) {
      throw new LabException("cannot lay out SPARK_HOME at " + home + ": " + e.getMessage(), e);
    }
    Map<String, String> env =
        Map.of(
            "SPARK_HOME",
            home.toString(),
            "SPARK_SCALA_VERSION",
            "2.13",
            "SPARK_LOCAL_IP",
            Ports.LOOPBACK,
            "SPARK_LOCAL_DIRS",
            dir.resolve("local").toString());
    int masterPort = Ports.free();
    List<String> masterCmd =
        JavaCommand.main("org.apache.spark.deploy.master.Master")
            .jvm("-Xmx256m")
            .jvm(SparkDriver.JAVA17_FLAGS)
            .jvm("-Dspark.master.rest.enabled=false", "-Dspark.master.rest.port=" + Ports.free())
            .classpathDir(lib)
            .args(
                "--host",
                Ports.LOOPBACK,
                "--port",
                Integer.toString(masterPort),
                "--webui-port",
                Integer.toString(Ports.free()))
            .build();
    ManagedProcess master =
        ManagedProcess.start(
            ProcessSpec.of("spark-master", masterCmd, dir, dir.resolve("master.log")).withEnv(env));
    ManagedProcess worker = null;
    try {
      awaitLog(master, "I have been elected leader", timeout);
      List<String> workerCmd =
          JavaCommand.main("org.apache.spark.deploy.worker.Worker")
              .jvm("-Xmx256m")
              .jvm(SparkDriver.JAVA17_FLAGS)
              .classpathDir(lib)
              .args(
                  "--host",
                  Ports.LOOPBACK,
                  "--port",
                  Integer.toString(Ports.free()),
                  "--webui-port",
                  Integer.toString(Ports.free()),
                  "--cores",
                  Integer.toString(cores),
                  "--memory",
                  memory,
                  "--work-dir",
                  dir.resolve("worker").toString(),
                  "spark://" + Ports.LOOPBACK + ":" + masterPort)
              .build();
      worker =
          ManagedProcess.start(
              ProcessSpec.of("spark-worker", workerCmd, dir, dir.resolve("worker.log"))
                  .withEnv(env));
      // its executors are its child JVMs: recorded as they appear, for the reaper
      worker.trackDescendants();
      awaitLog(worker, "Successfully registered with master", timeout);
      return new SparkStandalone(home, dir, masterPort, master, worker);
    } catch (RuntimeException e) {
      if (worker != null) {
        worker.kill9();
      }
      master.kill9();
      throw e;
    }
  }

  public String masterUrl() {
    return "spark://" + Ports.LOOPBACK + ":" + masterPort;
  }

  /** Extra classpath for the executors: the app's own jar. */
  public static String executorClasspath() {
    return SparkDriver.appClasspath().get(1);
  }

  public ManagedProcess master() {
    return master;
  }

  public ManagedProcess worker() {
    return worker;
  }

  /**
   * The executor JVMs the Worker runs now: its child processes, by parent PID, that run an
   * executor. They are also recorded as they appear (see {@link
   * ManagedProcess#trackDescendants()}), so a {@code kill -9} of the harness reaps them too.
   */
  public List<ProcessHandle> executors() {
    return children("org.apache.spark.executor.CoarseGrainedExecutorBackend");
  }

  /**
   * The driver JVMs the Worker runs now (an app submitted in cluster deploy mode): its child
   * processes that run Spark's {@code DriverWrapper}.
   */
  public List<ProcessHandle> drivers() {
    return children("org.apache.spark.deploy.worker.DriverWrapper");
  }

  /** The Worker's children, by parent PID, whose command line names {@code mainClass}. */
  private List<ProcessHandle> children(String mainClass) {
    return ProcessHandle.of(worker.pid())
        .map(
            h ->
                h.children()
                    .filter(ProcessHandle::isAlive)
                    .filter(c -> commandLine(c.pid()).contains(mainClass))
                    .toList())
        .orElse(List.of());
  }

  /** The process's command line from {@code /proc} (its arguments joined by spaces), or "". */
  static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return ""; // it has ended
    }
  }

  /**
   * The Worker's work directory: a directory per driver it runs ({@code driver-*}, with the
   * driver's {@code stdout} and {@code stderr}) and per application ({@code app-*}).
   */
  public Path workerDir() {
    return dir.resolve("worker");
  }

  /** {@code SPARK_HOME} as the Master and the Worker see it. */
  public Path home() {
    return sparkHome;
  }

  public Optional<ProcessHandle> anyExecutor() {
    return executors().stream().findFirst();
  }

  static void awaitLog(ManagedProcess p, String text, Duration timeout) {
    boolean ok =
        Poll.until(
            timeout,
            Duration.ofMillis(200),
            () -> LogFiles.contains(p.logFile(), text) || !p.isAlive());
    if (!ok || !LogFiles.contains(p.logFile(), text)) {
      throw new LabException(
          p + " did not log '" + text + "' within " + timeout + ":\n" + p.logTail(30));
    }
  }

  @Override
  public void close() {
    worker.terminate(Duration.ofSeconds(10));
    master.terminate(Duration.ofSeconds(10));
  }

  Path sparkHome() {
    return sparkHome;
  }
}
