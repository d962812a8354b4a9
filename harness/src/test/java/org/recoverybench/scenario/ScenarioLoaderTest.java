package org.recoverybench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.recoverybench.fault.FaultSpec;

class ScenarioLoaderTest {
  private static final String GOOD =
      String.join(
          "\n",
          "name: kill-driver",
          "workload:",
          "  partitions: 3",
          "  records: 20_000",
          "  rate_per_second: 500",
          "targets:",
          "  - {engine: spark, variant: recoverable, sink_mode: append}",
          "settings:",
          "  checkpoint_interval: 5s",
          "faults:",
          "  - {type: kill-driver, after_checkpoints: 2, mid_batch: true, duration: 3s}",
          "");

  private static Scenario parse(String yaml) {
    return ScenarioLoader.parse("s.yaml", new StringReader(yaml));
  }

  @Test
  void readsAWellFormedScenarioWithDefaults() {
    Scenario s = parse(GOOD);
    assertThat(s.name()).isEqualTo("kill-driver");
    assertThat(s.workload()).isEqualTo(new Scenario.Workload(3, 20_000, 500, 64));
    assertThat(s.targets()).containsExactly(new Scenario.Target("spark", "recoverable", "append"));
    assertThat(s.settings().checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.settings().sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
    assertThat(s.faults())
        .containsExactly(new FaultSpec("kill-driver", null, 2, true, Duration.ofSeconds(3)));
    assertThat(s.run().trials()).isEqualTo(1);
    assertThat(s.targetsFor("flink")).isEmpty();
    assertThat(s.targetsFor("both")).hasSize(1);
  }

  @Test
  void errorsNameTheFileTheLineAndTheField() {
    assertThatThrownBy(() -> parse(GOOD.replace("partitions: 3", "partitions: 0")))
        .isInstanceOf(ScenarioException.class)
        .hasMessage("s.yaml:3: workload.partitions: must be between 1 and 1024, not 0");
    assertThatThrownBy(() -> parse(GOOD.replace("records: 20_000", "records: many")))
        .hasMessage("s.yaml:4: workload.records: 'many' is not a whole number");
    assertThatThrownBy(() -> parse(GOOD.replace("rate_per_second", "rate")))
        .hasMessage(
            "s.yaml:5: workload.rate: unknown field; known fields here: duration, keys,"
                + " partitions, payload_bytes, rate_per_second, records, state_bytes");
    assertThatThrownBy(
            () -> parse(GOOD.replace("checkpoint_interval: 5s", "checkpoint_interval: 5")))
        .hasMessage(
            "s.yaml:9: settings.checkpoint_interval: '5' is not a duration; write it like 500ms,"
                + " 5s, 2m");
    assertThatThrownBy(() -> parse(GOOD.replace("kill-driver, after", "kill-nothing, after")))
        .hasMessageStartingWith("s.yaml:11: faults[0].type: 'kill-nothing' is not one of ");
    assertThatThrownBy(() -> parse(GOOD.replace("variant: recoverable", "variant: clever")))
        .hasMessage(
            "s.yaml:7: targets[0].variant: 'clever' is not one of as-written, recoverable,"
                + " structured, structured-idempotent, transactional");
  }

  @Test
  void readsTheSparkDriverSupervisorSetting() {
    assertThat(parse(GOOD).settings().driverRestarts()).isZero();
    String supervised =
        GOOD.replace("checkpoint_interval: 5s", "checkpoint_interval: 5s\n  driver_restarts: 5");
    assertThat(parse(supervised).settings().driverRestarts()).isEqualTo(5);
    assertThatThrownBy(() -> parse(supervised.replace("driver_restarts: 5", "driver_restarts: -1")))
        .hasMessage("s.yaml:10: settings.driver_restarts: must be between 0 and 100, not -1");
  }

  @Test
  void rejectsFaultsThatDoNotFitTheTargets() {
    assertThatThrownBy(() -> parse(GOOD.replace("type: kill-driver", "type: kill-taskmanager")))
        .hasMessage(
            "s.yaml:11: faults[0]: kill-taskmanager does not apply to the spark target"
                + " spark/recoverable/append (give the fault 'engine' to meet only one engine's"
                + " targets)");
    assertThatThrownBy(() -> parse(GOOD.replace("after_checkpoints: 2, ", "")))
        .hasMessage(
            "s.yaml:11: faults[0]: give exactly one of 'at' (a time) or 'after_checkpoints' (a count)");
    assertThatThrownBy(
            () ->
                parse(
                    GOOD.replace(
                        "variant: recoverable, sink_mode: append",
                        "variant: transactional, sink_mode: append")))
        .hasMessage(
            "s.yaml:7: targets[0].sink_mode: the Spark variant transactional writes exactly-once only");
  }

  @Test
  void readsOutageAndBadDataFaults() {
    String outages =
        GOOD.replace(
                "  - {type: kill-driver, after_checkpoints: 2, mid_batch: true, duration: 3s}",
                String.join(
                    "\n",
                    "  - {type: kafka-restart, after_checkpoints: 2, duration: 3s}",
                    "  - {type: s3-outage, at: 20s, duration: 8s}",
                    "  - {type: s3-slow, after_checkpoints: 6, duration: 6s, latency: 300ms}",
                    "  - {type: db-outage, after_checkpoints: 8, duration: 5s}",
                    "  - {type: poison-record, after_checkpoints: 9}",
                    "  - {type: kill-during-checkpoint, after_checkpoints: 10}"))
            .replace(
                "checkpoint_interval: 5s",
                "checkpoint_interval: 5s\n  on_parse_error: dead-letter");
    Scenario s = parse(outages);
    assertThat(s.settings().onParseError()).isEqualTo("dead-letter");
    assertThat(parse(GOOD).settings().onParseError()).isEqualTo("fail");
    assertThat(s.faults())
        .containsExactly(
            new FaultSpec("kafka-restart", null, 2, false, Duration.ofSeconds(3)),
            new FaultSpec("s3-outage", Duration.ofSeconds(20), 0, false, Duration.ofSeconds(8)),
            new FaultSpec("s3-slow", null, 6, false, Duration.ofSeconds(6), Duration.ofMillis(300)),
            new FaultSpec("db-outage", null, 8, false, Duration.ofSeconds(5)),
            new FaultSpec("poison-record", null, 9, false, Duration.ZERO),
            new FaultSpec("kill-during-checkpoint", null, 10, false, Duration.ZERO));
    assertThat(s.faults().stream().map(FaultSpec::needsS3Proxy))
        .containsExactly(false, true, true, false, false, true);
  }

  @Test
  void rejectsOutagesWithoutTheirFigures() {
    String slow = "  - {type: s3-slow, after_checkpoints: 2, duration: 6s, latency: 300ms}";
    String line = "  - {type: kill-driver, after_checkpoints: 2, mid_batch: true, duration: 3s}";
    assertThatThrownBy(() -> parse(GOOD.replace(line, slow.replace(", latency: 300ms", ""))))
        .hasMessage(
            "s.yaml:11: faults[0]: s3-slow needs 'latency', the delay the proxy adds (e.g. 500ms)");
    assertThatThrownBy(() -> parse(GOOD.replace(line, slow.replace("duration: 6s, ", ""))))
        .hasMessage("s.yaml:11: faults[0]: s3-slow needs 'duration', how long it lasts (e.g. 20s)");
    assertThatThrownBy(
            () ->
                parse(
                    GOOD.replace(
                        line, "  - {type: db-outage, after_checkpoints: 2, latency: 300ms}")))
        .hasMessage("s.yaml:11: faults[0].latency: 'latency' applies to s3-slow only");
    assertThatThrownBy(
            () ->
                parse(
                    GOOD.replace(
                        "checkpoint_interval: 5s",
                        "checkpoint_interval: 5s\n  on_parse_error: skip")))
        .hasMessage("s.yaml:10: settings.on_parse_error: 'skip' is not one of dead-letter, fail");
  }

  @Test
  void rejectsBrokenYamlAndMissingFields() {
    assertThatThrownBy(() -> parse("name: [unclosed\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("s.yaml:2: not valid YAML: ");
    assertThatThrownBy(() -> parse("")).hasMessage("s.yaml:1: the file is empty");
    assertThatThrownBy(() -> parse(GOOD.replace("name: kill-driver\n", "")))
        .hasMessage("s.yaml:1: the field 'name' is required");
    assertThatThrownBy(() -> ScenarioLoader.load(Path.of("no/such.yaml")))
        .hasMessage("no/such.yaml: no such scenario file");
  }

  @Test
  void readsRestartFaultsWithTheirOptions() {
    String upgrade =
        GOOD.replace(
            "type: kill-driver, after_checkpoints: 2, mid_batch: true, duration: 3s",
            "type: upgrade, after_checkpoints: 2, restore_from: checkpoint, uids: false");
    assertThat(parse(upgrade).faults().get(0).restart())
        .isEqualTo(new FaultSpec.RestartOptions("checkpoint", false, 0));
    String rescale =
        GOOD.replace(
            "type: kill-driver, after_checkpoints: 2, mid_batch: true, duration: 3s",
            "type: rescale, after_checkpoints: 2, parallelism: 2");
    assertThat(parse(rescale).faults().get(0).restart())
        .isEqualTo(new FaultSpec.RestartOptions("savepoint", true, 2));
    String damaged =
        GOOD.replace(
            "type: kill-driver, after_checkpoints: 2, mid_batch: true, duration: 3s",
            "type: checkpoint-corrupted, after_checkpoints: 3");
    assertThat(parse(damaged).faults().get(0))
        .isEqualTo(new FaultSpec("checkpoint-corrupted", null, 3, false, Duration.ZERO));
    assertThatThrownBy(() -> parse(rescale.replace(", parallelism: 2", "")))
        .hasMessage("s.yaml:11: faults[0]: the field 'parallelism' is required");
    assertThatThrownBy(
            () ->
                parse(damaged.replace("after_checkpoints: 3", "after_checkpoints: 3, uids: false")))
        .hasMessage("s.yaml:11: faults[0].uids: 'uids' applies only to upgrade and rescale faults");
    assertThatThrownBy(() -> parse(upgrade.replace("uids: false", "parallelism: 2")))
        .hasMessage(
            "s.yaml:11: faults[0].parallelism: 'parallelism' applies only to rescale faults");
    assertThatThrownBy(
            () -> parse(upgrade.replace("restore_from: checkpoint", "restore_from: backup")))
        .hasMessageStartingWith("s.yaml:11: faults[0].restore_from: ");
  }

  @Test
  void everyCommittedScenarioLoads() throws IOException {
    Path dir = Path.of(System.getProperty("user.dir")).getParent().resolve("scenarios");
    int n = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.yaml")) {
      for (Path f : files) {
        Scenario s = ScenarioLoader.load(f);
        assertThat(f.getFileName().toString()).isEqualTo(s.name() + ".yaml");
        n++;
      }
    }
    assertThat(n).isGreaterThanOrEqualTo(5);
  }

  private static final String MIXED =
      String.join(
          "\n",
          "name: soak",
          "workload: {partitions: 3, records: 1000}",
          "targets:",
          "  - {engine: flink, variant: datastream, sink_mode: exactly-once}",
          "  - {engine: spark, variant: transactional, sink_mode: exactly-once}",
          "faults:",
          "  - {type: kill-taskmanager, at: 2m, engine: flink}",
          "  - {type: kill-driver, at: 2m, engine: spark}",
          "  - {type: kafka-restart, at: 3m, duration: 5s}",
          "  - {type: kill-jobmanager, at: 4m, engine: flink}",
          "");

  @Test
  void aFaultNamingOneEngineMeetsOnlyThatEnginesTargets() {
    Scenario s = parse(MIXED);
    assertThat(s.faults()).hasSize(4);
    Scenario flink = s.forTarget(s.targets().get(0));
    Scenario spark = s.forTarget(s.targets().get(1));
    assertThat(flink.faults().stream().map(FaultSpec::type))
        .containsExactly("kill-taskmanager", "kafka-restart", "kill-jobmanager");
    assertThat(spark.faults().stream().map(FaultSpec::type))
        .containsExactly("kill-driver", "kafka-restart");
    assertThat(spark.faults().get(0).at()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aFaultNamingAnEngineItCannotMeetOrThatHasNoTargetIsRefused() {
    assertThatThrownBy(
            () ->
                parse(
                    MIXED.replace(
                        "kill-driver, at: 2m, engine: spark",
                        "kill-driver, at: 2m, engine: flink")))
        .hasMessageContaining("kill-driver does not apply to flink");
    assertThatThrownBy(
            () ->
                parse(
                    MIXED.replace(
                        "  - {engine: spark, variant: transactional, sink_mode: exactly-once}\n",
                        "")))
        .hasMessageContaining("the scenario has no spark target for this fault");
    assertThatThrownBy(
            () -> parse(MIXED.replace("kill-driver, at: 2m, engine: spark", "kill-driver, at: 2m")))
        .hasMessageContaining("(give the fault 'engine' to meet only one engine's targets)");
    assertThatThrownBy(() -> parse(MIXED.replace("engine: spark}", "engine: storm}")))
        .hasMessageContaining("storm");
  }

  @Test
  void theSoakScenarioAlternatesKillsEveryTwoMinutesOnEachEngine() {
    Scenario s = ScenarioLoader.load(Path.of("../scenarios/soak.yaml"));
    assertThat(s.workload().records()).isEqualTo(360_000);
    Scenario flink = s.forTarget(new Scenario.Target("flink", "datastream", "exactly-once"));
    Scenario spark = s.forTarget(new Scenario.Target("spark", "transactional", "exactly-once"));
    assertThat(flink.faults()).hasSize(14);
    assertThat(spark.faults()).hasSize(14);
    for (int i = 0; i < 14; i++) {
      assertThat(flink.faults().get(i).at()).isEqualTo(Duration.ofMinutes(2L * (i + 1)));
      assertThat(flink.faults().get(i).type())
          .isEqualTo(i % 2 == 0 ? "kill-taskmanager" : "kill-jobmanager");
      assertThat(spark.faults().get(i).type())
          .isEqualTo(i % 2 == 0 ? "kill-driver" : "kill-executor");
    }
  }
}
