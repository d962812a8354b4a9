package org.recoverybench.lab;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.recoverybench.process.Ports;

/**
 * The default lab: each server is a real child process on 127.0.0.1, with its data and logs under
 * the work directory. Ports and credentials are chosen on the first start and kept in {@code
 * lab.properties}, so a restarted lab (or a restarted service) comes back on the same endpoints
 * with the same data.
 */
public final class EmbeddedLab implements Lab {
  public static final String BUCKET = "recoverybench";
  public static final String DB_USER = "recoverybench";

  private final LabConfig config;
  private final Path workDir;
  private final KafkaBroker kafka;
  private final S3Server s3;
  private final PostgresServer postgres;
  private final HdfsServer hdfs;
  private final ZooKeeperServer zookeeper;
  private final Endpoints endpoints;
  private final Map<String, Duration> startTimes = new LinkedHashMap<>();
  private java.util.function.Consumer<LabService> onStarted = s -> {};

  public EmbeddedLab(LabConfig config) {
    this.config = config;
    this.workDir = config.workDir().toAbsolutePath().normalize();
    checkWorkDir(workDir);
    Properties state = loadOrCreateState(workDir, config);
    int kafkaPort = Integer.parseInt(state.getProperty("kafka.port"));
    int controllerPort = Integer.parseInt(state.getProperty("kafka.controller.port"));
    int s3Port = Integer.parseInt(state.getProperty("s3.port"));
    int pgPort = Integer.parseInt(state.getProperty("postgres.port"));
    this.kafka = new KafkaBroker(workDir.resolve("kafka"), kafkaPort, controllerPort);
    this.s3 =
        new S3Server(
            workDir.resolve("s3"),
            s3Port,
            BUCKET,
            state.getProperty("s3.access.key"),
            state.getProperty("s3.secret.key"));
    this.postgres =
        new PostgresServer(
            workDir.resolve("postgres"),
            pgPort,
            DB_USER,
            state.getProperty("postgres.password"),
            config.maxPreparedTransactions());
    this.hdfs =
        config.hdfs()
            ? new HdfsServer(
                workDir.resolve("hdfs"),
                new HdfsServer.Ports(
                    Integer.parseInt(state.getProperty("hdfs.namenode.port")),
                    Integer.parseInt(state.getProperty("hdfs.namenode.http.port")),
                    Integer.parseInt(state.getProperty("hdfs.datanode.port")),
                    Integer.parseInt(state.getProperty("hdfs.datanode.http.port")),
                    Integer.parseInt(state.getProperty("hdfs.datanode.ipc.port")),
                    Integer.parseInt(state.getProperty("hdfs.datanode.proxy.port"))))
            : null;
    this.zookeeper =
        config.zookeeper()
            ? new ZooKeeperServer(
                workDir.resolve("zookeeper"), Integer.parseInt(state.getProperty("zookeeper.port")))
            : null;
    this.endpoints =
        new Endpoints(
            kafka.bootstrap(),
            s3.endpoint(),
            "us-east-1",
            BUCKET,
            state.getProperty("s3.access.key"),
            state.getProperty("s3.secret.key"),
            postgres.jdbcUrl(),
            DB_USER,
            state.getProperty("postgres.password"));
  }

