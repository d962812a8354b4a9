package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Claim S1 on Structured Streaming's driver kills; claims 1, 3 and 4 leave those trials alone. */
class ClaimsStructuredTest {

  private static ReportModel.Trial kill(
      String variant, String sink, int trial, long lost, long dup) {
    Trials t = Trials.of("kill-driver", "spark", variant, sink).trial(trial).harm(lost, dup);
    t.produced = 15_000;
    t.fault("kill-driver", 14_000L);
    return t.trialData(List.of());
  }

  @Test
  void oneRowPerVariantRefutedByAnyDuplicateConfirmedWithoutHarm() {
    ReportModel m =
        Trials.model(
            List.of(
                kill("structured-idempotent", "exactly-once", 1, 0, 0),
                kill("structured-idempotent", "exactly-once", 2, 0, 0),
                kill("structured", "append", 1, 0, 0),
                kill("structured", "append", 2, 0, 412)));
    List<ClaimRow> rows = new StructuredCheckpointMakesForeachBatchExactlyOnce().judge(m);
    assertThat(rows)
        .extracting(ClaimRow::testedBy, ClaimRow::verdict)
        .containsExactlyInAnyOrder(
            tuple("spark structured-idempotent / exactly-once: kill-driver", Verdict.CONFIRMED),
            tuple("spark structured / append: kill-driver", Verdict.REFUTED));
    ClaimRow append =
        rows.stream().filter(r -> r.verdict() == Verdict.REFUTED).findFirst().orElseThrow();
    assertThat(append.reason())
        .startsWith("plain inserts in `foreachBatch`: a replayed batch is written again: ");
  }

  @Test
  void theDStreamClaimsDoNotJudgeStructuredStreaming() {
    ReportModel m = Trials.model(List.of(kill("structured", "append", 1, 0, 412)));
    assertThat(new CheckpointResumesFromProcessedOffsets().judge(m))
        .extracting(ClaimRow::verdict)
        .containsExactly(Verdict.NOT_TESTED);
    assertThat(new CheckpointedOffsetsPreventLossAndDuplicates().judge(m))
        .extracting(ClaimRow::verdict)
        .containsExactly(Verdict.NOT_TESTED);
    assertThat(new SparkTellsKafkaTheProcessedOffsets().judge(m))
        .extracting(ClaimRow::verdict)
        .containsExactly(Verdict.NOT_TESTED);
  }
}
