package org.recoverybench.lab.flink;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.recoverybench.lab.Dist;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabException;
import org.recoverybench.process.JavaCommand;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;
import org.recoverybench.process.Ports;
import org.recoverybench.process.ProcessSpec;

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

  /**
   * How long ZooKeeper keeps a killed JobManager's session, and so its leadership: the least time a
   * standby needs to take over after a {@code kill -9}. Flink's default is 60 s.
   */
  public static final int HA_SESSION_TIMEOUT_MS = 4000;

  /**
   * The settings of JobManager high availability with ZooKeeper: the leader elected and the job
   * pointers kept in ZooKeeper under {@code clusterId}, the job graphs and checkpoint pointers in
   * {@code storageDir}, and sessions short enough for a standby to take over within seconds of a
   * {@code kill -9}.
   */
  public static Map<String, String> zooKeeperHa(
      String quorum, String storageDir, String clusterId) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("high-availability.type", "zookeeper");
    m.put("high-availability.zookeeper.quorum", quorum);
    m.put("high-availability.storageDir", storageDir);
    m.put("high-availability.cluster-id", clusterId);
    m.put(
        "high-availability.zookeeper.client.session-timeout",
        Integer.toString(HA_SESSION_TIMEOUT_MS));
    m.put("high-availability.zookeeper.client.connection-timeout", "3000");
    m.put("high-availability.zookeeper.client.retry-wait", "500");
    return m;
  }

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

  private final FlinkRest rest;
  private final FlinkJvm jvm;

  /** With JobManager high availability ({@code high-availability.type: zookeeper} in extraConf). */
  private final boolean ha;

  /** The JobManagers started and still tracked, oldest first; without HA at most one. */
  private final List<JobManagerProcess> jobManagers = new ArrayList<>();

  private int jobManagerStarts;
  // read by the harness's threads while a TaskManager is started or replaced
  private final List<ManagedProcess> taskManagers =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<ManagedProcess, String> resourceIds =
      new java.util.concurrent.ConcurrentHashMap<>();
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
    // a REST port in the extra settings (lab up --flink-rest-port) is the first JobManager's
    this.restPort =
        this.extraConf.containsKey("rest.port")
            ? Integer.parseInt(this.extraConf.get("rest.port"))
            : Ports.free();
    this.blobPort = Ports.free();
    this.ha = "zookeeper".equals(this.extraConf.get("high-availability.type"));
    this.rest = new FlinkRest(this::restUrl);
    this.jvm = new FlinkJvm(this.dir, lib, conf, this::env);
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
          Files.copy(p, conf.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
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

  /**
   * The REST address to ask: an existing cluster's; without HA, the JobManager's; with HA, that of
   * the oldest JobManager still alive, which is the leader (a standby is started only once the one
   * before it leads, and each takes over from the one before it).
   */
  public String restUrl() {
    if (existingRest != null) {
      return existingRest;
    }
    int port;
    synchronized (jobManagers) {
      port =
          jobManagers.stream()
              .filter(j -> j.process().isAlive())
              .findFirst()
              .map(JobManagerProcess::restPort)
              .orElse(restPort);
    }
    return "http://" + Ports.LOOPBACK + ":" + port;
  }

  /** Whether the cluster runs with JobManager high availability (a leader and standbys). */
  public boolean highAvailability() {
    return ha;
  }

  /** A JobManager process and the REST port it serves. */
  public record JobManagerProcess(ManagedProcess process, int restPort) {}

  /** The cluster's REST API. */
  public FlinkRest rest() {
    return rest;
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

  /** The JobManager: with HA the leader (the oldest alive), else the one started last. */
  public Optional<ManagedProcess> jobManager() {
    synchronized (jobManagers) {
      Optional<ManagedProcess> alive =
          jobManagers.stream()
              .map(JobManagerProcess::process)
              .filter(ManagedProcess::isAlive)
              .findFirst();
      if (alive.isPresent() || jobManagers.isEmpty()) {
        return alive;
      }
      return Optional.of(jobManagers.get(jobManagers.size() - 1).process());
    }
  }

  /** With HA, the JobManagers alive beside the leader (the standbys), oldest first. */
  public List<ManagedProcess> standbyJobManagers() {
    synchronized (jobManagers) {
      List<ManagedProcess> alive =
          jobManagers.stream()
              .map(JobManagerProcess::process)
              .filter(ManagedProcess::isAlive)
              .toList();
      return alive.isEmpty() ? List.of() : List.copyOf(alive.subList(1, alive.size()));
    }
  }

  public List<ManagedProcess> taskManagers() {
    return List.copyOf(taskManagers);
  }

  /**
   * Starts the JobManager (with HA, the leader and then one standby) and {@code taskManagers}
   * TaskManagers, and waits for their slots.
   */
  public void start(int taskManagers, Duration timeout) {
    requireOwned("start a JobManager");
    startJobManager();
    if (ha) {
      startJobManager();
    }
    for (int i = 0; i < taskManagers; i++) {
      startTaskManager();
    }
    awaitTaskManagers(taskManagers, timeout);
  }

  /**
   * Starts a JobManager (the first one, or a replacement after a kill) and waits for its REST. With
   * HA a JobManager may start beside a live one: it is a standby, on ports of its own.
   */
  public ManagedProcess startJobManager() {
    requireOwned("start a JobManager");
    Optional<ManagedProcess> running = jobManager().filter(ManagedProcess::isAlive);
    if (!ha && running.isPresent()) {
      throw new LabException("the JobManager is still running: " + running.get());
    }
    int n = jobManagerStarts++;
    // the first JobManager, and without HA every replacement, takes the cluster's configured
    // ports; with HA each later one (a standby beside a live leader) takes ports of its own
    boolean ownPorts = ha && n > 0;
    int ownRest = ownPorts ? Ports.free() : restPort;
    List<String> mem = jvm.resourceParams("GET_JM_RESOURCE_PARAMS");
    Path log = dir.resolve("log/jobmanager-" + n + ".log");
    List<String> cmd =
        JavaCommand.main(JM_MAIN)
            .jvm(FlinkJvm.splitFlags(mem.get(0)))
            .jvm(jvm.javaOpts())
            .jvm(
                "-Dlog.file=" + log,
                "-Dlog4j.configurationFile=" + conf.resolve("log4j.properties"))
            .classpathDir(lib)
            .args("--configDir", conf.toString())
            .args(FlinkJvm.splitFlags(mem.get(1)))
            .args(
                ha
                    ? List.of(
                        "-Drest.port=" + ownRest,
                        "-Dhigh-availability.jobmanager.port=" + Ports.free(),
                        "-Dblob.server.port=" + (ownPorts ? Ports.free() : blobPort))
                    : List.of())
            .build();
    ManagedProcess jobManager =
        ManagedProcess.start(
            new ProcessSpec(
                "flink-jobmanager-" + n,
                cmd,
                env(),
                dir,
                dir.resolve("log/jobmanager-" + n + ".out")));
    synchronized (jobManagers) {
      jobManagers.add(new JobManagerProcess(jobManager, ownRest));
    }
    // its own REST API: a standby's answers too (it asks the leader)
    FlinkRest own = new FlinkRest("http://" + Ports.LOOPBACK + ":" + ownRest);
    boolean up =
        Poll.until(
            Duration.ofSeconds(90),
            Duration.ofMillis(250),
            () -> !jobManager.isAlive() || own.answers());
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
    List<String> mem = jvm.resourceParams("GET_TM_RESOURCE_PARAMS");
    Path log = dir.resolve("log/taskmanager-" + n + ".log");
    List<String> cmd =
        JavaCommand.main(TM_MAIN)
            .jvm(FlinkJvm.splitFlags(mem.get(0)))
            .jvm(jvm.javaOpts())
            .jvm(jvm.javaOpts("env.java.opts.taskmanager"))
            .jvm(
                "-Dlog.file=" + log,
                "-Dlog4j.configurationFile=" + conf.resolve("log4j.properties"))
            .classpathDir(lib)
            .args("--configDir", conf.toString())
            .args(FlinkJvm.splitFlags(mem.get(1)))
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
    return rest.taskManagers();
  }

  /** kill -9 of one TaskManager by its PID. */
  public void killTaskManager(ManagedProcess tm) {
    tm.kill9();
    taskManagers.remove(tm);
    resourceIds.remove(tm);
  }

  /**
   * Drops a TaskManager that has ended by itself from the cluster's list, so that a replacement
   * takes its place; true if it was listed.
   */
  public boolean forgetTaskManager(ManagedProcess tm) {
    if (tm.isAlive()) {
      throw new IllegalStateException(tm + " is still running");
    }
    resourceIds.remove(tm);
    return taskManagers.remove(tm);
  }

  /** kill -9 of the JobManager (with HA, the leader) by its PID. */
  public void killJobManager() {
    jobManager().ifPresent(ManagedProcess::kill9);
  }

  /** How many times {@code flink run} (or another CLI action) ran against this cluster. */
  public int cliRuns() {
    return cliRuns;
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
            .jvm(jvm.javaOpts())
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

  /**
   * The TaskManagers of this cluster that run tasks of a job, from the REST API's per-vertex
   * listing ({@code taskmanager-id} is the {@code tm-N} resource id each one was started with).
   */
  public List<ManagedProcess> taskManagersOf(String jobId) {
    Set<String> ids = rest.taskManagerIds(jobId);
    return taskManagers.stream().filter(tm -> ids.contains(resourceIds.get(tm))).toList();
  }

  /**
   * The newest retained checkpoint under a checkpoint directory {@code s3://bucket/prefix}: the
   * {@code chk-N} with a {@code _metadata} object and the highest N, as a path for {@code -s}.
   */
  public Optional<String> latestRetainedCheckpoint(String checkpointDir) {
    return RetainedCheckpoints.latest(endpoints, checkpointDir);
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

  /** Stops every process of the cluster: TaskManagers first, then the JobManager. */
  @Override
  public void close() {
    for (ManagedProcess tm : List.copyOf(taskManagers)) {
      tm.terminate(Duration.ofSeconds(10));
    }
    taskManagers.clear();
    List<JobManagerProcess> jms;
    synchronized (jobManagers) {
      jms = List.copyOf(jobManagers);
    }
    // standbys first, so that none takes over from a leader that is stopping
    for (int i = jms.size() - 1; i >= 0; i--) {
      jms.get(i).process().terminate(Duration.ofSeconds(10));
    }
  }
}