  /** Fails with one line unless the directory can be created and written. */
  static void checkWorkDir(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-probe", "");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new LabException("the work directory " + dir + " is not writable: " + reason(e));
    }
    if ("root".equals(System.getProperty("user.name"))) {
      // PostgreSQL runs as nobody, which must be able to reach its data directory
      for (Path p = dir; p != null; p = p.getParent()) {
        try {
          if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
            if (p.equals(dir)) {
              var perms = new java.util.HashSet<>(Files.getPosixFilePermissions(p));
              perms.add(PosixFilePermission.OTHERS_EXECUTE);
              perms.add(PosixFilePermission.GROUP_EXECUTE);
              Files.setPosixFilePermissions(p, perms);
            } else {
              throw new LabException(
                  "the work directory "
                      + dir
                      + " is not reachable by the PostgreSQL user (nobody): "
                      + p
                      + " lacks o+x");
            }
          }
        } catch (IOException e) {
          throw new LabException("cannot check the work directory " + dir + ": " + reason(e));
        }
      }
    }
  }

  private static String reason(Exception e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
  }

  private static Properties loadOrCreateState(Path dir, LabConfig config) {
    Path file = dir.resolve("lab.properties");
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException e) {
        throw new LabException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    // an explicit port in the config wins; otherwise the port of the earlier start is kept
    claim(p, "kafka.port", config.kafkaPort(), "kafka");
    claim(p, "kafka.controller.port", config.kafkaControllerPort(), "kafka controller");
    claim(p, "s3.port", config.s3Port(), "s3");
    claim(p, "postgres.port", config.postgresPort(), "postgres");
    if (config.hdfs()) {
      claim(p, "hdfs.namenode.port", 0, "hdfs namenode");
      claim(p, "hdfs.namenode.http.port", 0, "hdfs namenode http");
      claim(p, "hdfs.datanode.port", 0, "hdfs datanode");
      claim(p, "hdfs.datanode.http.port", 0, "hdfs datanode http");
      claim(p, "hdfs.datanode.ipc.port", 0, "hdfs datanode ipc");
      claim(p, "hdfs.datanode.proxy.port", 0, "hdfs datanode internal proxy");
    }
    if (config.zookeeper()) {
      claim(p, "zookeeper.port", 0, "zookeeper");
    }
    p.putIfAbsent("s3.access.key", "rb-" + randomHex(6));
    p.putIfAbsent("s3.secret.key", randomHex(20));
    p.putIfAbsent("postgres.password", randomHex(12));
    java.io.StringWriter w = new java.io.StringWriter();
    try {
      p.store(w, "recoverybench embedded lab: ports and credentials, kept across restarts");
    } catch (IOException e) {
      throw new LabException("cannot write " + file + ": " + e.getMessage(), e);
    }
    SecretFiles.write(file, w.toString()); // it holds the credentials: mode 0600
    return p;
  }

  private static void claim(Properties p, String key, int wanted, String what) {
    if (wanted != 0) {
      p.setProperty(key, Integer.toString(Ports.claim(wanted, what)));
    } else if (p.getProperty(key) != null) {
      p.setProperty(key, Integer.toString(Ports.claim(Integer.parseInt(p.getProperty(key)), what)));
    } else {
      p.setProperty(key, Integer.toString(Ports.free()));
    }
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * Starts the servers (Kafka, S3, PostgreSQL, and HDFS's NameNode and DataNode and ZooKeeper when
   * configured) and waits in parallel until each is healthy.
   */
  @Override
  public void start() {
    long t0 = System.nanoTime();
    List<LabService> all = services();
    try {
      for (LabService s : all) {
        s.start();
        onStarted.accept(s);
      }
      List<Thread> waiters = new ArrayList<>();
      List<RuntimeException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (LabService s : all) {
        Thread t =
            new Thread(
                () -> {
                  long s0 = System.nanoTime();
                  try {
                    s.awaitHealthy(config.healthTimeout());
                    synchronized (startTimes) {
                      startTimes.put(s.name(), Duration.ofNanos(System.nanoTime() - s0));
                    }
                  } catch (RuntimeException e) {
                    failures.add(e);
                  }
                },
                "await-" + s.name());
        t.start();
        waiters.add(t);
      }
      for (Thread t : waiters) {
        t.join();
      }
      if (!failures.isEmpty()) {
        throw failures.get(0);
      }
      synchronized (startTimes) {
        startTimes.put("lab", Duration.ofNanos(System.nanoTime() - t0));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new LabException("interrupted while starting the lab");
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Called with each service right after its process started, before it is healthy. */
  public void onStarted(java.util.function.Consumer<LabService> listener) {
    this.onStarted = listener;
  }

  /** How long each service took to become healthy on the last start, and the whole lab. */
  public Map<String, Duration> startTimes() {
    synchronized (startTimes) {
      return Map.copyOf(startTimes);
    }
  }

  @Override
  public Endpoints endpoints() {
    return endpoints;
  }

  @Override
  public List<LabService> services() {
    List<LabService> all = new ArrayList<>(List.of(kafka, s3, postgres));
    if (hdfs != null) {
      all.add(hdfs.nameNode());
      all.add(hdfs.dataNode());
    }
    if (zookeeper != null) {
      all.add(zookeeper);
    }
    return List.copyOf(all);
  }

  @Override
  public java.util.Optional<String> zookeeper() {
    return java.util.Optional.ofNullable(zookeeper).map(ZooKeeperServer::connectString);
  }

  @Override
  public java.util.Optional<HdfsEndpoints> hdfs() {
    return java.util.Optional.ofNullable(hdfs).map(HdfsServer::endpoints);
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public S3Server s3() {
    return s3;
  }

  public PostgresServer postgres() {
    return postgres;
  }

  @Override
  public Path workDir() {
    return workDir;
  }

  @Override
  public void close() {
    for (LabService s : services()) {
      s.stop();
    }
  }
}
