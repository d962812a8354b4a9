package org.recoverybench.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Test;
import org.recoverybench.job.JobOptions;
import org.recoverybench.spark.AppOptions;
import picocli.CommandLine;

/**
 * The manifests of {@code deploy/kubernetes/}, checked offline: the FlinkDeployment against the
 * Flink Kubernetes Operator's CustomResourceDefinition (shipped in its API jar from Maven) and read
 * into the operator's own classes; every Flink setting is one Flink declares, with the value of
 * {@code flink-conf/config.yaml} where both set it; every Spark setting of the SparkApplication one
 * Spark declares (the Spark operator publishes no API jar that this build can reach); the job's and
 * the app's arguments are parsed by the job's and the app's own parsers; and no secret is written
 * in them.
 */
class KubernetesManifestsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path DIR = Path.of("kubernetes");

  private static JsonNode read(Path p) throws IOException {
    return YAML.readTree(p.toFile());
  }

  /** The CRD of a resource (in its {@code apiextensions.k8s.io/v1} form) from the API jar. */
  private static JsonNode crd(String resource) throws IOException {
    String name = "META-INF/fabric8/" + resource + "-v1.yml";
    try (InputStream in =
        KubernetesManifestsTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name + " on the test classpath (the operator's API jar)").isNotNull();
      return YAML.readTree(in);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The Flink version the manifest names, e.g. {@code v2_2}. */
  private static String manifestFlinkVersion(JsonNode d) {
    return d.path("spec").path("flinkVersion").asText();
  }

  /**
   * The manifest as the operator's schema can check it: the operator API this build reaches
   * (deploy/README.md) predates Flink 2, so where its CRD does not list the manifest's Flink
   * version that one field is left out here and checked against the project's Flink version
   * instead.
   */
  private static ObjectNode checkable(JsonNode d, JsonNode schema) {
    ObjectNode copy = d.deepCopy();
    JsonNode known = schema.at("/properties/spec/properties/flinkVersion/enum");
    boolean listed = false;
    for (JsonNode v : known) {
      listed |= v.asText().equals(manifestFlinkVersion(d));
    }
    if (!listed) {
      assertThat(System.getProperty("flink.kubernetes.operator.version"))
          .as("an operator API that does not know the project's Flink version")
          .isEqualTo("1.10.0");
      ((ObjectNode) copy.path("spec")).remove("flinkVersion");
    }
    return copy;
  }

  @Test
  void theFlinkDeploymentMatchesTheOperatorsSchema() throws IOException {
    JsonNode d = read(DIR.resolve("flink-deployment.yaml"));
    String version = d.path("apiVersion").asText().replace("flink.apache.org/", "");
    JsonNode schema = CrdSchema.schemaOf(crd("flinkdeployments.flink.apache.org"), version);
    assertThat(CrdSchema.violations(schema, checkable(d, schema))).isEmpty();
    assertThat(d.path("kind").asText()).isEqualTo("FlinkDeployment");
    assertThat(manifestFlinkVersion(d))
        .as("the operator's name of the project's Flink version")
        .isEqualTo(
            "v" + System.getProperty("flink.version").replaceAll("^(\\d+)\\.(\\d+).*$", "$1_$2"));
  }

  @Test
  void theSchemaCheckFindsAMisspelledFieldAWrongTypeAndAnUnknownEnumValue() throws IOException {
    JsonNode d = read(DIR.resolve("flink-deployment.yaml"));
    JsonNode schema = CrdSchema.schemaOf(crd("flinkdeployments.flink.apache.org"), "v1beta1");
    ObjectNode bad = checkable(d, schema);
    ObjectNode job = (ObjectNode) bad.path("spec").path("job");
    job.put("upgradeMod", "savepoint");
    job.put("parallelism", "two");
    job.put("upgradeMode", "snapshot");
    assertThat(CrdSchema.violations(schema, bad))
        .containsExactlyInAnyOrder(
            ".spec.job.upgradeMod: not a field of the resource",
            ".spec.job.parallelism: must be an integer, is STRING",
            ".spec.job.upgradeMode: 'snapshot' is not one of [\"last-state\",\"savepoint\","
                + "\"stateless\"]");
  }

  @Test
  void theFlinkDeploymentReadsIntoTheOperatorsClasses() throws IOException {
    JsonNode tree = read(DIR.resolve("flink-deployment.yaml"));
    JsonNode schema = CrdSchema.schemaOf(crd("flinkdeployments.flink.apache.org"), "v1beta1");
    FlinkDeployment d = YAML.treeToValue(checkable(tree, schema), FlinkDeployment.class);
    assertThat(d.getSpec().getJob().getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
    assertThat(d.getSpec().getJob().getJarURI())
        .isEqualTo("local:///opt/flink/usrlib/recoverybench-flink-job.jar");
    assertThat(d.getSpec().getJob().getEntryClass())
        .isEqualTo("org.recoverybench.job.RecoveryBenchJob");
    assertThat(d.getSpec().getJob().getParallelism()).isEqualTo(2);
    assertThat(d.getSpec().getFlinkConfiguration())
        .containsEntry("high-availability.type", "kubernetes")
        .containsEntry("state.backend.type", "rocksdb");
  }

  /** Every key of the options that flink-core declares, with their deprecated and fallback keys. */
  private static Set<String> flinkKeys() throws IllegalAccessException {
    Set<String> keys = new HashSet<>();
    for (Class<?> c :
        List.of(
            org.apache.flink.configuration.TaskManagerOptions.class,
            org.apache.flink.configuration.StateBackendOptions.class,
            org.apache.flink.configuration.CheckpointingOptions.class,
            org.apache.flink.configuration.HighAvailabilityOptions.class,
            org.apache.flink.configuration.HeartbeatManagerOptions.class,
            org.apache.flink.configuration.RestartStrategyOptions.class,
            org.apache.flink.configuration.PipelineOptions.class,
            org.apache.flink.configuration.JobManagerOptions.class,
            org.apache.flink.configuration.CoreOptions.class)) {
      for (Field f : c.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.get(null) instanceof ConfigOption<?> o) {
          keys.add(o.key());
          for (FallbackKey k : o.fallbackKeys()) {
            keys.add(k.getKey());
          }
        }
      }
    }
    return keys;
  }

  @Test
  void everyFlinkSettingIsOneFlinkKnowsWithTheValueOfTheProjectsFlinkConf() throws Exception {
    JsonNode conf =
        read(DIR.resolve("flink-deployment.yaml")).path("spec").path("flinkConfiguration");
    JsonNode projectConf = read(Path.of("..", "flink-conf", "config.yaml"));
    Set<String> known = flinkKeys();
    List<String> unknown = new ArrayList<>();
    List<String> differ = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = conf.fields();
    int shared = 0;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      // s3.* goes to the S3 filesystem plugin, which declares no ConfigOptions in flink-core
      if (!known.contains(key) && !key.startsWith("s3.")) {
        unknown.add(key);
      }
      JsonNode mine = projectConf.path(key);
      if (!mine.isMissingNode() && !key.equals("taskmanager.numberOfTaskSlots")) {
        shared++;
        if (!mine.asText().equals(e.getValue().asText())) {
          differ.add(key + ": " + e.getValue().asText() + " here, " + mine.asText() + " there");
        }
      }
    }
    assertThat(unknown).as("settings Flink does not declare").isEmpty();
    assertThat(differ).as("settings that differ from flink-conf/config.yaml").isEmpty();
    // state backend, 5 checkpoint settings, 2 heartbeat, 3 restart, object reuse, s3 path style
    assertThat(shared).isEqualTo(13);
    assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
    assertThat(conf.path("high-availability.storageDir").asText()).startsWith("s3://");
    assertThat(conf.path("state.backend.type").asText()).isEqualTo("rocksdb");
  }

  @Test
  void theJobsArgumentsParseWithTheJobsOwnOptions() throws IOException {
    JsonNode job = read(DIR.resolve("flink-deployment.yaml")).path("spec").path("job");
    List<String> args = strings(job.path("args"));
    JobOptions o = new JobOptions();
    assertThatCode(() -> new CommandLine(o).parseArgs(args.toArray(String[]::new)))
        .doesNotThrowAnyException();
    // the job checkpoints where the cluster's configuration says it does
    assertThat(args.get(args.indexOf("--checkpoint-dir") + 1))
        .isEqualTo(
            read(DIR.resolve("flink-deployment.yaml"))
                .path("spec")
                .path("flinkConfiguration")
                .path("execution.checkpointing.dir")
                .asText());
    assertThat(args).doesNotContain("--jdbc-password");
  }

  @Test
  void everySparkSettingIsOneSparkDeclares() throws IOException {
    JsonNode a = read(DIR.resolve("spark-application.yaml"));
    // the config objects register their entries when they are first used
    org.apache.spark.internal.config.package$.MODULE$.getClass();
    org.apache.spark.deploy.k8s.Config$.MODULE$.getClass();
    List<String> prefixes =
        List.of(
            org.apache.spark.deploy.k8s.Config.KUBERNETES_DRIVER_SECRET_KEY_REF_PREFIX(),
            org.apache.spark.deploy.k8s.Config.KUBERNETES_EXECUTOR_SECRET_KEY_REF_PREFIX());
    List<String> unknown = new ArrayList<>();
    a.path("spec")
        .path("sparkConf")
        .fieldNames()
        .forEachRemaining(
            k -> {
              boolean prefixed = prefixes.stream().anyMatch(k::startsWith);
              if (!prefixed && org.apache.spark.internal.config.ConfigEntry.findEntry(k) == null) {
                unknown.add(k);
              }
            });
    assertThat(unknown).as("settings Spark does not declare").isEmpty();
    assertThat(a.path("spec").path("sparkConf").size()).isEqualTo(10);
    assertThat(a.path("spec").path("runtimeVersions").path("sparkVersion").asText())
        .isEqualTo(System.getProperty("spark.version"));
    assertThat(
            a.path("spec")
                .path("applicationTolerations")
                .path("restartConfig")
                .path("restartPolicy")
                .asText())
        .isEqualTo("OnFailure");
  }

  @Test
  void theAppsArgumentsParseWithTheAppsOwnOptions() throws IOException {
    JsonNode spec = read(DIR.resolve("spark-application.yaml")).path("spec");
    List<String> args = strings(spec.path("driverArgs"));
    // the variables the Secret gives the pods
    Map<String, String> env =
        Map.of("JDBC_PASSWORD", "from-the-secret", "S3_ACCESS_KEY", "k", "S3_SECRET_KEY", "s");
    AppOptions o = AppOptions.parse(args.toArray(String[]::new), env);
    assertThat(o).isNotNull();
    assertThat(args.get(args.indexOf("--variant") + 1)).isEqualTo("transactional");
    assertThat(args.get(args.indexOf("--checkpoint-dir") + 1)).startsWith("s3a://");
    String main = spec.path("mainClass").asText();
    assertThat(getClass().getClassLoader().getResource(main.replace('.', '/') + ".class"))
        .as(main + " is a class of the app's jar")
        .isNotNull();
  }

  @Test
  void noSecretIsWrittenInAManifest() throws IOException {
    List<String> found = new ArrayList<>();
    try (var files = Files.list(DIR)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        secrets(read(p), p.getFileName().toString(), found);
      }
    }
    assertThat(found).isEmpty();
  }

  /** Env entries with a literal value, and settings, whose name says password, secret or key. */
  private static void secrets(JsonNode n, String at, List<String> found) {
    if (n.isObject()) {
      if (n.has("name") && n.has("value") && secretName(n.path("name").asText())) {
        found.add(at + ": " + n.path("name").asText() + " has a literal value");
      }
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (secretName(e.getKey())
            && e.getValue().isValueNode()
            && !e.getKey().contains("secretKeyRef")) {
          found.add(at + ": " + e.getKey() + " is set in the manifest");
        }
        secrets(e.getValue(), at + "." + e.getKey(), found);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        secrets(n.get(i), at + "[" + i + "]", found);
      }
    }
  }

  private static boolean secretName(String name) {
    String s = name.toLowerCase(java.util.Locale.ROOT);
    return s.contains("password")
        || s.contains("secret")
        || s.endsWith("access-key")
        || s.endsWith("access_key")
        || s.endsWith("access_key_id");
  }
}
