package org.recoverybench.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.recoverybench.process.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;

/**
 * The lab in containers, through Testcontainers: Kafka, an S3 server and PostgreSQL, each a
 * container that this lab starts and removes by its container id.
 *
 * <p>Two sets of images:
 *
 * <ul>
 *   <li>{@link Images#OFFICIAL} (the default): the official Kafka, MinIO and PostgreSQL images of
 *       the pom's versions, on Docker's usual bridge network with mapped ports.
 *   <li>{@link Images#LOCAL}: the stand-ins that {@code docker/build-local-images.sh} builds where
 *       no registry can be reached. They never pull, run with host networking, bind every server to
 *       127.0.0.1 on ports this lab picks, and keep their data in bind mounts under the work
 *       directory, so a killed service comes back with its data.
 * </ul>
 *
 * Choose with the environment variable {@value #IMAGES_ENV} or the system property {@value
 * #IMAGES_PROPERTY} ({@code official} or {@code local}).
 */
public final class ContainersLab implements Lab {
  public static final String IMAGES_ENV = "RECOVERYBENCH_CONTAINER_IMAGES";
  public static final String IMAGES_PROPERTY = "recoverybench.container.images";

  /** Which images the lab runs. */
  public enum Images {
    OFFICIAL,
    LOCAL;

    /**
     * From the system property, else the environment variable; unset (or {@code auto}): the local
     * images if the engine has all of them (this machine built them), else the official ones.
     */
    public static Images configured() {
      String v = System.getProperty(IMAGES_PROPERTY);
      if (v == null || v.isBlank()) {
        v = System.getenv(IMAGES_ENV);
      }
      if (v == null || v.isBlank() || v.trim().equalsIgnoreCase("auto")) {
        return localImagesPresent() ? LOCAL : OFFICIAL;
      }
      return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "official" -> OFFICIAL;
        case "local" -> LOCAL;
        default ->
            throw new LabException(
                IMAGES_ENV + " must be official, local or auto, not '" + v + "'");
      };
    }

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Path workDir;
  private final Images images;
  private final Map<String, String> tags;
  private final String accessKey = "rb-" + randomHex(6);
  private final String secretKey = randomHex(20);
  private final String pgPassword = randomHex(12);
  private final int kafkaPort;
  private final int kafkaControllerPort;
  private final int s3Port;
  private final int pgPort;
  private final ContainerService kafka;
  private final ContainerService s3;
  private final ContainerService postgres;
  private volatile Endpoints endpoints;
  private Thread shutdownHook;

  public ContainersLab(Path workDir) {
    this(workDir, Images.configured());
  }

  public ContainersLab(Path workDir, Images images) {
    this.workDir = workDir.toAbsolutePath().normalize();
    this.images = images;
    this.tags = imageTags(images);
    EmbeddedLab.checkWorkDir(this.workDir);
    boolean local = images == Images.LOCAL;
    this.kafkaPort = local ? Ports.free() : 0;
    this.kafkaControllerPort = local ? Ports.free() : 0;
    this.s3Port = local ? Ports.free() : 0;
    this.pgPort = local ? Ports.free() : 0;
    this.kafka =
        new ContainerService(
            "kafka",
            this.workDir.resolve("kafka"),
            this::kafkaContainer,
            local ? "/var/lib/kafka/data" : null,
            this::kafkaHealthy,
            () -> {});
    this.s3 =
        new ContainerService(
            "s3",
            this.workDir.resolve("s3"),
            this::s3Container,
            local ? "/var/lib/s3proxy" : null,
            this::s3Answers,
            this::createBucket);
    this.postgres =
        new ContainerService(
            "postgres",
            this.workDir.resolve("postgres"),
            this::postgresContainer,
            local ? "/var/lib/postgresql/data" : null,
            this::postgresAnswers,
            this::applySchema);
    if (local) {
      endpoints = localEndpoints();
    }
  }

