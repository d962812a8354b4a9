package org.recoverybench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.lab.flink.FlinkCluster;
import org.recoverybench.lab.spark.SparkStandalone;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;

/**
 * {@code run --lab external} with {@code --flink-rest} and {@code --spark-master}: a Flink cluster
 * and a Spark master that this test owns are handed to the harness as existing infrastructure, next
 * to an embedded lab's endpoints handed over as external. The same scenario then runs on the
 * embedded lab (the harness's own processes), and both runs must write result.json files with the
 * same fields and exact counts. A kill scenario against the existing cluster is refused in one
 * line, and nothing of the cluster is killed.
 */
class ExistingEnginesITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedLab lab;
  private static FlinkCluster flink;
  private static SparkStandalone spark;
  private static Path dir;

  @BeforeAll
  static void start() {
    dir = WorkDirs.freshForTest("existing-engines");
    lab =
        new EmbeddedLab(LabConfig.at(dir.resolve("lab")).withHealthTimeout(Duration.ofMinutes(4)));
    lab.start();
    flink = new FlinkCluster(dir.resolve("their-flink"), lab.endpoints());
    flink.start(1, Duration.ofMinutes(3));
    spark = SparkStandalone.start(dir.resolve("their-spark"), 1, "1g", Duration.ofMinutes(3));
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.close();
    }
    if (flink != null) {
      flink.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  private static Map<String, String> env(Endpoints e) {
    Map<String, String> env = new HashMap<>(e.asMap());
    env.put("FLINK_REST_URL", flink.restUrl());
    env.put("SPARK_MASTER_URL", spark.masterUrl());
    return env;
  }

  @Test
  void baselineOnExistingEnginesWritesTheSameFieldsAsOnTheEmbeddedLab() throws Exception {
    Path scenario = RunITCase.scenario("it-baseline");
    Path external = dir.resolve("results-external");
    try (CliProcess cli =
        CliProcess.start(
            dir.resolve("cli-external"),
            env(lab.endpoints()),
            "run",
            "--scenario",
            scenario.toString(),
            "--lab",
            "external",
            "--out",
            external.toString(),
            "--work-dir",
            dir.resolve("work-external").toString())) {
      assertThat(cli.awaitExit(Duration.ofMinutes(8))).as(cli.stdout()).isZero();
      assertThat(cli.stdout())
          .contains("Flink at " + flink.restUrl())
          .contains("Spark master " + spark.masterUrl());
    }
    Path embedded = dir.resolve("results-embedded");
    try (CliProcess cli =
        CliProcess.start(
            dir.resolve("cli-embedded"),
            "run",
            "--scenario",
            scenario.toString(),
            "--out",
            embedded.toString(),
            "--work-dir",
            dir.resolve("work-embedded").toString())) {
      assertThat(cli.awaitExit(Duration.ofMinutes(8))).as(cli.stdout()).isZero();
    }

    List<Path> ext = ResultFiles.find(external);
    List<Path> emb = ResultFiles.find(embedded);
    assertThat(ext).hasSize(2);
    assertThat(emb).hasSize(2);
    Map<String, Set<String>> extFields = fieldsByEngine(ext);
    Map<String, Set<String>> embFields = fieldsByEngine(emb);
    assertThat(extFields.keySet()).containsExactlyInAnyOrder("flink", "spark");
    for (String engine : extFields.keySet()) {
      assertThat(extFields.get(engine))
          .as(engine + ": result.json fields, external vs embedded")
          .isEqualTo(embFields.get(engine));
    }

    for (Path f : ext) {
      TrialResult r = ResultFiles.read(f);
      RunITCase.Counts sql =
          RunITCase.count(lab.endpoints(), r.runId(), r.engine(), r.variant(), r.produced());
      assertThat(r.produced()).isEqualTo(4_000);
      assertThat(r.distinctWritten()).isEqualTo(4_000).isEqualTo(sql.distinct());
      assertThat(r.rowsWritten()).isEqualTo(sql.rows());
      assertThat(r.lost()).isZero().isEqualTo(sql.lost());
      assertThat(r.duplicatedIds()).isEqualTo(sql.duplicatedIds());
      JsonNode settings = JSON.readTree(f.toFile()).path("settings").path("engine");
      if (r.engine().equals("flink")) {
        assertThat(r.rowsWritten()).isEqualTo(4_000);
        assertThat(r.duplicatedIds()).isZero();
        assertThat(settings.path("cluster").asText()).isEqualTo("existing at " + flink.restUrl());
        assertThat(settings.path("heartbeat.timeout").asText()).isEqualTo("10000");
        // the job ran on the test's cluster, not on one the harness started
        assertThat(flink.rest().getText("/jobs/overview").orElseThrow())
            .contains("recoverybench " + r.runId());
      } else {
        assertThat(settings.path("deployment").asText())
            .isEqualTo("existing master " + spark.masterUrl());
      }
      System.out.printf(
          "existing %s/%s: rows %d, distinct %d, lost %d, dup %d%n",
          r.engine(),
          r.variant(),
          r.rowsWritten(),
          r.distinctWritten(),
          r.lost(),
          r.duplicatedIds());
    }
    // the cluster the harness does not own still runs its one TaskManager
    assertThat(flink.registeredTaskManagers()).isEqualTo(1);
  }

  @Test
  void aKillScenarioAgainstAClusterWeDoNotOwnIsRefusedInOneLine() throws Exception {
    List<Long> before = flink.taskManagers().stream().map(ManagedProcess::pid).toList();
    try (CliProcess cli =
        CliProcess.start(
            dir.resolve("cli-kill"),
            env(lab.endpoints()),
            "run",
            "--scenario",
            RunITCase.scenario("it-kill-taskmanager").toString(),
            "--lab",
            "external",
            "--out",
            dir.resolve("results-kill").toString(),
            "--work-dir",
            dir.resolve("work-kill").toString())) {
      assertThat(cli.awaitExit(Duration.ofMinutes(3))).isEqualTo(2);
      assertThat(cli.stderrLines()).hasSize(1);
      assertThat(cli.stderrLines().get(0))
          .startsWith("recoverybench: error: ")
          .endsWith(
              "scenario it-kill-taskmanager needs to kill a taskmanager; --flink-rest points at a"
                  + " cluster recoverybench does not own");
    }
    assertThat(flink.taskManagers().stream().map(ManagedProcess::pid).toList()).isEqualTo(before);
    assertThat(flink.taskManagers()).allMatch(ManagedProcess::isAlive);
  }

  /** Every field path of each result.json (nested objects, and the first element of lists). */
  private static Map<String, Set<String>> fieldsByEngine(List<Path> files) throws Exception {
    Map<String, Set<String>> out = new HashMap<>();
    for (Path f : files) {
      JsonNode n = JSON.readTree(Files.readString(f));
      Set<String> paths = new TreeSet<>();
      collect(n, "", paths);
      // the engine's settings describe the deployment, which differs on purpose
      paths.removeIf(p -> p.startsWith("settings.engine."));
      out.put(n.path("engine").asText(), paths);
    }
    return out;
  }

  private static void collect(JsonNode n, String prefix, Set<String> out) {
    if (n.isObject()) {
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String p = prefix.isEmpty() ? name : prefix + "." + name;
        out.add(p);
        collect(n.get(name), p, out);
      }
    } else if (n.isArray() && !n.isEmpty()) {
      collect(n.get(0), prefix + "[]", out);
    }
  }
}
