package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.recoverybench.check.ResumeOffset;
import org.recoverybench.fault.Kill;

/** Claim 4: Spark tells Kafka, through the saved offsets, which messages were processed. */
final class SparkTellsKafkaTheProcessedOffsets extends Claim {
  static final String TEXT =
      "Spark uses the saved offsets to tell Kafka which messages were processed.";

  static final String RULE =
      "One row per Spark variant (engine, variant, sink mode and starting offsets), over its"
          + " driver kills after its first checkpoint. The group's committed offsets in Kafka,"
          + " read at the driver kill, against the next"
          + " offset after the last record written: **confirmed** if they are equal on every"
          + " partition of every trial; **refuted** if the group has no committed offsets or"
          + " they differ from the processed position.";

  SparkTellsKafkaTheProcessedOffsets() {
    super("4", TEXT, RULE);
  }

  @Override
  List<ClaimRow> judge(ReportModel m) {
    List<ClaimRow> rows = new ArrayList<>();
    Evidence.byVariant(
            Evidence.select(
                m,
                g ->
                    Evidence.dstream(g)
                        && Evidence.runs(g, Kill.DRIVER)
                        && !Evidence.earlyCrash(g)))
        .forEach(
            (variant, gs) -> {
              ClaimRow r = judge(Evidence.testedBy(variant, gs), gs);
              rows.add(
                  counting(
                      gs,
                      new ClaimRow(
                          r.claim(),
                          r.testedBy(),
                          r.evidence(),
                          r.verdict(),
                          Mechanism.of(gs.get(0)).commits + ": " + r.reason())));
            });
    return orNotTested(rows, "no Spark driver kill after a checkpoint");
  }

  private ClaimRow judge(String testedBy, List<ReportModel.Group> gs) {
    int entries = 0, with = 0, equal = 0;
    List<Long> gaps = new ArrayList<>();
    for (ReportModel.Group g : gs) {
      for (List<ResumeOffset> trial : g.firstResumes()) {
        for (ResumeOffset o : trial) {
          if (o.lastWrittenBefore() == null) {
            continue;
          }
          entries++;
          if (o.committed() != null) {
            with++;
            long gap = o.committed() - (o.lastWrittenBefore() + 1);
            gaps.add(gap);
            equal += gap == 0 ? 1 : 0;
          }
        }
      }
    }
    Stat gap = Stat.of(gaps);
    String evidence =
        String.format(
            Locale.ROOT,
            "committed offsets present on %d of %d partitions at the kill; committed minus"
                + " (last written + 1): %s records",
            with,
            entries,
            gap.format());
    if (entries == 0) {
      return row(testedBy, evidence, Verdict.UNDECIDED, "no partition was written before the kill");
    }
    if (with == 0) {
      return row(
          testedBy,
          evidence,
          Verdict.REFUTED,
          "the group had no committed offsets in Kafka at the kill");
    }
    if (equal == entries) {
      return row(
          testedBy,
          evidence,
          Verdict.CONFIRMED,
          "the committed offsets matched the processed position on every partition");
    }
    return row(
        testedBy,
        evidence,
        Verdict.REFUTED,
        (entries - equal)
            + " of "
            + entries
            + " partitions had committed offsets that were not the processed position"
            + (gap.max() != null && gap.max() < 0
                ? " (all behind it)"
                : gap.min() != null && gap.min() > 0 ? " (all ahead of it)" : "")
            + ", so they do not say what was processed");
  }
}
