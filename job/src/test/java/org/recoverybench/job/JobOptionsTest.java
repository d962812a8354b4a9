package org.recoverybench.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

class JobOptionsTest {
  private static final List<String> REQUIRED =
      List.of(
          "--bootstrap", "127.0.0.1:9092",
          "--topic", "events",
          "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/postgres",
          "--run-id", "r1",
          "--checkpoint-dir", "s3://bucket/flink");

  private static String[] with(String... more) {
    List<String> a = new ArrayList<>(REQUIRED);
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  private static String[] replacing(String option, String value) {
    List<String> a = new ArrayList<>(REQUIRED);
    a.set(a.indexOf(option) + 1, value);
    return a.toArray(String[]::new);
  }

  private static String[] without(String option) {
    List<String> a = new ArrayList<>(REQUIRED);
    int i = a.indexOf(option);
    a.remove(i + 1);
    a.remove(i);
    return a.toArray(String[]::new);
  }

  @Test
  void defaults() {
    JobOptions o = JobOptions.parse(with());
    assertThat(o.topics()).containsExactly("events");
    assertThat(o.groupId()).isEqualTo("flink-streaming-group");
    assertThat(o.startingOffsets()).isEqualTo(JobOptions.StartingOffsets.COMMITTED_EARLIEST);
    assertThat(o.sinkMode()).isEqualTo(JobOptions.SinkMode.EXACTLY_ONCE);
    assertThat(o.variant()).isEqualTo("datastream");
    assertThat(o.incarnationBase()).isZero();
    assertThat(o.batchInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.checkpointsRetained()).isEqualTo(3);
    assertThat(o.onParseError()).isEqualTo(JobOptions.OnParseError.FAIL);
  }

  @Test
  void everyOptionIsRead() {
    JobOptions o =
        JobOptions.parse(
            with(
                "--topic", "more,other",
                "--group-id", "g",
                "--starting-offsets", "latest",
                "--sink-mode", "upsert",
                "--variant", "v2",
                "--incarnation-base", "100",
                "--batch-interval", "2s",
                "--checkpoint-interval", "1500ms",
                "--checkpoints-retained", "5",
                "--parallelism", "2",
                "--on-parse-error", "dead-letter"));
    assertThat(o.topics()).containsExactly("events", "more", "other");
    assertThat(o.groupId()).isEqualTo("g");
    assertThat(o.startingOffsets()).isEqualTo(JobOptions.StartingOffsets.LATEST);
    assertThat(o.sinkMode()).isEqualTo(JobOptions.SinkMode.UPSERT);
    assertThat(o.runIdentity()).isEqualTo(new EventMapping.RunIdentity("r1", "v2", "upsert"));
    assertThat(o.incarnationBase()).isEqualTo(100);
    assertThat(o.batchInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.checkpointInterval()).isEqualTo(Duration.ofMillis(1500));
    assertThat(o.checkpointsRetained()).isEqualTo(5);
    assertThat(o.parallelism()).isEqualTo(2);
    assertThat(o.onParseError()).isEqualTo(JobOptions.OnParseError.DEAD_LETTER);
  }

  @Test
  void aMissingOptionIsNamedOnOneLine() {
    for (String opt : List.of("--bootstrap", "--topic", "--jdbc-url", "--run-id")) {
      assertThatThrownBy(() -> JobOptions.parse(without(opt)))
          .isInstanceOf(JobOptions.OptionsException.class)
          .hasMessageContaining("Missing required option")
          .hasMessageContaining(opt)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    assertThatThrownBy(() -> JobOptions.parse(without("--checkpoint-dir")))
        .hasMessageContaining("--checkpoint-dir");
  }

  @Test
  void malformedValuesAreNamed() {
    assertThatThrownBy(() -> JobOptions.parse(with("--sink-mode", "xa")))
        .isInstanceOf(JobOptions.OptionsException.class)
        .hasMessageContaining("--sink-mode")
        .hasMessageContaining("expected append, upsert or exactly-once");
    assertThatThrownBy(() -> JobOptions.parse(with("--checkpoint-interval", "soon")))
        .hasMessageContaining("--checkpoint-interval")
        .hasMessageContaining("expected a duration");
    assertThatThrownBy(() -> JobOptions.parse(with("--batch-interval", "0s")))
        .hasMessageContaining("--batch-interval")
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> JobOptions.parse(with("--incarnation-base", "x")))
        .hasMessageContaining("--incarnation-base");
    assertThatThrownBy(() -> JobOptions.parse(with("--checkpoints-retained", "0")))
        .hasMessage("--checkpoints-retained must be 1 or more, got 0");
    assertThatThrownBy(() -> JobOptions.parse(with("--starting-offsets", "beginning")))
        .hasMessageContaining("--starting-offsets")
        .hasMessageContaining("committed-earliest");
    assertThatThrownBy(() -> JobOptions.parse(with("--on-parse-error", "ignore")))
        .hasMessageContaining("expected fail or dead-letter");
    assertThatThrownBy(() -> JobOptions.parse(replacing("--jdbc-url", "jdbc:mysql://x/y")))
        .hasMessageContaining("--jdbc-url must be a PostgreSQL JDBC URL");
    assertThatThrownBy(() -> JobOptions.parse(replacing("--checkpoint-dir", "/tmp/cp")))
        .hasMessageContaining("--checkpoint-dir must be a URI with a scheme");
    assertThatThrownBy(() -> JobOptions.parse(with("--no-such-option")))
        .hasMessageContaining("--no-such-option");
  }

  @Test
  void runPrintsOneLineAndExitsNonZeroForBadOptions() throws Exception {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        RecoveryBenchJob.run(
            without("--run-id"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    String e = err.toString(StandardCharsets.UTF_8);
    assertThat(e.lines()).hasSize(1);
    assertThat(e).startsWith("recoverybench-flink-job: error: ").contains("--run-id");
  }

  @Test
  void helpDocumentsEveryOption() throws Exception {
    var out = new ByteArrayOutputStream();
    int code =
        RecoveryBenchJob.run(
            new String[] {"--help"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--bootstrap", "--sink-mode", "--incarnation-base", "--checkpoint-dir")
        .contains("--starting-offsets", "--on-parse-error", "--checkpoints-retained");
  }

  @Test
  void theJobConfigurationCarriesCheckpointingAndRetention() {
    Configuration c =
        RecoveryBenchJob.jobConfiguration(JobOptions.parse(with("--checkpoints-retained", "4")));
    assertThat(c.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
    assertThat(c.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
    assertThat(c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("s3://bucket/flink");
    assertThat(c.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
        .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    assertThat(c.get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS)).isEqualTo(4);
    assertThat(c.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void keyedStateIsOffByDefaultAndNamesItsKeysBytesAndBackend() {
    JobOptions d = JobOptions.parse(REQUIRED.toArray(String[]::new));
    assertThat(d.keys()).isZero();
    assertThat(d.stateBytes()).isZero();
    assertThat(d.stateBackend()).isEqualTo(JobOptions.StateBackend.ROCKSDB_INCREMENTAL);
    JobOptions o =
        JobOptions.parse(
            with("--keys", "1000", "--state-bytes", "64", "--state-backend", "hashmap"));
    assertThat(o.keys()).isEqualTo(1000);
    assertThat(o.stateBytes()).isEqualTo(64);
    assertThat(o.stateBackend()).isEqualTo(JobOptions.StateBackend.HASHMAP);
    var c = RecoveryBenchJob.jobConfiguration(o);
    assertThat(c.get(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND))
        .isEqualTo("hashmap");
    assertThat(c.get(org.apache.flink.configuration.CheckpointingOptions.INCREMENTAL_CHECKPOINTS))
        .isFalse();
    assertThat(
            RecoveryBenchJob.jobConfiguration(
                    JobOptions.parse(with("--keys", "10", "--state-backend", "rocksdb-full")))
                .get(org.apache.flink.configuration.CheckpointingOptions.INCREMENTAL_CHECKPOINTS))
        .isFalse();
    assertThatThrownBy(() -> JobOptions.parse(with("--state-bytes", "64")))
        .hasMessageContaining("--state-bytes needs --keys");
    assertThatThrownBy(() -> JobOptions.parse(with("--keys", "-1")))
        .hasMessageContaining("--keys must be 0 to 100000000");
    assertThatThrownBy(() -> JobOptions.parse(with("--state-backend", "forst")))
        .hasMessageContaining("expected rocksdb-incremental, rocksdb-full or hashmap");
  }

  @Test
  void theRestartStrategyIsFixedDelayByDefaultOrExponentialWithItsBounds() {
    var fixed =
        RecoveryBenchJob.jobConfiguration(JobOptions.parse(REQUIRED.toArray(String[]::new)));
    assertThat(fixed.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
    assertThat(fixed.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS))
        .isEqualTo(60);
    assertThat(fixed.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY))
        .isEqualTo(Duration.ofSeconds(1));
    var exp =
        RecoveryBenchJob.jobConfiguration(
            JobOptions.parse(
                with(
                    "--restart-strategy",
                    "exponential-delay",
                    "--restart-attempts",
                    "20",
                    "--restart-delay",
                    "500ms",
                    "--restart-max-delay",
                    "8s",
                    "--restart-reset-after",
                    "30s")));
    assertThat(exp.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
    assertThat(exp.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
        .isEqualTo(Duration.ofMillis(500));
    assertThat(exp.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
        .isEqualTo(Duration.ofSeconds(8));
    assertThat(
            exp.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER))
        .isEqualTo(2.0);
    assertThat(
            exp.get(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(exp.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
        .isEqualTo(20);
    assertThatThrownBy(() -> JobOptions.parse(with("--restart-strategy", "failure-rate")))
        .hasMessageContaining("--restart-strategy must be fixed-delay or exponential-delay");
    assertThatThrownBy(
            () -> JobOptions.parse(with("--restart-delay", "5s", "--restart-max-delay", "1s")))
        .hasMessageContaining("must not be shorter than --restart-delay");
  }
}
