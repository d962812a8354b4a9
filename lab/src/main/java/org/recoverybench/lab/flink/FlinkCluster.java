package org.recoverybench.lab.flink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.recoverybench.lab.Dist;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabException;
import org.recoverybench.process.JavaCommand;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;
import org.recoverybench.process.Ports;
import org.recoverybench.process.ProcessSpec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A Flink session cluster on this machine: a JobManager and TaskManagers, each its own JVM, run
 * from the jars that {@code dist/flink} lays out ({@code lib/}, {@code plugins/s3-fs-hadoop/}) and
 * the project's {@code flink-conf/}. Jobs are submitted the way a user does it, with {@code flink
 * run} (CliFrontend) as a child process. Every process is a {@link ManagedProcess}, so kills go to
 * exactly one PID and nothing outlives the harness.
 *
 * <p>The cluster's directory holds {@code conf/} (a copy of {@code flink-conf/} with the ports and
 * the lab's S3 endpoint and keys), {@code log/} and {@code tmp/}.
 */
public final class FlinkCluster implements AutoCloseable {
  public static final String JM_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  public static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  public static final String CLI_MAIN = "org.apache.flink.client.cli.CliFrontend";
  public static final String BASH_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";

  private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

  private final Path dir;
  private final Path home;
  private final Path lib;
  private final Path plugins;
  private final Path conf;
  private final Endpoints endpoints;
  private final int rpcPort;
  private final int restPort;
  private final int blobPort;

  /** The REST address of a cluster we do not own, or null for our own processes. */
  private final String existingRest;

  /** Settings added to this cluster's config.yaml after the lab's own. */
  private final Map<String, String> extraConf;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ManagedProcess jobManager;
  private int jobManagerStarts;
  private final List<ManagedProcess> taskManagers = new ArrayList<>();
  private final java.util.Map<ManagedProcess, String> resourceIds = new java.util.HashMap<>();
  private int taskManagerStarts;

  /**
   * A cluster in {@code dir} that uses the lab's S3 server.
   *
   * @param dir the cluster's own directory (conf, logs, tmp)
   */
  public FlinkCluster(Path dir, Endpoints endpoints) {
    this(dir, endpoints, Map.of());
  }

  /**
   * A cluster as above with more settings in its {@code config.yaml}, e.g. the HDFS client's
   * ({@code flink.hadoop.dfs.replication}) for {@code hdfs://} checkpoints.
   */
  public FlinkCluster(Path dir, Endpoints endpoints, Map<String, String> extraConf) {
    this(
        dir,
        endpoints,
        Dist.home().resolve("dist/flink/target/flink"),
        Dist.home().resolve("flink-conf"),
        null,
        extraConf);
  }

  public FlinkCluster(Path dir, Endpoints endpoints, Path flinkHome, Path flinkConf) {
    this(dir, endpoints, flinkHome, flinkConf, null, Map.of());
  }

  /**
   * A Flink cluster that already runs and that recoverybench does not own: no process is started or
   * killed; jobs go to it with {@code flink run -m host:port}, and its REST API is read.
   *
   * @param restUrl e.g. {@code http://127.0.0.1:8081}
   */
  public static FlinkCluster existing(Path dir, Endpoints endpoints, String restUrl) {
    return new FlinkCluster(
        dir,
        endpoints,
        Dist.home().resolve("dist/flink/target/flink"),
        Dist.home().resolve("flink-conf"),
        restUrl,
        Map.of());
  }

  private FlinkCluster(
      Path dir,
      Endpoints endpoints,
      Path flinkHome,
      Path flinkConf,
      String existingRest,
      Map<String, String> extraConf) {
    this.existingRest = existingRest;
    this.extraConf = Map.copyOf(extraConf);
    this.dir = dir.toAbsolutePath().normalize();
    this.home = flinkHome.toAbsolutePath().normalize();
    this.lib = home.resolve("lib");
    this.plugins = home.resolve("plugins");
    this.conf = this.dir.resolve("conf");
    this.endpoints = endpoints;
    if (!Files.isDirectory(lib) || !Files.isDirectory(plugins.resolve("s3-fs-hadoop"))) {
      throw new LabException(
          "the Flink jars are missing at "
              + home
              + "; build them with: mvn -DskipTests package -pl dist/flink");
    }
    if (!Files.isRegularFile(flinkConf.resolve("config.yaml"))) {
      throw new LabException("no config.yaml in " + flinkConf);
    }
    this.rpcPort = Ports.free();
    this.restPort = Ports.free();
    this.blobPort = Ports.free();
    writeConf(flinkConf);
  }

