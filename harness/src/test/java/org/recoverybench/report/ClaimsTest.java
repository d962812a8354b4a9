package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recoverybench.result.TrialResult;

/** Each verdict rule on hand-written results: the rule, not an outcome, decides. */
class ClaimsTest {

  static ReportModel.Trial sparkKill(
      String scenario, String variant, int trial, long lost, long dup, long[][] resumes) {
    Trials t = Trials.of(scenario, "spark", variant, "append").trial(trial).harm(lost, dup);
    t.fault("kill-driver", 9_000L);
    for (int p = 0; p < resumes.length; p++) {
      long[] r = resumes[p]; // from, last written, committed
      t.resume(p, r[0], r[1], null, r[2] < 0 ? null : r[2]);
    }
    return t.trialData(List.of());
  }

  static ReportModel.Trial sparkKill(
      String scenario, String variant, String sink, int trial, long lost, long dup) {
    Trials t = Trials.of(scenario, "spark", variant, sink).trial(trial).harm(lost, dup);
    t.fault("kill-driver", 9_000L);
    return t.trialData(List.of());
  }

  @Test
  void claim1IsPartlyTrueWhenTheCheckpointedRestartReplaysAndConfirmedWhenItResumesExactly() {
    ReportModel replaying =
        Trials.model(
            List.of(
                sparkKill(
                    "kill-driver", "recoverable", 1, 0, 816, new long[][] {{1373, 2188, 1373}}),
                sparkKill(
                    "kill-driver", "recoverable", 2, 0, 800, new long[][] {{1400, 2199, 1400}})));
    List<ClaimRow> rows = new CheckpointResumesFromProcessedOffsets().judge(replaying);
    assertThat(rows).hasSize(1);
    ClaimRow row = rows.get(0);
    assertThat(row.testedBy()).isEqualTo("spark recoverable / append: kill-driver");
    assertThat(row.verdict()).isEqualTo(Verdict.PARTLY);
    assertThat(row.evidence())
        .startsWith("2 partition restarts over 2 trials: 0 exact, 0 from offset 0, 2 replayed")
        .contains("lost 0, duplicated ids 808 (800–816)");
    assertThat(row.reason())
        .startsWith(
            "`StreamingContext.getOrCreate` restores the offsets of the last checkpointed batch"
                + " from its checkpoint: it does not start over")
        .contains("every one resumed at the group's committed offset");

    ReportModel exact =
        Trials.model(
            List.of(
                sparkKill("kill-driver", "recoverable", 1, 0, 0, new long[][] {{2189, 2188, -1}})));
    assertThat(new CheckpointResumesFromProcessedOffsets().judge(exact).get(0).verdict())
        .isEqualTo(Verdict.CONFIRMED);
  }

