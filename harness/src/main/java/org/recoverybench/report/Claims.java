package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The claims the report judges, in table order: the beliefs about the original app (1–6, see {@code
 * docs/original-app.md}), the Flink port's own promises (F1, F2) and Structured Streaming's (S1).
 */
final class Claims {
  private Claims() {}

  static final List<Claim> ALL =
      List.of(
          new CheckpointResumesFromProcessedOffsets(),
          new NoCheckpointRestartsFromTheBeginning(),
          new CheckpointedOffsetsPreventLossAndDuplicates(),
          new SparkTellsKafkaTheProcessedOffsets(),
          new DamagedCheckpointStartsFresh(),
          new CheckpointsEveryIntervalAndGrow(),
          new FlinkExactlyOnceSurvivesKills(),
          new FlinkResumesFromCheckpointedOffsets(),
          new StructuredCheckpointMakesForeachBatchExactlyOnce());

  /** Every row of the claims table for the trials of {@code m}. */
  static List<ClaimRow> evaluate(ReportModel m) {
    List<ClaimRow> rows = new ArrayList<>();
    for (Claim c : ALL) {
      rows.addAll(c.judge(m));
    }
    return rows;
  }
}