  /** The image of each service (kafka, s3, postgres) for this set of images. */
  public static Map<String, String> imageTags(Images images) {
    Properties p = new Properties();
    try (InputStream in = ContainersLab.class.getResourceAsStream("container-images.properties")) {
      if (in == null) {
        throw new LabException("container-images.properties is missing from the lab jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new LabException("cannot read container-images.properties: " + e.getMessage(), e);
    }
    String k = images.key();
    return Map.of(
        "kafka", p.getProperty("kafka." + k),
        "s3", p.getProperty("s3." + k),
        "postgres", p.getProperty("postgres." + k));
  }

  /**
   * Why the containers lab cannot run here, or empty if it can: no Docker engine answers, or (for
   * the local images) an image has not been built.
   */
  public static Optional<String> unavailableReason(Images images) {
    if (!dockerAnswers()) {
      return Optional.of("no Docker engine answers");
    }
    if (images == Images.LOCAL) {
      for (String image : imageTags(images).values()) {
        if (!hasImage(image)) {
          return Optional.of(
              "the local image "
                  + image
                  + " is missing; build it with docker/build-local-images.sh");
        }
      }
    }
    return Optional.empty();
  }

  static boolean localImagesPresent() {
    return dockerAnswers()
        && imageTags(Images.LOCAL).values().stream().allMatch(ContainersLab::hasImage);
  }

  private static boolean hasImage(String image) {
    try {
      DockerClientFactory.instance().client().inspectImageCmd(image).exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean dockerAnswers() {
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      docker = false;
    }
    return docker;
  }

  public Images images() {
    return images;
  }

  private Endpoints localEndpoints() {
    return new Endpoints(
        Ports.LOOPBACK + ":" + kafkaPort,
        "http://" + Ports.LOOPBACK + ":" + s3Port,
        "us-east-1",
        EmbeddedLab.BUCKET,
        accessKey,
        secretKey,
        "jdbc:postgresql://" + Ports.LOOPBACK + ":" + pgPort + "/" + PostgresServer.DATABASE,
        EmbeddedLab.DB_USER,
        pgPassword);
  }

  private <T extends GenericContainer<?>> T local(T c) {
    c.withNetworkMode("host");
    c.withImagePullPolicy(name -> false); // a missing local image fails at once
    c.waitingFor(new NoWait()); // the service's own probe decides when it is healthy
    return c;
  }

  private GenericContainer<?> kafkaContainer() {
    DockerImageName image = DockerImageName.parse(tags.get("kafka"));
    if (images == Images.LOCAL) {
      return local(new GenericContainer<>(image))
          .withEnv("KAFKA_HOST", Ports.LOOPBACK)
          .withEnv("KAFKA_PORT", Integer.toString(kafkaPort))
          .withEnv("KAFKA_CONTROLLER_PORT", Integer.toString(kafkaControllerPort));
    }
    return new org.testcontainers.kafka.KafkaContainer(
        image.asCompatibleSubstituteFor("apache/kafka"));
  }

  private GenericContainer<?> s3Container() {
    DockerImageName image = DockerImageName.parse(tags.get("s3"));
    if (images == Images.LOCAL) {
      return local(new GenericContainer<>(image))
          .withEnv("S3_HOST", Ports.LOOPBACK)
          .withEnv("S3_PORT", Integer.toString(s3Port))
          .withEnv("S3_BUCKET", EmbeddedLab.BUCKET)
          .withEnv("S3_ACCESS_KEY", accessKey)
          .withEnv("S3_SECRET_KEY", secretKey);
    }
    return new org.testcontainers.containers.MinIOContainer(
            image.asCompatibleSubstituteFor("minio/minio"))
        .withUserName(accessKey)
        .withPassword(secretKey);
  }

  private GenericContainer<?> postgresContainer() {
    DockerImageName image = DockerImageName.parse(tags.get("postgres"));
    if (images == Images.LOCAL) {
      return local(new GenericContainer<>(image))
          .withEnv("PG_PORT", Integer.toString(pgPort))
          .withEnv("PG_LISTEN", Ports.LOOPBACK)
          .withEnv("POSTGRES_USER", EmbeddedLab.DB_USER)
          .withEnv("POSTGRES_PASSWORD", pgPassword)
          .withEnv("POSTGRES_DB", PostgresServer.DATABASE);
    }
    return new org.testcontainers.postgresql.PostgreSQLContainer(
            image.asCompatibleSubstituteFor("postgres"))
        .withDatabaseName(PostgresServer.DATABASE)
        .withUsername(EmbeddedLab.DB_USER)
        .withPassword(pgPassword)
        .withCommand(
            "postgres",
            "-c",
            "max_prepared_transactions=64",
            "-c",
            "track_commit_timestamp=on",
            "-c",
            "max_connections=200");
  }

  /** Endpoints of official containers: known only once they run (mapped ports). */
  private Endpoints officialEndpoints() {
    var k = (org.testcontainers.kafka.KafkaContainer) kafka.container();
    var m = (org.testcontainers.containers.MinIOContainer) s3.container();
    var p = (org.testcontainers.postgresql.PostgreSQLContainer) postgres.container();
    return new Endpoints(
        k.getBootstrapServers(),
        m.getS3URL(),
        "us-east-1",
        EmbeddedLab.BUCKET,
        accessKey,
        secretKey,
        p.getJdbcUrl(),
        EmbeddedLab.DB_USER,
        pgPassword);
  }

  private boolean kafkaHealthy() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, currentEndpoints().kafkaBootstrap());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
    try (Admin admin = Admin.create(p)) {
      return !admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
          .nodes()
          .get(3, TimeUnit.SECONDS)
          .isEmpty();
    } catch (Exception e) {
      return false; // not up yet: polled again until the deadline
    }
  }

  private boolean s3Answers() {
    try (S3Client c = LabClients.s3(currentEndpoints())) {
      c.listBuckets();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void createBucket() {
    Endpoints e = currentEndpoints();
    try (S3Client c = LabClients.s3(e)) {
      try {
        c.headBucket(HeadBucketRequest.builder().bucket(e.s3Bucket()).build());
      } catch (software.amazon.awssdk.services.s3.model.S3Exception missing) {
        c.createBucket(CreateBucketRequest.builder().bucket(e.s3Bucket()).build());
      }
    }
  }

  private boolean postgresAnswers() {
    try (Connection c = LabClients.jdbc(currentEndpoints());
        Statement s = c.createStatement()) {
      return s.execute("SELECT 1");
    } catch (SQLException e) {
      return false;
    }
  }

  private void applySchema() {
    try (Connection c = LabClients.jdbc(currentEndpoints())) {
      SinkSchema.apply(c);
    } catch (SQLException e) {
      throw new LabException("cannot create the sink schema: " + e.getMessage(), e);
    }
  }

  private Endpoints currentEndpoints() {
    Endpoints e = endpoints;
    if (e == null) {
      e = officialEndpoints();
    }
    return e;
  }

  @Override
  public void start() {
    installShutdownHook();
    try {
      for (ContainerService s : List.of(kafka, s3, postgres)) {
        s.start();
      }
      if (endpoints == null) {
        endpoints = officialEndpoints();
      }
      Duration timeout = LabConfig.DEFAULT_HEALTH_TIMEOUT;
      for (ContainerService s : List.of(kafka, s3, postgres)) {
        s.awaitHealthy(timeout);
      }
    } catch (RuntimeException e) {
      close();
      if (e instanceof LabException) {
        throw e;
      }
      throw new LabException("the containers lab did not start: " + rootMessage(e), e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable r = e;
    while (r.getCause() != null) {
      r = r.getCause();
    }
    return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
  }

  @Override
  public Endpoints endpoints() {
    if (endpoints == null) {
      throw new LabException("the containers lab has not started");
    }
    return endpoints;
  }

  @Override
  public List<LabService> services() {
    return List.of(kafka, s3, postgres);
  }

  @Override
  public Path workDir() {
    return workDir;
  }

  /** The ids of every container this lab started (running or not, until {@link #close()}). */
  public List<String> containerIds() {
    List<String> ids = new ArrayList<>();
    for (ContainerService s : List.of(kafka, s3, postgres)) {
      ids.addAll(s.startedIds());
    }
    return ids;
  }

  /**
   * Removes every container this lab started, each by its id, and forgets them; returns how many it
   * removed now. Also run by a shutdown hook (Ctrl-C, SIGTERM, an exit without {@code close}).
   */
  public int removeContainers() {
    int removed = 0;
    LabException failed = null;
    for (ContainerService s : List.of(postgres, s3, kafka)) {
      try {
        removed += s.removeAll();
      } catch (LabException e) {
        failed = failed == null ? e : failed;
      }
    }
    if (failed != null) {
      throw failed;
    }
    return removed;
  }

  /**
   * With Ryuk off nothing else removes the containers if this JVM ends without {@link #close()}: on
   * Ctrl-C or SIGTERM this hook does, by id. After a {@code kill -9} of the JVM, no hook runs; the
   * process reaper removes them (see {@link org.recoverybench.process.ProcessRegistry}).
   */
  private synchronized void installShutdownHook() {
    if (shutdownHook != null) {
      return;
    }
    shutdownHook =
        new Thread(
            () -> {
              int n = removeContainers();
              if (n > 0) {
                System.err.println("containers lab: removed " + n + " containers on shutdown");
              }
            },
            "recoverybench-containers-lab-remover");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  @Override
  public void close() {
    removeContainers();
    synchronized (this) {
      if (shutdownHook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is ending: the hook runs (or ran) anyway
        }
        shutdownHook = null;
      }
    }
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Starting a container does not wait: the service's probe decides when it is healthy. */
  static final class NoWait
      extends org.testcontainers.containers.wait.strategy.AbstractWaitStrategy {
    @Override
    protected void waitUntilReady() {}
  }

  static void createDirs(Path... dirs) {
    try {
      for (Path d : dirs) {
        Files.createDirectories(d);
      }
    } catch (IOException e) {
      throw new LabException("cannot create " + dirs[0] + ": " + e.getMessage(), e);
    }
  }
}