  private void writeConf(Path source) {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (existingRest != null) {
      // only the client runs here: it needs the cluster's REST address
      URI u = URI.create(existingRest);
      overrides.put("rest.address", u.getHost());
      overrides.put("rest.port", Integer.toString(u.getPort()));
      overrides.put("jobmanager.rpc.address", u.getHost());
    } else {
      overrides.put("jobmanager.rpc.address", Ports.LOOPBACK);
    }
    overrides.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    overrides.putIfAbsent("rest.port", Integer.toString(restPort));
    overrides.put("blob.server.port", Integer.toString(blobPort));
    overrides.put("metrics.internal.query-service.port", "0");
    overrides.put("io.tmp.dirs", dir.resolve("tmp").toString());
    overrides.put("web.tmpdir", dir.resolve("tmp/web").toString());
    // checkpoint statistics as fresh as the REST API can give them (a harness polls for checkpoints
    // in progress); the default caches them for web.refresh-interval (3 s)
    overrides.put("rest.cache.checkpoint-statistics.timeout", "20ms");
    overrides.put("metrics.fetcher.update-interval", "1000"); // e.g. numRestarts, default 10 s
    overrides.put("s3.endpoint", endpoints.s3Endpoint());
    overrides.put("s3.path.style.access", "true");
    overrides.put("s3.access-key", endpoints.s3AccessKey());
    overrides.put("s3.secret-key", endpoints.s3SecretKey());
    overrides.putAll(extraConf);
    try {
      Files.createDirectories(conf);
      Files.createDirectories(dir.resolve("log"));
      Files.createDirectories(dir.resolve("tmp/web"));
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(source.resolve("config.yaml"))) {
        String key =
            line.contains(":") && !line.startsWith("#") ? line.split(":", 2)[0].trim() : "";
        if (!overrides.containsKey(key)) {
          lines.add(line);
        }
      }
      lines.add("");
      lines.add("# ---- this cluster (written by recoverybench's FlinkCluster) ----");
      overrides.forEach((k, v) -> lines.add(k + ": " + v));
      // it holds the S3 secret key: only its owner may read it
      org.recoverybench.lab.SecretFiles.write(
          conf.resolve("config.yaml"), String.join("\n", lines) + "\n");
      try (Stream<Path> s = Files.list(source)) {
        for (Path p : s.filter(p -> p.getFileName().toString().startsWith("log4j")).toList()) {
          Files.copy(
              p, conf.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new LabException(
          "cannot write the Flink configuration in " + conf + ": " + e.getMessage(), e);
    }
  }

  public int restPort() {
    return restPort;
  }

  public String restUrl() {
    return existingRest != null ? existingRest : "http://" + Ports.LOOPBACK + ":" + restPort;
  }

  /** Whether this is a cluster that recoverybench does not own (no processes of ours). */
  public boolean isExisting() {
    return existingRest != null;
  }

  private void requireOwned(String what) {
    if (existingRest != null) {
      throw new LabException(
          "cannot " + what + ": the Flink cluster at " + existingRest + " is not recoverybench's");
    }
  }

  public Path confDir() {
    return conf;
  }

  public Path dir() {
    return dir;
  }

  public Optional<ManagedProcess> jobManager() {
    return Optional.ofNullable(jobManager);
  }

  public List<ManagedProcess> taskManagers() {
    return List.copyOf(taskManagers);
  }

  /** Starts the JobManager and {@code taskManagers} TaskManagers, and waits for their slots. */
  public void start(int taskManagers, Duration timeout) {
    requireOwned("start a JobManager");
    startJobManager();
    for (int i = 0; i < taskManagers; i++) {
      startTaskManager();
    }
    awaitTaskManagers(taskManagers, timeout);
  }

  /** Starts a JobManager (the first one, or a replacement after a kill) and waits for its REST. */
  public ManagedProcess startJobManager() {
    requireOwned("start a JobManager");
    if (jobManager != null && jobManager.isAlive()) {
      throw new LabException("the JobManager is still running: " + jobManager);
    }
    int n = jobManagerStarts++;
    List<String> mem = resourceParams("GET_JM_RESOURCE_PARAMS");
    Path log = dir.resolve("log/jobmanager-" + n + ".log");
    List<String> cmd =
        JavaCommand.main(JM_MAIN)
            .jvm(splitFlags(mem.get(0)))
            .jvm(javaOpts())
            .jvm(
                "-Dlog.file=" + log,
                "-Dlog4j.configurationFile=" + conf.resolve("log4j.properties"))
            .classpathDir(lib)
            .args("--configDir", conf.toString())
            .args(splitFlags(mem.get(1)))
            .build();
    jobManager =
        ManagedProcess.start(
            new ProcessSpec(
                "flink-jobmanager-" + n,
                cmd,
                env(),
                dir,
                dir.resolve("log/jobmanager-" + n + ".out")));
    boolean up =
        Poll.until(
            Duration.ofSeconds(90),
            Duration.ofMillis(250),
            () -> !jobManager.isAlive() || get("/overview").isPresent());
    if (!jobManager.isAlive() || !up) {
      throw new LabException(
          "the Flink JobManager did not start: " + jobManager.logTail(20) + " (log: " + log + ")");
    }
    return jobManager;
  }

  /** Starts one more TaskManager. */
  public ManagedProcess startTaskManager() {
    requireOwned("start a TaskManager");
    int n = taskManagerStarts++;
    List<String> mem = resourceParams("GET_TM_RESOURCE_PARAMS");
    Path log = dir.resolve("log/taskmanager-" + n + ".log");
    List<String> cmd =
        JavaCommand.main(TM_MAIN)
            .jvm(splitFlags(mem.get(0)))
            .jvm(javaOpts())
            .jvm(javaOpts("env.java.opts.taskmanager"))
            .jvm(
                "-Dlog.file=" + log,
                "-Dlog4j.configurationFile=" + conf.resolve("log4j.properties"))
            .classpathDir(lib)
            .args("--configDir", conf.toString())
            .args(splitFlags(mem.get(1)))
            .args(
                "-Dtaskmanager.rpc.port=" + Ports.free(),
                "-Dtaskmanager.data.port=" + Ports.free(),
                "-Dtaskmanager.resource-id=tm-" + n)
            .build();
    ManagedProcess tm =
        ManagedProcess.start(
            new ProcessSpec(
                "flink-taskmanager-" + n,
                cmd,
                env(),
                dir,
                dir.resolve("log/taskmanager-" + n + ".out")));
    taskManagers.add(tm);
    resourceIds.put(tm, "tm-" + n);
    return tm;
  }

  /** Waits until the JobManager knows {@code n} TaskManagers. */
  public void awaitTaskManagers(int n, Duration timeout) {
    boolean ok = Poll.until(timeout, Duration.ofMillis(250), () -> registeredTaskManagers() >= n);
    if (!ok) {
      throw new LabException(
          "only "
              + registeredTaskManagers()
              + " of "
              + n
              + " Flink TaskManagers registered within "
              + timeout
              + " (logs in "
              + dir.resolve("log")
              + ")");
    }
  }

  public int registeredTaskManagers() {
    return get("/overview").map(j -> intField(j, "taskmanagers")).orElse(0);
  }

  /** kill -9 of one TaskManager by its PID. */
  public void killTaskManager(ManagedProcess tm) {
    tm.kill9();
    taskManagers.remove(tm);
    resourceIds.remove(tm);
  }

  /** kill -9 of the JobManager by its PID. */
  public void killJobManager() {
    if (jobManager != null) {
      jobManager.kill9();
    }
  }

  /** A job submission: what {@code flink run} printed, and the job id it reported. */
  public record Submission(String jobId, int exitCode, String output) {}

  /**
   * Submits a jar with {@code flink run -d}, optionally restoring from a checkpoint or savepoint
   * ({@code -s}). Returns when the client has exited.
   */
  public Submission submit(
      Path jar, Optional<String> restoreFrom, List<String> jobArgs, Duration timeout) {
    List<String> args = new ArrayList<>(List.of("run", "-d"));
    restoreFrom.ifPresent(s -> args.addAll(List.of("-s", s)));
    args.add(jar.toAbsolutePath().toString());
    args.addAll(jobArgs);
    return runCli(args, timeout);
  }

  /** Runs {@code flink <args>} (CliFrontend) against this cluster and waits for it. */
  public Submission runCli(List<String> args, Duration timeout) {
    if (existingRest != null && !args.isEmpty()) {
      // the user-facing way to address an existing cluster: flink <action> -m host:port ...
      URI u = URI.create(existingRest);
      List<String> withM = new ArrayList<>(args);
      withM.addAll(1, List.of("-m", u.getHost() + ":" + u.getPort()));
      args = withM;
    }
    int n = cliRuns++;
    Path out = dir.resolve("log/flink-cli-" + n + ".out");
    List<String> cmd =
        JavaCommand.main(CLI_MAIN)
            .jvm("-Xmx256m")
            .jvm(javaOpts())
            .jvm(
                "-Dlog.file=" + dir.resolve("log/flink-cli-" + n + ".log"),
                "-Dlog4j.configurationFile=" + conf.resolve("log4j-cli.properties"))
            .classpathDir(lib)
            .args(args)
            .build();
    ManagedProcess p =
        ManagedProcess.start(new ProcessSpec("flink-cli-" + n, cmd, env(), dir, out));
    if (!p.awaitExit(timeout)) {
      p.kill9();
      throw new LabException(
          "flink " + String.join(" ", args.subList(0, 1)) + " did not end within " + timeout);
    }
    String text;
    try {
      text = Files.readString(out);
    } catch (IOException e) {
      text = "";
    }
    Matcher m = JOB_ID.matcher(text);
    String jobId = null;
    while (m.find()) {
      jobId = m.group(1);
    }
    return new Submission(jobId, p.exitCode().orElse(-1), text);
  }

  private int cliRuns;

  /** GET on the REST API; empty if the JobManager does not answer or answers with an error. */
  public Optional<String> get(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(restUrl() + path))
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() / 100 == 2 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Cancels a job through the REST API. */
  public void cancel(String jobId) {
    try {
      http.send(
          HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
              .timeout(Duration.ofSeconds(10))
              .method("PATCH", HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new LabException("cannot cancel job " + jobId + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The job's state (RUNNING, FAILED, ...), if the JobManager knows the job. */
  public Optional<String> jobState(String jobId) {
    return get("/jobs/" + jobId).flatMap(j -> stringField(j, "state"));
  }

  /** The number of completed checkpoints of a job, from {@code /jobs/<id>/checkpoints}. */
  public long completedCheckpoints(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints")
        .map(j -> (long) intField(j, "completed"))
        .orElse(0L);
  }

  /**
   * The TaskManagers of this cluster that run tasks of a job, from the REST API's per-vertex
   * listing ({@code taskmanager-id} is the {@code tm-N} resource id each one was started with).
   */
  public List<ManagedProcess> taskManagersOf(String jobId) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    String job = get("/jobs/" + jobId).orElse("");
    Matcher v = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]{32})\"").matcher(job);
    java.util.Set<String> vertices = new java.util.LinkedHashSet<>();
    while (v.find()) {
      vertices.add(v.group(1));
    }
    for (String vertex : vertices) {
      String body = get("/jobs/" + jobId + "/vertices/" + vertex + "/taskmanagers").orElse("");
      Matcher m = Pattern.compile("\"taskmanager-id\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
      while (m.find()) {
        ids.add(m.group(1));
      }
    }
    return taskManagers.stream().filter(tm -> ids.contains(resourceIds.get(tm))).toList();
  }

  /** How many tasks of a job are RUNNING, from {@code /jobs/<id>}. */
  public int runningTasks(String jobId) {
    return get("/jobs/" + jobId)
        .map(
            j -> {
              Matcher m =
                  Pattern.compile(
                          "\"tasks\"\\s*:\\s*\\{[^}]*\"running\"\\s*:\\s*(\\d+)",
                          Pattern.CASE_INSENSITIVE)
                      .matcher(j);
              int n = 0;
              while (m.find()) {
                n += Integer.parseInt(m.group(1));
              }
              return n;
            })
        .orElse(0);
  }

  /**
   * The newest retained checkpoint under a checkpoint directory {@code s3://bucket/prefix}: the
   * {@code chk-N} with a {@code _metadata} object and the highest N, as a path for {@code -s}.
   */
  public Optional<String> latestRetainedCheckpoint(String checkpointDir) {
    URI u = URI.create(checkpointDir);
    String bucket = u.getHost();
    String prefix = u.getPath().replaceFirst("^/", "");
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    Pattern meta = Pattern.compile("(.*/chk-(\\d+))/_metadata");
    String best = null;
    long bestN = -1;
    try (S3Client s3 = LabClients.s3(endpoints)) {
      for (S3Object o :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
              .contents()) {
        Matcher m = meta.matcher(o.key());
        if (m.matches() && Long.parseLong(m.group(2)) > bestN) {
          bestN = Long.parseLong(m.group(2));
          best = m.group(1);
        }
      }
    }
    return Optional.ofNullable(best).map(k -> u.getScheme() + "://" + bucket + "/" + k);
  }

  private Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FLINK_CONF_DIR", conf.toString());
    env.put("FLINK_PLUGINS_DIR", plugins.toString());
    env.put("FLINK_LIB_DIR", lib.toString());
    env.put("FLINK_HOME", home.toString());
    env.put("FLINK_LOG_DIR", dir.resolve("log").toString());
    return env;
  }

  /** Line 1: JVM memory flags; line 2: -D properties, as Flink's start scripts get them. */
  private List<String> resourceParams(String command) {
    Path out = dir.resolve("log/bash-java-utils.out");
    try {
      Files.deleteIfExists(out);
    } catch (IOException e) {
      // the process below rewrites it
    }
    List<String> cmd =
        JavaCommand.main(BASH_UTILS)
            .jvm("-Xmx128m")
            .classpathDir(lib)
            .args(command, "--configDir", conf.toString())
            .build();
    ManagedProcess p =
        ManagedProcess.start(new ProcessSpec("flink-bash-java-utils", cmd, env(), dir, out));
    if (!p.awaitExit(Duration.ofSeconds(60)) || p.exitCode().orElse(-1) != 0) {
      p.kill9();
      throw new LabException("cannot compute the Flink memory settings: " + p.logTail(10));
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(out);
    } catch (IOException e) {
      throw new LabException("cannot read " + out + ": " + e.getMessage(), e);
    }
    String marker = "BASH_JAVA_UTILS_EXEC_RESULT:";
    List<String> results =
        lines.stream()
            .filter(l -> l.startsWith(marker))
            .map(l -> l.substring(marker.length()))
            .toList();
    if (results.size() < 2) {
      List<String> tail = lines.subList(Math.max(0, lines.size() - 2), lines.size());
      if (tail.size() < 2) {
        throw new LabException("unexpected output of BashJavaUtils: " + lines);
      }
      return tail;
    }
    return results.subList(results.size() - 2, results.size());
  }

  private List<String> javaOpts() {
    return javaOpts("env.java.opts.all");
  }

  /** The JVM flags of one {@code env.java.opts.*} key of this cluster's config.yaml. */
  private List<String> javaOpts(String key) {
    List<String> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(conf.resolve("config.yaml"))) {
        if (line.startsWith(key + ":")) {
          out.addAll(splitFlags(line.substring(key.length() + 1)));
        }
      }
    } catch (IOException e) {
      throw new LabException("cannot read " + conf.resolve("config.yaml"), e);
    }
    return out;
  }

  private static List<String> splitFlags(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(t -> !t.isEmpty()).toList();
  }

  static int intField(String json, String field) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(\\d+)").matcher(json);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  static Optional<String> stringField(String json, String field) {
    Matcher m =
        Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Stops every process of the cluster: TaskManagers first, then the JobManager. */
  @Override
  public void close() {
    for (ManagedProcess tm : List.copyOf(taskManagers)) {
      tm.terminate(Duration.ofSeconds(10));
    }
    taskManagers.clear();
    if (jobManager != null) {
      jobManager.terminate(Duration.ofSeconds(10));
    }
  }
}
