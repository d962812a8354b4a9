package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.recoverybench.decision.Options;

/**
 * Claim 2 on the early crash, under each starting-offset setting, and the line beside the claims
 * table that says which setting each option ran with.
 */
class ClaimsEarlyCrashTest {

  /** An early crash: nothing written before the kill; the restart read each partition from. */
  static ReportModel.Trial early(
      String engine, String variant, String sink, String offsets, int trial, long lost, long from) {
    String scenario = offsets == null ? "early-crash" : "early-crash-" + offsets;
    Trials t = Trials.of(scenario, engine, variant, sink).trial(trial).harm(lost, 0);
    t.produced = 3000;
    t.startingOffsets = offsets;
    t.fault(engine.equals("flink") ? "kill-jobmanager" : "kill-driver", 12_000L);
    if (from >= 0) {
      for (int p = 0; p < 3; p++) {
        t.resume(p, from, null, null, null);
      }
    }
    return t.trialData(List.of());
  }

  @Test
  void claim2IsRefutedByAnEarlyCrashUnderLatestAndConfirmedUnderEarliestOneRowPerSetting() {
    ReportModel m =
        Trials.model(
            List.of(
                early("spark", "recoverable", "append", null, 1, 3000, -1),
                early("spark", "recoverable", "append", null, 2, 2400, 200),
                early("spark", "recoverable", "append", "earliest", 1, 0, 0),
                early("flink", "datastream", "exactly-once", null, 1, 0, 0)));
    List<ClaimRow> rows = new NoCheckpointRestartsFromTheBeginning().judge(m);
    assertThat(rows)
        .extracting(ClaimRow::testedBy, ClaimRow::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "flink datastream / exactly-once: early-crash", Verdict.CONFIRMED),
            org.assertj.core.groups.Tuple.tuple(
                "spark recoverable / append: early-crash", Verdict.REFUTED),
            org.assertj.core.groups.Tuple.tuple(
                "spark recoverable / append, starting offsets earliest: early-crash-earliest",
                Verdict.CONFIRMED));
    assertThat(rows.get(0).reason())
        .isEqualTo(
            "early crash: no checkpoint to restore, so the resubmitted job falls back to its"
                + " default, the group's committed offsets, else the earliest: the start of the"
                + " topic; it read the topic from its start and lost nothing in 1 of 1 trials");
    assertThat(rows.get(1).reason())
        .isEqualTo(
            "early crash: no checkpoint to restore, so the restarted driver falls back to"
                + " `auto.offset.reset` unset: Kafka's default `latest`, the end of the topic; it"
                + " did not start at the beginning in 2 of 2 trials: it started at the end and"
                + " skipped the backlog (ids lost in 2 of 2 trials)");
    assertThat(rows.get(1).evidence())
        .isEqualTo(
            "early crash: 2 trials, 0 of 3 partition restarts read from offset 0; lost 2700"
                + " (2400–3000), duplicated ids 0");
    assertThat(rows.get(2).reason())
        .startsWith(
            "early crash: no checkpoint to restore, so the restarted driver falls back to"
                + " `auto.offset.reset=earliest`: the start of the topic; it read the topic from"
                + " its start");
  }

  @Test
  void claim2JudgesAsWrittenOnItsEarlyCrashAndItsLaterRestartsInOneRow() {
    ReportModel m =
        Trials.model(
            List.of(
                early("spark", "as-written", "append", null, 1, 3000, -1),
                ClaimsTest.sparkKill(
                    "kill-driver", "as-written", 1, 0, 823, new long[][] {{1241, 2063, 1241}})));
    List<ClaimRow> rows = new NoCheckpointRestartsFromTheBeginning().judge(m);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).verdict()).isEqualTo(Verdict.REFUTED);
    assertThat(rows.get(0).testedBy())
        .isEqualTo("spark as-written / append: early-crash, kill-driver");
    assertThat(rows.get(0).reason())
        .startsWith(
            "early crash: no offsets auto-committed yet, so the restarted driver falls back")
        .contains(
            "; later restarts: no partition started at offset 0: each resumed at the group's"
                + " committed offset");

    ReportModel fromZero =
        Trials.model(
            List.of(
                early("spark", "as-written", "append", "earliest", 1, 0, 0),
                ClaimsTest.sparkKill(
                    "kill-driver", "as-written", 1, 0, 2188, new long[][] {{0, 2188, -1}})));
    // the later restart ran with engine-default offsets: a variant of its own
    assertThat(new NoCheckpointRestartsFromTheBeginning().judge(fromZero))
        .extracting(ClaimRow::verdict)
        .containsExactly(Verdict.CONFIRMED, Verdict.CONFIRMED);

    ReportModel half =
        Trials.model(
            List.of(
                early("spark", "transactional", "exactly-once", null, 1, 0, 0),
                early("spark", "transactional", "exactly-once", null, 2, 1500, 500)));
    assertThat(new NoCheckpointRestartsFromTheBeginning().judge(half).get(0).verdict())
        .isEqualTo(Verdict.PARTLY);

    // nothing lost, but the restart did not read from offset 0: not "from the very beginning"
    ClaimRow past =
        new NoCheckpointRestartsFromTheBeginning()
            .judge(
                Trials.model(
                    List.of(early("spark", "transactional", "exactly-once", null, 1, 0, 900))))
            .get(0);
    assertThat(past.verdict()).isEqualTo(Verdict.REFUTED);
    assertThat(past.reason())
        .endsWith(
            "it did not start at the beginning in 1 of 1 trials: it resumed past offset 0,"
                + " losing nothing");
  }

  @Test
  void theClaimsSectionSaysWhichStartingOffsetsEachOptionRanWith() {
    ReportModel m =
        Trials.model(
            List.of(
                early("flink", "datastream", "exactly-once", null, 1, 0, 0),
                early("spark", "as-written", "append", null, 1, 3000, -1),
                early("spark", "as-written", "append", "earliest", 1, 0, 0),
                early("spark", "recoverable", "append", "earliest", 1, 0, 0),
                ClaimsTest.sparkKill(
                    "kill-driver", "recoverable", 1, 0, 0, new long[][] {{2189, 2188, -1}})));
    String latest = "(`auto.offset.reset` unset: Kafka's default `latest`, the end of the topic)";
    String earliest = "(`auto.offset.reset=earliest`: the start of the topic)";
    assertThat(ClaimsSection.startingOffsets(m, Options.DEFAULT))
        .isEqualTo(
            "Starting offsets each option ran with (`settings.starting_offsets`: where a restart"
                + " with nothing checkpointed or committed starts): **Flink, exactly-once sink**:"
                + " engine-default (its default, the group's committed offsets, else the"
                + " earliest: the start of the topic). **Spark DStream as written**:"
                + " engine-default "
                + latest
                + ". **Spark DStream as written, auto.offset.reset=earliest**: earliest "
                + earliest
                + ". **Spark DStream with getOrCreate, append**: earliest "
                + earliest
                + " in early-crash-earliest; engine-default "
                + latest
                + " in kill-driver.");
    Doc d = new Doc("r");
    ClaimsSection.write(d, m, Claims.evaluate(m), "../../docs/");
    assertThat(d.markdown()).contains("**Spark DStream as written, auto.offset.reset=earliest**");
  }
}
