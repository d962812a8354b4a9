package org.recoverybench.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionRulesTest {
  private static final Options OPTIONS = Options.DEFAULT;
  private static final List<FaultClass> ROWS =
      List.of(
          FaultClass.byId("worker-loss").orElseThrow(),
          FaultClass.byId("coordinator-loss").orElseThrow(),
          FaultClass.byId("db-outage").orElseThrow());

  private static TrialOutcome clean(Long recoveryMs) {
    return new TrialOutcome(0, 0, recoveryMs, EngineState.RUNNING, null);
  }

  private static Grid.Trial trial(
      String scenario, String engine, String variant, String sink, TrialOutcome o) {
    return new Grid.Trial(scenario, engine, variant, sink, "engine-default", false, o, null, null);
  }

  private static Grid.Trial baseline(String engine, String variant, String sink, long p99) {
    return new Grid.Trial(
        "baseline", engine, variant, sink, "engine-default", false, clean(0L), p99, null);
  }

  /** Flink exactly-once and Spark transactional, both clean on worker and coordinator loss. */
  private static List<Grid.Trial> twoCleanOptions() {
    List<Grid.Trial> t = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      t.add(trial("kill-taskmanager", "flink", "datastream", "exactly-once", clean(6_000L)));
      t.add(trial("kill-jobmanager", "flink", "datastream", "exactly-once", clean(10_000L)));
      t.add(trial("db-outage", "flink", "datastream", "exactly-once", clean(3_000L)));
      t.add(trial("kill-executor", "spark", "transactional", "exactly-once", clean(9_000L)));
      t.add(trial("kill-driver", "spark", "transactional", "exactly-once", clean(12_000L)));
      t.add(trial("db-outage", "spark", "transactional", "exactly-once", clean(4_000L)));
    }
    t.add(baseline("flink", "datastream", "exactly-once", 6_000));
    t.add(baseline("spark", "transactional", "exactly-once", 5_000));
    return t;
  }

  @Test
  void oneSilentLossInOneTrialDisqualifiesAnOptionThatIsBestOtherwise() {
    List<Grid.Trial> t = twoCleanOptions();
    // one trial of Flink: 17 ids missing while the job ran on, no failure reported
    t.set(
        0,
        trial(
            "kill-taskmanager",
            "flink",
            "datastream",
            "exactly-once",
            new TrialOutcome(17, 0, 5_000L, EngineState.RUNNING, null)));
    Decision d = DecisionRules.decide(Grid.build(OPTIONS, ROWS, t));

    assertThat(d.disqualified()).containsOnlyKeys("flink-exactly-once");
    assertThat(d.disqualified().get("flink-exactly-once"))
        .containsExactly(
            "no-loss: lost ids under worker loss (TaskManager ↔ executor) in 1 of 3 trials (up to 17 ids)");
    assertThat(d.recommended().id()).isEqualTo("spark-transactional");
    assertThat(d.ranking()).extracting(r -> r.option().id()).containsExactly("spark-transactional");
  }

  @Test
  void withBothCleanTheFasterRecoveryIsRecommendedWithItsReasons() {
    Decision d = DecisionRules.decide(Grid.build(OPTIONS, ROWS, twoCleanOptions()));

    assertThat(d.disqualified()).isEmpty();
    assertThat(d.ranking())
        .extracting(r -> r.option().id())
        .containsExactly("flink-exactly-once", "spark-transactional");
    assertThat(d.ranking().get(0).recoveryMs()).isEqualTo(16_000L);
    assertThat(d.ranking().get(1).recoveryMs()).isEqualTo(21_000L);
    assertThat(d.reasons())
        .containsExactly(
            "No id lost in 9 fault trials over 3 fault classes.",
            "No id written twice.",
            "No fault needed an operator: it recovered by itself from every one.",
            "Median time from fault to first visible write: worker loss 6.0 s, coordinator loss"
                + " 10.0 s (ranked by their sum, 16.0 s).",
            "Ahead of Spark DStream, offsets stored with the rows by the ranking rule (recovery"
                + " time, the worker and coordinator loss medians added: 16.0 s against 21.0 s).");
    // the latency-first alternative flips it: Spark's p99 without faults is lower
    assertThat(d.flips())
        .containsExactly(
            "If your latency budget matters more than recovery time, Spark DStream, offsets"
                + " stored with the rows would be recommended instead of Flink, exactly-once sink.");
  }

  @Test
  void aHaltingOptionListsItsOperatorStepsAndIsRankedBehindOneThatRecoversByItself() {
    List<Grid.Trial> t = twoCleanOptions();
    t.removeIf(x -> x.engine().equals("spark") && x.scenario().equals("db-outage"));
    EngineState exited =
        EngineState.of(
            "driver_alive=false, driver_exit_code=1, driver_starts=1, failed_batch_jobs 0->1,"
                + " last_error=error: SparkException: Job aborted");
    for (int i = 0; i < 2; i++) {
      t.add(
          trial(
              "db-outage",
              "spark",
              "transactional",
              "exactly-once",
              new TrialOutcome(7_581, 0, null, exited, null)));
    }
    Decision d = DecisionRules.decide(Grid.build(OPTIONS, ROWS, t));

    assertThat(d.disqualified()).isEmpty();
    assertThat(d.operatorSteps()).containsOnlyKeys("spark-transactional");
    assertThat(d.operatorSteps().get("spark-transactional"))
        .containsExactly(
            "after database outage, no supervisor (2 of 2 trials): fix the cause, then start the"
                + " driver again (nothing restarts it), and check where it resumes reading");
    assertThat(d.ranking()).extracting(Decision.Ranked::haltingClasses).containsExactly(0, 1);
    assertThat(d.recommended().id()).isEqualTo("flink-exactly-once");
    // nobody on call: the halting option is out, and the recommendation stands
    Decision strict =
        DecisionRules.decide(Grid.build(OPTIONS, ROWS, t), new Assumptions(false, false, false));
    assertThat(strict.disqualified().get("spark-transactional"))
        .containsExactly("halts: halted under 1 fault class(es)");
  }

  @Test
  void theFlipStatementAppearsWhenTheRankingDependsOnIdempotentConsumers() {
    List<Grid.Trial> t = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // Flink exactly-once: clean but slow to recover
      t.add(trial("kill-taskmanager", "flink", "datastream", "exactly-once", clean(20_000L)));
      t.add(trial("kill-jobmanager", "flink", "datastream", "exactly-once", clean(40_000L)));
      // Spark recoverable with append: fast, but writes ids twice
      t.add(
          trial(
              "kill-executor",
              "spark",
              "recoverable",
              "append",
              new TrialOutcome(0, 2_400, 8_000L, EngineState.RUNNING, null)));
      t.add(
          trial(
              "kill-driver",
              "spark",
              "recoverable",
              "append",
              new TrialOutcome(0, 2_417, 10_000L, EngineState.RUNNING, null)));
    }
    Decision d = DecisionRules.decide(Grid.build(OPTIONS, ROWS, t));

    assertThat(d.recommended().id()).isEqualTo("flink-exactly-once");
    assertThat(d.disqualified().get("spark-recoverable-append"))
        .containsExactly(
            "duplicates: wrote ids twice under worker loss (TaskManager ↔ executor) in 3 of 3"
                + " trials (up to 2400 ids)",
            "duplicates: wrote ids twice under coordinator loss (JobManager ↔ driver), mid-batch"
                + " in 3 of 3 trials (up to 2417 ids)");
    assertThat(d.flips())
        .contains(
            "If every consumer of the table is idempotent, Spark DStream with getOrCreate, append"
                + " would be recommended instead of Flink, exactly-once sink.");
  }

  @Test
  void anOptionWithoutACompletedCoordinatorLossTrialIsNotRanked() {
    List<Grid.Trial> t = twoCleanOptions();
    t.removeIf(x -> x.scenario().equals("kill-driver"));
    t.add(
        new Grid.Trial(
            "kill-driver",
            "spark",
            "transactional",
            "exactly-once",
            "engine-default",
            false,
            TrialOutcome.failed("drain timeout"),
            null,
            null));
    Decision d = DecisionRules.decide(Grid.build(OPTIONS, ROWS, t));

    assertThat(d.disqualified().get("spark-transactional"))
        .containsExactly(
            "evidence: no completed trial of coordinator loss (JobManager ↔ driver), mid-batch");
    assertThat(d.recommended().id()).isEqualTo("flink-exactly-once");
  }

  @Test
  void everyRuleHasItsTextPrinted() {
    assertThat(DecisionRules.RULES)
        .extracting(Rule::id)
        .containsExactly("no-loss", "duplicates", "halts", "evidence", "ranking");
    assertThat(DecisionRules.RULES).allSatisfy(r -> assertThat(r.text()).hasSizeGreaterThan(40));
  }
}
