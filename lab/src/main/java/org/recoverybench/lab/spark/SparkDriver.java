package org.recoverybench.lab.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.recoverybench.lab.Dist;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabException;
import org.recoverybench.lab.SecretFiles;
import org.recoverybench.process.JavaCommand;
import org.recoverybench.process.LogFiles;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;
import org.recoverybench.process.Ports;
import org.recoverybench.process.ProcessSpec;

/**
 * Starts the Spark Streaming app of {@code comparison-spark/} as its own driver JVM, from the
 * classpath that module's build lays out ({@code comparison-spark/target/lib} and its jar). The S3
 * keys go through the environment, the database password through a file of mode 0600 that the
 * driver and every executor read (the tasks carry its path); never the command line.
 */
public final class SparkDriver {
  public static final String MAIN_CLASS = "org.recoverybench.spark.SparkStreamingApp";

  /**
   * The JVM flags Spark 4.2.0 needs on Java 17: spark-launcher's {@code JavaModuleOptions}, which
   * {@code spark-submit} would add.
   */
  public static final List<String> JAVA17_FLAGS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-modules=jdk.incubator.vector",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "-Dio.netty.tryReflectionSetAccessible=true",
          "-Dio.netty.allocator.type=pooled",
          "-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE");

  private final Endpoints endpoints;
  private final Path workDir;
  private final Map<String, String> options = new LinkedHashMap<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Map<String, String> sparkConf = new LinkedHashMap<>();
  private String heap = "1g";

  private SparkDriver(Endpoints endpoints, Path workDir) {
    this.endpoints = endpoints;
    this.workDir = workDir.toAbsolutePath();
    options.put("bootstrap", endpoints.kafkaBootstrap());
    options.put("jdbc-url", endpoints.jdbcUrl());
    options.put("jdbc-user", endpoints.jdbcUser());
    options.put("s3-endpoint", endpoints.s3Endpoint());
    options.put("s3-region", endpoints.s3Region());
    env.put("S3_ACCESS_KEY", endpoints.s3AccessKey());
    env.put("S3_SECRET_KEY", endpoints.s3SecretKey());
    options.put(
        "jdbc-password-file",
        SecretFiles.secret(this.workDir.resolve("secrets/jdbc-password"), endpoints.jdbcPassword())
            .toString());
    env.put("SPARK_LOCAL_IP", Ports.LOOPBACK);
  }

  /** A driver against the lab's endpoints, with its logs under {@code workDir}. */
  public static SparkDriver against(Endpoints endpoints, Path workDir) {
    return new SparkDriver(endpoints, workDir);
  }

  /** Sets one of the app's options ({@code --name value}); see the app's {@code --help}. */
  public SparkDriver option(String name, Object value) {
    options.put(name, String.valueOf(value));
    return this;
  }

  /** A Spark setting, passed as {@code --conf key=value}. */
  public SparkDriver conf(String key, Object value) {
    sparkConf.put(key, String.valueOf(value));
    return this;
  }

  /** Runs on a standalone cluster instead of {@code local[N]}. */
  public SparkDriver onCluster(SparkStandalone cluster, int cores, String executorMemory) {
    return onMaster(cluster.masterUrl(), cores, executorMemory);
  }

  /**
   * Runs on any standalone master ({@code spark://host:port}), e.g. one recoverybench does not own.
   * The driver runs here; the executors run on the master's workers, which must see the app's jar
   * at the same path (it is named in {@code spark.executor.extraClassPath}) or have it in their
   * {@code SPARK_HOME/jars}.
   */
  public SparkDriver onMaster(String masterUrl, int cores, String executorMemory) {
    option("master", masterUrl);
    conf("spark.executor.extraClassPath", SparkStandalone.executorClasspath());
    conf("spark.cores.max", cores);
    conf("spark.executor.cores", cores);
    conf("spark.executor.memory", executorMemory);
    return this;
  }

  public SparkDriver variant(String variant) {
    return option("variant", variant);
  }

  public SparkDriver sinkMode(String mode) {
    return option("sink-mode", mode);
  }

  public SparkDriver runId(String runId) {
    return option("run-id", runId);
  }

  public SparkDriver topic(String topic) {
    return option("topic", topic);
  }

  public SparkDriver groupId(String groupId) {
    return option("group-id", groupId);
  }

  /** The checkpoint directory {@code s3a://<lab bucket>/<prefix>}. */
  public SparkDriver s3Checkpoint(String prefix) {
    return option("checkpoint-dir", "s3a://" + endpoints.s3Bucket() + "/" + prefix);
  }

  public SparkDriver incarnation(int n) {
    return option("incarnation", n);
  }

  public SparkDriver heap(String heap) {
    this.heap = heap;
    return this;
  }

  public SparkDriver env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** The app's classpath: {@code comparison-spark/target/lib/*} and its jar. */
  public static List<String> appClasspath() {
    Path target = Dist.home().resolve("comparison-spark").resolve("target");
    Path lib = target.resolve("lib");
    Optional<Path> jar;
    try (Stream<Path> s = Files.exists(target) ? Files.list(target) : Stream.empty()) {
      jar =
          s.filter(
                  p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith("recoverybench-comparison-spark-")
                        && n.endsWith(".jar")
                        && !n.endsWith("-tests.jar");
                  })
              .findFirst();
    } catch (IOException e) {
      throw new LabException("cannot list " + target + ": " + e.getMessage(), e);
    }
    if (!Files.isDirectory(lib) || jar.isEmpty()) {
      throw new LabException(
          "the Spark app is not built at "
              + target
              + "; build it with: mvn -DskipTests package -pl comparison-spark -am");
    }
    return List.of(lib.toAbsolutePath() + "/*", jar.get().toAbsolutePath().toString());
  }

  /** The command line, without the secrets (they go through the environment). */
  public List<String> command() {
    return command(options);
  }

  private List<String> command(Map<String, String> options) {
    JavaCommand c = JavaCommand.main(MAIN_CLASS).jvm("-Xmx" + heap).jvm(JAVA17_FLAGS);
    appClasspath().forEach(c::classpath);
    List<String> args = new ArrayList<>();
    options.forEach(
        (k, v) -> {
          args.add("--" + k);
          args.add(v);
        });
    sparkConf.forEach(
        (k, v) -> {
          args.add("--conf");
          args.add(k + "=" + v);
        });
    return c.args(args).build();
  }

  /** Starts the driver; its stdout and stderr go to {@code workDir/driver-<incarnation>.log}. */
  public ManagedProcess start() {
    String inc = options.getOrDefault("incarnation", "1");
    Path log = workDir.resolve("driver-" + inc + ".log");
    // pinned ports, free when this driver starts, unless the caller chose them
    Map<String, String> opts = new LinkedHashMap<>(options);
    opts.putIfAbsent("driver-port", Integer.toString(Ports.free()));
    opts.putIfAbsent("block-manager-port", Integer.toString(Ports.free()));
    ProcessSpec spec =
        ProcessSpec.of("spark-driver-" + inc, command(opts), workDir, log).withEnv(Map.copyOf(env));
    return ManagedProcess.start(spec);
  }

  /**
   * Submits the app to {@code cluster} in cluster deploy mode with {@code --supervise}, as {@code
   * spark-submit} does it: the Master has the Worker launch the driver, and the Worker launches it
   * again whenever it exits with a non-zero code. The client's output goes to {@code
   * workDir/spark-submit.log}. The S3 keys reach the driver through the client's environment, which
   * the standalone client hands to the driver's launch (never a command line).
   */
  public ClusterDriver submitSupervised(SparkStandalone cluster, Duration timeout) {
    Map<String, String> opts = new LinkedHashMap<>(options);
    opts.putIfAbsent("driver-port", Integer.toString(Ports.free()));
    opts.putIfAbsent("block-manager-port", Integer.toString(Ports.free()));
    List<String> cp = appClasspath();
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--master",
            cluster.masterUrl(),
            "--deploy-mode",
            "cluster",
            "--supervise",
            "--class",
            MAIN_CLASS,
            "--name",
            "recoverybench-" + opts.getOrDefault("run-id", "app"),
            "--driver-memory",
            heap,
            "--conf",
            "spark.driver.extraJavaOptions=" + String.join(" ", JAVA17_FLAGS),
            cp.get(1)));
    opts.forEach(
        (k, v) -> {
          args.add("--" + k);
          args.add(v);
        });
    sparkConf.forEach(
        (k, v) -> {
          args.add("--conf");
          args.add(k + "=" + v);
        });
    List<String> command =
        JavaCommand.main("org.apache.spark.deploy.SparkSubmit")
            .jvm("-Xmx256m")
            .jvm(JAVA17_FLAGS)
            .classpath(cp.get(0))
            .args(args)
            .build();
    Map<String, String> clientEnv = new LinkedHashMap<>(env);
    clientEnv.put("SPARK_HOME", cluster.home().toString());
    clientEnv.put("SPARK_SCALA_VERSION", "2.13");
    Path log = workDir.resolve("spark-submit.log");
    ManagedProcess client =
        ManagedProcess.start(
            ProcessSpec.of("spark-submit", command, workDir, log).withEnv(Map.copyOf(clientEnv)));
    return ClusterDriver.submit(cluster, client, log, timeout);
  }

  /**
   * Waits until the driver's log contains {@code text}; fails with the log's tail if the driver
   * ends first or the timeout passes.
   */
  public static void awaitLog(ManagedProcess driver, String text, Duration timeout) {
    boolean seen =
        Poll.until(
            timeout,
            Duration.ofMillis(200),
            () -> LogFiles.contains(driver.logFile(), text) || !driver.isAlive());
    if (!seen || !LogFiles.contains(driver.logFile(), text)) {
      throw new LabException(
          driver
              + (driver.isAlive() ? " did not log '" : " ended before it logged '")
              + text
              + "' within "
              + timeout
              + ":\n"
              + driver.logTail(40));
    }
  }

  /** Waits until the driver has started its stream: its consumer has its start offsets. */
  public static void awaitReady(ManagedProcess driver, Duration timeout) {
    awaitLog(driver, "RB-READY", timeout);
  }
}