  @Test
  void claim1IsRefutedForAsWrittenByItsMechanismEvenWhenItResumedExactlyAtTheCommittedOffset() {
    // between batches, the auto-committed offset is the processed position: nothing replayed
    ReportModel m =
        Trials.model(
            List.of(
                sparkKill(
                    "kill-driver-between-batches",
                    "as-written",
                    1,
                    0,
                    0,
                    new long[][] {{925, 924, 925}, {925, 924, 925}}),
                sparkKill("kill-driver", "as-written", 1, 0, 2188, new long[][] {{0, 2188, -1}})));
    List<ClaimRow> rows = new CheckpointResumesFromProcessedOffsets().judge(m);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).testedBy())
        .isEqualTo("spark as-written / append: kill-driver, kill-driver-between-batches");
    assertThat(rows.get(0).verdict()).isEqualTo(Verdict.REFUTED);
    assertThat(rows.get(0).reason())
        .isEqualTo(
            "it resumes from the offsets Kafka auto-committed (`enable.auto.commit`), never from"
                + " its checkpoint: it builds a new `StreamingContext` on every start, so its"
                + " checkpoint is never read to restore offsets; 2 of 2 partition restarts with"
                + " committed offsets resumed at them");
    ReportModel exactOnly =
        Trials.model(
            List.of(
                sparkKill(
                    "kill-driver-between-batches",
                    "as-written",
                    1,
                    0,
                    0,
                    new long[][] {{925, 924, 925}})));
    assertThat(new CheckpointResumesFromProcessedOffsets().judge(exactOnly).get(0).verdict())
        .isEqualTo(Verdict.REFUTED);
  }

  @Test
  void claim1GivesOneRowPerVariantLeavesTheEarlyCrashToClaim2AndDoesNotJudgeTheDatabaseOffsets() {
    ReportModel m =
        Trials.model(
            List.of(
                sparkKill("kill-driver", "recoverable", 1, 0, 0, new long[][] {{2189, 2188, -1}}),
                sparkKill(
                    "kill-driver-between-batches",
                    "recoverable",
                    1,
                    0,
                    0,
                    new long[][] {{901, 900, -1}}),
                sparkKill("kill-driver", "transactional", "exactly-once", 1, 0, 0),
                ClaimsEarlyCrashTest.early("spark", "recoverable", "append", null, 1, 3000, -1)));
    List<ClaimRow> rows = new CheckpointResumesFromProcessedOffsets().judge(m);
    assertThat(rows)
        .extracting(ClaimRow::testedBy, ClaimRow::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "spark recoverable / append: kill-driver, kill-driver-between-batches",
                Verdict.CONFIRMED),
            org.assertj.core.groups.Tuple.tuple(
                "spark transactional / exactly-once: kill-driver", Verdict.NOT_TESTED));
    assertThat(rows.get(1).reason())
        .startsWith("it resumes from the offsets stored with the rows in one database transaction");
  }

  @Test
  void claim1IsRefutedWhenTheRestartSkipsRecords() {
    ReportModel skipping =
        Trials.model(
            List.of(
                sparkKill(
                    "kill-driver", "recoverable", 1, 790, 0, new long[][] {{3000, 2209, -1}})));
    ClaimRow row = new CheckpointResumesFromProcessedOffsets().judge(skipping).get(0);
    assertThat(row.verdict()).isEqualTo(Verdict.REFUTED);
    assertThat(row.reason())
        .endsWith(": 1 partition restarts skipped records that were never written");
  }

  @Test
  void claim3IsRefutedForAVariantThatWroteAnIdTwiceInAnyTrialOfAnyKillTiming() {
    List<ReportModel.Trial> trials = new ArrayList<>();
    trials.add(sparkKill("kill-driver", "recoverable", "append", 1, 0, 0));
    trials.add(sparkKill("kill-driver", "recoverable", "append", 2, 0, 816));
    trials.add(sparkKill("kill-driver", "recoverable", "append", 3, 0, 0));
    trials.add(sparkKill("kill-driver-between-batches", "recoverable", "append", 1, 0, 0));
    trials.add(sparkKill("kill-driver-between-batches", "recoverable", "upsert", 1, 0, 0));
    trials.add(sparkKill("kill-driver-between-batches", "as-written", "append", 1, 0, 0));
    trials.add(sparkKill("kill-driver", "transactional", "exactly-once", 1, 0, 0));
    trials.add(ClaimsEarlyCrashTest.early("spark", "recoverable", "append", null, 1, 3000, -1));
    List<ClaimRow> rows =
        new CheckpointedOffsetsPreventLossAndDuplicates().judge(Trials.model(trials));
    assertThat(rows)
        .extracting(ClaimRow::testedBy, ClaimRow::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "spark recoverable / append: kill-driver, kill-driver-between-batches",
                Verdict.REFUTED),
            org.assertj.core.groups.Tuple.tuple(
                "spark transactional / exactly-once: kill-driver", Verdict.NOT_TESTED),
            org.assertj.core.groups.Tuple.tuple(
                "spark as-written / append: kill-driver-between-batches", Verdict.UNDECIDED),
            org.assertj.core.groups.Tuple.tuple(
                "spark recoverable / upsert: kill-driver-between-batches", Verdict.CONFIRMED));
    assertThat(rows.get(0).reason())
        .isEqualTo(
            "`StreamingContext.getOrCreate` restores the offsets of the last checkpointed batch"
                + " from its checkpoint: nothing lost, ids written twice in 1 of 4 trials");
    assertThat(rows.get(1).reason()).endsWith(", but not by checkpointed offsets");
    assertThat(rows.get(0).evidence())
        .isEqualTo(
            "kill-driver: lost 0, duplicated ids 0 (0–816) over 3 trials;"
                + " kill-driver-between-batches: lost 0, duplicated ids 0 over 1 trials");
    assertThat(rows.get(2).reason())
        .startsWith("it resumes from the offsets Kafka auto-committed")
        .endsWith(
            "no id lost and none written twice in any trial, but not by checkpointed offsets");
  }

  @Test
  void claim4ComparesCommittedOffsetsWithTheProcessedPosition() {
    ReportModel behind =
        Trials.model(
            List.of(
                sparkKill(
                    "kill-driver", "as-written", 1, 0, 823, new long[][] {{1241, 2063, 1241}})));
    ClaimRow row = new SparkTellsKafkaTheProcessedOffsets().judge(behind).get(0);
    assertThat(row.verdict()).isEqualTo(Verdict.REFUTED);
    assertThat(row.evidence()).contains("committed minus (last written + 1): -823 records");
    assertThat(row.reason())
        .startsWith("the driver's Kafka consumer auto-commits offsets (`enable.auto.commit` unset")
        .contains("(all behind it)");

    ReportModel tracking =
        Trials.model(
            List.of(
                sparkKill(
                    "kill-driver", "as-written", 1, 0, 0, new long[][] {{2064, 2063, 2064}})));
    assertThat(new SparkTellsKafkaTheProcessedOffsets().judge(tracking).get(0).verdict())
        .isEqualTo(Verdict.CONFIRMED);

    ReportModel none =
        Trials.model(
            List.of(
                sparkKill("kill-driver", "as-written", 1, 0, 0, new long[][] {{2064, 2063, -1}})));
    ClaimRow noneRow = new SparkTellsKafkaTheProcessedOffsets().judge(none).get(0);
    assertThat(noneRow.verdict()).isEqualTo(Verdict.REFUTED);
    assertThat(noneRow.reason())
        .endsWith(": the group had no committed offsets in Kafka at the kill");
  }

  @Test
  void claim5IsNotTestedWithoutADamagedCheckpointAndRefutedWhenTheEngineNeverWritesAgain() {
    assertThat(
            new DamagedCheckpointStartsFresh()
                .judge(
                    Trials.model(
                        List.of(
                            Trials.of("baseline", "flink", "datastream", "exactly-once")
                                .trialData(List.of())))))
        .extracting(ClaimRow::verdict)
        .containsExactly(Verdict.NOT_TESTED);
    Trials refused = Trials.of("checkpoint-corrupted", "spark", "recoverable", "append");
    refused.fault("checkpoint-corrupted", null);
    Trials started = Trials.of("checkpoint-corrupted", "spark", "as-written", "append");
    started.fault("checkpoint-corrupted", 7_000L);
    List<ClaimRow> rows =
        new DamagedCheckpointStartsFresh()
            .judge(
                Trials.model(List.of(refused.trialData(List.of()), started.trialData(List.of()))));
    assertThat(rows)
        .extracting(ClaimRow::verdict)
        .containsExactly(Verdict.CONFIRMED, Verdict.REFUTED);
    assertThat(rows.get(1).reason())
        .startsWith("`StreamingContext.getOrCreate` restores")
        .contains("checkpoint: it never wrote again in 1 of 1 trials");
  }

  private static ReportModel.Trial restart(String variant, String behaviour, String error) {
    Trials t = Trials.of("checkpoint-truncated", "spark", variant, "append");
    t.fault("checkpoint-truncated", 7_000L);
    TrialResult.FaultRecord f = t.faults.get(0);
    t.faults.set(
        0,
        new TrialResult.FaultRecord(
            f.type(),
            f.role(),
            f.pid(),
            f.startedAtMs(),
            f.stoppedAtMs(),
            7_000L,
            8_000L,
            behaviour,
            "s3://b/p/chk-3",
            error,
            "truncated"));
    return t.trialData(List.of());
  }

  @Test
  void claim5FollowsTheBehaviourTheEngineRecorded() {
    List<ClaimRow> rows =
        new DamagedCheckpointStartsFresh()
            .judge(
                Trials.model(
                    List.of(
                        restart("as-written", "new-context", null),
                        restart("recoverable", "restored", null),
                        restart(
                            "transactional",
                            "refused-then-started-without-state",
                            "java.io.EOFException"))));
    assertThat(rows)
        .extracting(ClaimRow::verdict)
        .containsExactly(Verdict.CONFIRMED, Verdict.PARTLY, Verdict.REFUTED);
    assertThat(rows.get(2).reason())
        .isEqualTo(
            Mechanism.SPARK_DATABASE.resumes
                + ": it refused the damaged checkpoint instead of starting fresh (behaviour:"
                + " refused-then-started-without-state; error: java.io.EOFException)");
  }

  @Test
  void claim5GivesOneRowPerVariantOverItsDamagedCheckpointScenarios() {
    Trials deleted = Trials.of("checkpoint-deleted", "spark", "recoverable", "append");
    deleted.fault("checkpoint-deleted", 7_000L);
    List<ClaimRow> rows =
        new DamagedCheckpointStartsFresh()
            .judge(
                Trials.model(
                    List.of(
                        deleted.trialData(List.of()),
                        restart(
                            "recoverable",
                            "refused-then-started-without-state",
                            "java.io.EOFException"))));
    assertThat(rows)
        .extracting(ClaimRow::testedBy, ClaimRow::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "spark recoverable / append: checkpoint-deleted, checkpoint-truncated",
                Verdict.REFUTED));
    assertThat(rows.get(0).evidence())
        .isEqualTo(
            "checkpoint-deleted: lost 0, duplicated ids 0; checkpoint-truncated: lost 0,"
                + " duplicated ids 0");
  }

  @Test
  void claim6NeedsCheckpointsEveryIntervalAndObjectsRisingToTheEnd() {
    List<ReportModel.Sample> rising = new ArrayList<>();
    List<ReportModel.Sample> flat = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rising.add(new ReportModel.Sample(i * 1000L, 0, 0, 1000L * (i + 1), 2L + i, i));
      flat.add(new ReportModel.Sample(i * 1000L, 0, 0, 1000L, Math.min(7L, 2L + i), i));
    }
    ReportModel.Trial spark =
        Trials.of("baseline", "spark", "recoverable", "append")
            .checkpointsEvery(5000, 8)
            .trialData(rising);
    ReportModel.Trial flink =
        Trials.of("baseline", "flink", "datastream", "exactly-once")
            .checkpointsEvery(5100, 8)
            .trialData(flat);
    List<ClaimRow> rows =
        new CheckpointsEveryIntervalAndGrow().judge(Trials.model(List.of(spark, flink)));
    // one row per variant, flink first as the report orders targets
    assertThat(rows)
        .extracting(ClaimRow::testedBy, ClaimRow::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "flink datastream / exactly-once: baseline trial 1", Verdict.PARTLY),
            org.assertj.core.groups.Tuple.tuple(
                "spark recoverable / append: baseline trial 1", Verdict.CONFIRMED));
    assertThat(rows.get(1).reason()).contains("more objects at the end than at mid-run (12 → 21)");
    assertThat(rows.get(0).reason())
        .contains("a checkpoint every 5.1 s")
        .contains("no more objects at the end than at mid-run (7 at mid-run, 7 at the end)");

    ReportModel.Trial slow =
        Trials.of("baseline", "flink", "datastream", "exactly-once")
            .checkpointsEvery(20_000, 4)
            .trialData(flat);
    assertThat(
            new CheckpointsEveryIntervalAndGrow()
                .judge(Trials.model(List.of(slow)))
                .get(0)
                .verdict())
        .isEqualTo(Verdict.REFUTED);
  }

  @Test
  void flinkClaimsJudgeLossDuplicatesAndTellCheckpointedFromCommittedOffsetsOnlyWhenTheyDiffer() {
    Trials clean = Trials.of("kill-taskmanager", "flink", "datastream", "exactly-once");
    clean.fault("kill-taskmanager", 12_000L).resume(0, 1279, 1278L, 1279L, 1279L);
    Trials dirty = Trials.of("kill-jobmanager", "flink", "datastream", "exactly-once").harm(0, 12);
    dirty.fault("kill-jobmanager", 27_000L).resume(0, 700, 800L, 700L, 650L);
    ReportModel m = Trials.model(List.of(clean.trialData(List.of()), dirty.trialData(List.of())));
    // scenarios without a run.json order come alphabetically: kill-jobmanager first
    // one verdict for the variant over both kills: duplicates in one trial refute it
    List<ClaimRow> f1 = new FlinkExactlyOnceSurvivesKills().judge(m);
    assertThat(f1).extracting(ClaimRow::verdict).containsExactly(Verdict.REFUTED);
    assertThat(f1.get(0).testedBy())
        .isEqualTo("flink datastream / exactly-once: kill-jobmanager, kill-taskmanager");
    assertThat(f1.get(0).reason())
        .isEqualTo(
            FlinkExactlyOnceSurvivesKills.MECHANISM
                + ": nothing lost, ids written twice in 1 of 2 trials");
    assertThat(
            new FlinkExactlyOnceSurvivesKills()
                .judge(Trials.model(List.of(clean.trialData(List.of()))))
                .get(0)
                .verdict())
        .isEqualTo(Verdict.CONFIRMED);
    // one F2 row for the variant: where the two differed (the JobManager kill), the checkpoint's
    List<ClaimRow> f2 = new FlinkResumesFromCheckpointedOffsets().judge(m);
    assertThat(f2).extracting(ClaimRow::verdict).containsExactly(Verdict.CONFIRMED);
    assertThat(f2.get(0).reason())
        .isEqualTo(
            Mechanism.FLINK_CHECKPOINT.resumes
                + "; where they differed, it resumed at the checkpointed offset (1 partitions: p0 checkpointed 700, committed 650, resumed 700)");
    assertThat(
            new FlinkResumesFromCheckpointedOffsets()
                .judge(Trials.model(List.of(clean.trialData(List.of()))))
                .get(0)
                .verdict())
        .isEqualTo(Verdict.UNDECIDED);
  }

  @Test
  void f2IsConfirmedWhereTheJobResumedAtTheCheckpointedOffsetsAfterKafkasWereMoved() {
    Trials moved = Trials.of("f2-moved-offsets", "flink", "datastream", "exactly-once");
    moved
        .fault("kill-jobmanager-offsets-moved", 9_000L)
        .resume(0, 412, 430L, 412L, 0L)
        .resume(1, 405, 420L, 405L, 0L)
        .resume(2, 409, 425L, 409L, 0L);
    List<ClaimRow> rows =
        new FlinkResumesFromCheckpointedOffsets()
            .judge(Trials.model(List.of(moved.trialData(List.of()))));
    assertThat(rows).extracting(ClaimRow::verdict).containsExactly(Verdict.CONFIRMED);
    assertThat(rows.get(0).reason())
        .contains(
            "at the checkpointed offset (3 partitions: p0 checkpointed 412, committed 0,"
                + " resumed 412; p1 checkpointed 405, committed 0, resumed 405");
  }

  @Test
  void f2IsRefutedWhereTheJobResumedAtTheMovedCommittedOffsetsAndPartlyWhenMixed() {
    Trials atCommitted = Trials.of("f2-moved-offsets", "flink", "datastream", "exactly-once");
    atCommitted
        .fault("kill-jobmanager-offsets-moved", 9_000L)
        .resume(0, 0, 430L, 412L, 0L)
        .resume(1, 0, 420L, 405L, 0L)
        .resume(2, 0, 425L, 409L, 0L);
    List<ClaimRow> refuted =
        new FlinkResumesFromCheckpointedOffsets()
            .judge(Trials.model(List.of(atCommitted.trialData(List.of()))));
    assertThat(refuted).extracting(ClaimRow::verdict).containsExactly(Verdict.REFUTED);
    assertThat(refuted.get(0).reason())
        .contains(
            "at the committed offset (3 partitions: p0 checkpointed 412, committed 0,"
                + " resumed 0");

    Trials mixed = Trials.of("f2-moved-offsets", "flink", "datastream", "exactly-once");
    mixed
        .fault("kill-jobmanager-offsets-moved", 9_000L)
        .resume(0, 412, 430L, 412L, 0L)
        .resume(1, 0, 420L, 405L, 0L)
        .resume(2, 300, 425L, 409L, 0L);
    List<ClaimRow> partly =
        new FlinkResumesFromCheckpointedOffsets()
            .judge(Trials.model(List.of(mixed.trialData(List.of()))));
    assertThat(partly).extracting(ClaimRow::verdict).containsExactly(Verdict.PARTLY);
    assertThat(partly.get(0).reason())
        .contains("1 of 3 partitions resumed at the checkpointed offset, 1 at the committed one");
  }
}
