package org.recoverybench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.recoverybench.decision.Option;

/**
 * The stateful workload on Spark: which targets take {@code workload.keys}, and {@code
 * settings.state_checkpoint_interval}.
 */
class SparkStateSettingsTest {
  private static Scenario parse(String workload, String target, String settings) {
    String yaml =
        String.join(
            "\n",
            "name: state",
            "workload: " + workload,
            "targets:",
            "  - " + target,
            "settings: " + settings,
            "");
    return ScenarioLoader.parse("s.yaml", new StringReader(yaml));
  }

  private static final String KEYED = "{partitions: 4, records: 100, keys: 10000, state_bytes: 64}";
  private static final String RECOVERABLE =
      "{engine: spark, variant: recoverable, sink_mode: append}";
  private static final String TRANSACTIONAL =
      "{engine: spark, variant: transactional, sink_mode: exactly-once}";

  @Test
  void everySparkDStreamVariantRunsTheStatefulPipeline() {
    for (String t :
        new String[] {
          RECOVERABLE,
          TRANSACTIONAL,
          "{engine: spark, variant: as-written, sink_mode: upsert}",
          "{engine: flink, sink_mode: exactly-once}"
        }) {
      Scenario s = parse(KEYED, t, "{checkpoint_interval: 5s}");
      assertThat(s.workload().keys()).isEqualTo(10_000);
      assertThat(s.workload().stateBytes()).isEqualTo(64);
    }
  }

  @Test
  void structuredStreamingIsRefusedWithOneLine() {
    assertThatThrownBy(
            () ->
                parse(
                    KEYED,
                    "{engine: spark, variant: structured-idempotent, sink_mode: exactly-once}",
                    "{checkpoint_interval: 5s}"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(
            "s.yaml:2: workload: 'keys' (a stateful pipeline) runs on Flink and on the Spark"
                + " DStream variants (as-written, recoverable, transactional); the target"
                + " spark/structured-idempotent/exactly-once is Structured Streaming, which keeps"
                + " no state here (out of the scope of issue 17)");
  }

  @Test
  void theTransactionalVariantNeedsKeysAMultipleOfThePartitions() {
    String three = "{partitions: 3, records: 100, keys: 10000}";
    assertThatThrownBy(() -> parse(three, TRANSACTIONAL, "{checkpoint_interval: 5s}"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(
            "s.yaml:2: workload: 'keys' (10000) must be a multiple of 'partitions' (3) for the"
                + " target spark/transactional/exactly-once: it writes each key's state in the"
                + " transaction of the one Kafka partition that key's records come from (id i"
                + " goes to partition i % partitions, key i % keys)");
    // the other variants write no state with their offsets: any number of keys
    assertThat(parse(three, RECOVERABLE, "{checkpoint_interval: 5s}").workload().keys())
        .isEqualTo(10_000);
    assertThat(
            parse("{partitions: 5, records: 100, keys: 10000}", TRANSACTIONAL, "{}")
                .workload()
                .partitions())
        .isEqualTo(5);
  }

  @Test
  void theStateCheckpointIntervalIsSparksDefaultUnlessGiven() {
    Scenario.EngineSettings s = parse(KEYED, RECOVERABLE, "{checkpoint_interval: 3s}").settings();
    assertThat(s.stateCheckpointInterval()).isNull();
    assertThat(s.sparkBatchInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.sparkStateCheckpointInterval()).isEqualTo(Duration.ofSeconds(30));

    Scenario.EngineSettings given =
        parse(KEYED, RECOVERABLE, "{checkpoint_interval: 3s, state_checkpoint_interval: 12s}")
            .settings();
    assertThat(given.stateCheckpointInterval()).isEqualTo(Duration.ofSeconds(12));
    assertThat(given.sparkStateCheckpointInterval()).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void aBadStateCheckpointIntervalIsRefusedWithOneLine() {
    assertThatThrownBy(
            () ->
                parse(
                    KEYED,
                    RECOVERABLE,
                    "{checkpoint_interval: 5s, state_checkpoint_interval: 12s}"))
        .hasMessage(
            "s.yaml:5: settings.state_checkpoint_interval: 'state_checkpoint_interval' (12000 ms)"
                + " must be a multiple of Spark's batch interval (5 s, from checkpoint_interval)");
    assertThatThrownBy(
            () ->
                parse(
                    "{partitions: 4, records: 100}",
                    RECOVERABLE,
                    "{checkpoint_interval: 5s, state_checkpoint_interval: 50s}"))
        .hasMessage(
            "s.yaml:5: settings.state_checkpoint_interval: 'state_checkpoint_interval' needs"
                + " workload.keys (it is the checkpoint interval of Spark's state)");
    assertThatThrownBy(
            () ->
                parse(
                    KEYED,
                    "{engine: flink, sink_mode: exactly-once}",
                    "{checkpoint_interval: 5s, state_checkpoint_interval: 50s}"))
        .hasMessage(
            "s.yaml:5: settings.state_checkpoint_interval: 'state_checkpoint_interval' applies to"
                + " Spark DStream targets only (mapWithState); the scenario has none");
  }

  @Test
  void anOptionsSettingsKeepTheStateCheckpointInterval() {
    Scenario.EngineSettings s =
        parse(KEYED, RECOVERABLE, "{checkpoint_interval: 3s, state_checkpoint_interval: 9s}")
            .settings();
    Option earliest =
        new Option(
            "spark-recoverable-earliest",
            "Spark recoverable, earliest",
            "spark",
            "recoverable",
            "append",
            false,
            "earliest",
            null,
            java.util.List.of());
    Scenario.EngineSettings moved = earliest.settingsIn(s);
    assertThat(moved.startingOffsets()).isEqualTo(earliest.startingOffsets());
    assertThat(moved.stateCheckpointInterval()).isEqualTo(Duration.ofSeconds(9));
    assertThat(moved).usingRecursiveComparison().ignoringFields("startingOffsets").isEqualTo(s);
  }
}
