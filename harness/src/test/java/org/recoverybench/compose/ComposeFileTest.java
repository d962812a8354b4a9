package org.recoverybench.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.Dist;
import org.recoverybench.lab.ZooKeeperServer;
import org.recoverybench.lab.flink.FlinkCluster;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and docker-compose.local.yml against the parent pom: image tags carry the
 * pom's versions, flink-conf/ is mounted, every service has a healthcheck, dependencies wait for
 * health, ports are published on 127.0.0.1 only, ZooKeeper is healthy only when {@code srvr}
 * answers, Flink's high availability is there to be turned on, and the local override uses host
 * networking.
 */
class ComposeFileTest {
  private static Map<String, String> pom;
  private static Map<String, Map<String, Object>> compose;
  private static Map<String, Map<String, Object>> local;

  @BeforeAll
  static void read() throws Exception {
    Path home = Dist.home();
    pom = pomProperties(home.resolve("pom.xml"));
    compose = services(home.resolve("docker-compose.yml"));
    local = services(home.resolve("docker-compose.local.yml"));
  }

  static Map<String, String> pomProperties(Path file) throws Exception {
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    Element props = (Element) doc.getElementsByTagName("properties").item(0);
    Map<String, String> out = new java.util.HashMap<>();
    NodeList children = props.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node n = children.item(i);
      if (n instanceof Element e) {
        out.put(e.getTagName(), e.getTextContent().trim());
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> services(Path file) throws Exception {
    try (Reader r = Files.newBufferedReader(file)) {
      Map<String, Object> doc = new Yaml().load(r);
      return (Map<String, Map<String, Object>>) doc.get("services");
    }
  }

  private static String image(Map<String, Map<String, Object>> file, String service) {
    assertThat(file).as("services").containsKey(service);
    return (String) file.get(service).get("image");
  }

  private static String tag(String image) {
    return image.substring(image.lastIndexOf(':') + 1);
  }

  /** 17.6.0 -> 17.6: the official PostgreSQL image is tagged major.minor. */
  private static String majorMinor(String version) {
    String[] p = version.split("\\.");
    return p[0] + "." + p[1];
  }

  @Test
  void theServicesOfTheIssueAreAllThere() {
    assertThat(compose.keySet())
        .containsExactlyInAnyOrder(
            "kafka",
            "minio",
            "postgres",
            "zookeeper",
            "jobmanager",
            "taskmanager",
            "spark-master",
            "spark-worker");
    // the override keeps each official service behind a profile and adds a local-<name> twin
    for (String name : compose.keySet()) {
      assertThat(local).containsKey("local-" + name);
      assertThat(local.get(name))
          .as(name + " in the override")
          .isEqualTo(Map.of("profiles", List.of("official")));
    }
    assertThat(local).hasSize(2 * compose.size());
  }

  private static Map<String, Map<String, Object>> localTwins() {
    Map<String, Map<String, Object>> twins = new java.util.TreeMap<>();
    local.forEach(
        (k, v) -> {
          if (k.startsWith("local-")) {
            twins.put(k, v);
          }
        });
    return twins;
  }

  @Test
  void officialImageTagsMatchThePomVersions() {
    assertThat(image(compose, "kafka")).isEqualTo("apache/kafka:" + pom.get("kafka.version"));
    assertThat(image(compose, "minio")).isEqualTo("minio/minio:" + pom.get("minio.image.version"));
    String pgTag = tag(image(compose, "postgres"));
    assertThat(image(compose, "postgres"))
        .isEqualTo("postgres:" + majorMinor(pom.get("postgres.binaries.version")));
    assertThat(pgTag).startsWith(pom.get("postgres.major.version") + ".");
    // the containers lab's image property names the same release as the compose file
    assertThat(pom.get("postgres.image.version")).isEqualTo(pgTag);
    String flink = "flink:" + pom.get("flink.version") + "-java" + pom.get("java.release");
    assertThat(image(compose, "jobmanager")).isEqualTo(flink);
    assertThat(image(compose, "taskmanager")).isEqualTo(flink);
    assertThat(image(compose, "spark-master"))
        .isEqualTo("apache/spark:" + pom.get("spark.version"));
    assertThat(image(compose, "spark-worker"))
        .isEqualTo("apache/spark:" + pom.get("spark.version"));
    assertThat(image(compose, "zookeeper")).isEqualTo("zookeeper:" + pom.get("zookeeper.version"));
  }

  @Test
  void localStandInTagsMatchThePomVersions() {
    String p = "recoverybench-local/";
    assertThat(image(local, "local-kafka")).isEqualTo(p + "kafka:" + pom.get("kafka.version"));
    assertThat(image(local, "local-minio")).isEqualTo(p + "s3proxy:" + pom.get("s3proxy.version"));
    assertThat(image(local, "local-postgres"))
        .isEqualTo(p + "postgres:" + majorMinor(pom.get("postgres.binaries.version")));
    String flink = p + "flink:" + pom.get("flink.version");
    assertThat(image(local, "local-jobmanager")).isEqualTo(flink);
    assertThat(image(local, "local-taskmanager")).isEqualTo(flink);
    assertThat(image(local, "local-spark-master"))
        .isEqualTo(p + "spark:" + pom.get("spark.version"));
    assertThat(image(local, "local-spark-worker"))
        .isEqualTo(p + "spark:" + pom.get("spark.version"));
    assertThat(image(local, "local-zookeeper"))
        .isEqualTo(p + "zookeeper:" + pom.get("zookeeper.version"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void flinkConfIsMountedAndTheS3PluginEnabled() {
    for (String s : List.of("local-jobmanager", "local-taskmanager")) {
      List<String> volumes = (List<String>) local.get(s).get("volumes");
      assertThat(volumes).as(s + " volumes").contains("./flink-conf:/opt/flink/conf-template:ro");
    }
    for (String s : List.of("jobmanager", "taskmanager")) {
      List<String> volumes = (List<String>) compose.get(s).get("volumes");
      assertThat(volumes).as(s + " volumes").contains("./flink-conf:/opt/flink/conf-template:ro");
      Map<String, Object> env = (Map<String, Object>) compose.get(s).get("environment");
      assertThat(env.get("ENABLE_BUILT_IN_PLUGINS"))
          .as(s + " plugins")
          .isEqualTo("flink-s3-fs-hadoop-" + pom.get("flink.version") + ".jar");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void postgresAllowsPreparedTransactions() {
    List<String> command = (List<String>) compose.get("postgres").get("command");
    assertThat(command).contains("max_prepared_transactions=64", "track_commit_timestamp=on");
  }

  @Test
  void everyServiceHasAHealthcheckAndEveryDependencyWaitsForHealth() {
    assertThat(healthAndDependencies(compose))
        .containsExactlyInAnyOrder(
            "kafka", "minio", "postgres", "zookeeper", "jobmanager", "spark-master");
    assertThat(healthAndDependencies(localTwins()))
        .containsExactlyInAnyOrder(
            "local-kafka",
            "local-minio",
            "local-postgres",
            "local-zookeeper",
            "local-jobmanager",
            "local-spark-master");
  }

  /** Asserts a healthcheck on every service and service_healthy on every dependency. */
  @SuppressWarnings("unchecked")
  private static Set<String> healthAndDependencies(Map<String, Map<String, Object>> services) {
    Set<String> dependedOn = new TreeSet<>();
    for (var e : services.entrySet()) {
      Map<String, Object> hc = (Map<String, Object>) e.getValue().get("healthcheck");
      assertThat(hc).as(e.getKey() + " healthcheck").isNotNull().containsKey("test");
      Object deps = e.getValue().get("depends_on");
      if (deps != null) {
        assertThat(deps)
            .as(e.getKey() + " depends_on is a map with conditions")
            .isInstanceOf(Map.class);
        for (var d : ((Map<String, Map<String, Object>>) deps).entrySet()) {
          assertThat(d.getValue().get("condition"))
              .as(e.getKey() + " -> " + d.getKey())
              .isEqualTo("service_healthy");
          dependedOn.add(d.getKey());
        }
      }
    }
    return dependedOn;
  }

  @Test
  @SuppressWarnings("unchecked")
  void portsArePublishedOnLoopbackOnly() {
    int published = 0;
    for (var e : compose.entrySet()) {
      for (String p : (List<String>) e.getValue().getOrDefault("ports", List.of())) {
        assertThat(p).as(e.getKey() + " port").startsWith("127.0.0.1:");
        published++;
      }
    }
    assertThat(published).isEqualTo(8);
  }

  /** srvr, not ruok: ruok answers imok even when the server failed to load its data. */
  private static List<String> srvrProbe(String port) {
    return List.of(
        "CMD",
        "bash",
        "-c",
        "exec 3<>/dev/tcp/127.0.0.1/"
            + port
            + " && printf srvr >&3 && grep -q '^Zookeeper version:' <&3");
  }

  @Test
  @SuppressWarnings("unchecked")
  void zooKeeperIsHealthyWhenSrvrAnswersAndListensOnLoopback() {
    Map<String, Object> zk = compose.get("zookeeper");
    assertThat(zk.get("ports")).isEqualTo(List.of("127.0.0.1:2181:2181"));
    assertThat(((Map<String, Object>) zk.get("healthcheck")).get("test"))
        .isEqualTo(srvrProbe("2181"));
    Map<String, Object> env = (Map<String, Object>) zk.get("environment");
    assertThat(env.get("ZOO_4LW_COMMANDS_WHITELIST")).isEqualTo("srvr,ruok");
    assertThat(env.get("ZOO_ADMINSERVER_ENABLED")).isEqualTo("false");
    assertThat(zk.get("volumes"))
        .isEqualTo(List.of("zookeeper-data:/data", "zookeeper-datalog:/datalog"));

    Map<String, Object> twin = local.get("local-zookeeper");
    assertThat(twin.get("network_mode")).isEqualTo("host");
    assertThat(((Map<String, Object>) twin.get("healthcheck")).get("test"))
        .isEqualTo(srvrProbe("${RB_ZK_PORT:-12181}"));
    Map<String, Object> twinEnv = (Map<String, Object>) twin.get("environment");
    assertThat(twinEnv.get("ZK_HOST")).isEqualTo("127.0.0.1");
    assertThat(twinEnv.get("ZK_PORT")).isEqualTo("${RB_ZK_PORT:-12181}");
    assertThat(twin.get("volumes")).isEqualTo(List.of("local-zookeeper-data:/var/lib/zookeeper"));
  }

  @Test
  void theLocalZooKeeperImageRunsTheServerAsTheLabDoes() throws Exception {
    String entrypoint =
        Files.readString(Dist.home().resolve("docker/local/zookeeper/entrypoint.sh"));
    assertThat(entrypoint)
        .contains(ZooKeeperServer.MAIN_CLASS)
        .contains("clientPortAddress=$host")
        .contains("host=${ZK_HOST:-127.0.0.1}")
        .contains("admin.enableServer=false")
        .contains("4lw.commands.whitelist=${ZK_4LW_COMMANDS:-srvr,ruok}");
    assertThat(Files.readString(Dist.home().resolve("docker/build-local-images.sh")))
        .contains("zookeeper_v=$(prop zookeeper.version)")
        .contains("img=\"$prefix/zookeeper:$zookeeper_v\"");
  }

  /** The high-availability.* lines of a service's FLINK_PROPERTIES, as key -> value. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> haProperties(Map<String, Object> service) {
    String props =
        (String) ((Map<String, Object>) service.get("environment")).get("FLINK_PROPERTIES");
    Map<String, String> ha = new java.util.TreeMap<>();
    for (String line : props.split("\n")) {
      // the official image's entrypoint reads every line as "key: value": no comments in there
      assertThat(line.strip()).as("FLINK_PROPERTIES line").doesNotStartWith("#");
      int colon = line.indexOf(':');
      String key = line.substring(0, colon).strip();
      if (key.startsWith("high-availability.")) {
        ha.put(key, line.substring(colon + 1).strip());
      }
    }
    return ha;
  }

  @Test
  void flinkHighAvailabilityIsOffUnlessRbFlinkHaTurnsItOn() {
    for (var file : List.of(compose, local)) {
      String prefix = file == local ? "local-" : "";
      String quorum = file == local ? "127.0.0.1:${RB_ZK_PORT:-12181}" : "zookeeper:2181";
      Map<String, String> expected =
          Map.of(
              "high-availability.type", "${RB_FLINK_HA:-none}",
              "high-availability.zookeeper.quorum", quorum,
              "high-availability.storageDir", "s3://${S3_BUCKET:-recoverybench}/flink/ha",
              "high-availability.cluster-id", "compose",
              "high-availability.zookeeper.client.session-timeout",
                  Integer.toString(FlinkCluster.HA_SESSION_TIMEOUT_MS),
              "high-availability.zookeeper.client.connection-timeout", "3000",
              "high-availability.zookeeper.client.retry-wait", "500");
      for (String s : List.of("jobmanager", "taskmanager")) {
        assertThat(haProperties(file.get(prefix + s))).as(prefix + s).isEqualTo(expected);
      }
    }
  }

  @Test
  void theLocalOverrideUsesHostNetworkingForEveryService() {
    for (var e : localTwins().entrySet()) {
      assertThat(e.getValue().get("network_mode")).as(e.getKey()).isEqualTo("host");
      assertThat(e.getValue()).as(e.getKey() + " publishes no ports").doesNotContainKey("ports");
    }
  }

  @Test
  void noFileNamesARegistryHost() throws Exception {
    for (String f : List.of("docker-compose.yml", "docker-compose.local.yml")) {
      for (Object image :
          services(Dist.home().resolve(f)).values().stream()
              .map(s -> s.get("image"))
              .filter(java.util.Objects::nonNull)
              .toList()) {
        String name = (String) image;
        String first = name.substring(0, name.indexOf('/') < 0 ? 0 : name.indexOf('/'));
        assertThat(first)
            .as(f + " " + name + " names no host")
            .doesNotContain(".")
            .doesNotContain(":");
      }
    }
  }
}
