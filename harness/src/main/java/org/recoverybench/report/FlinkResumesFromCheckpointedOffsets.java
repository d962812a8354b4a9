package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.check.ResumeOffset;

/**
 * Claim F2: Flink resumes from its checkpointed offsets, not from those committed to Kafka. A plain
 * kill leaves the two equal (the Kafka source commits each completed checkpoint's offsets), so only
 * {@code scenarios/f2-moved-offsets.yaml}, which moves the group's committed offsets while the
 * JobManager is down, decides it; its rows name each differing partition's checkpointed, committed
 * and resumed offsets.
 */
final class FlinkResumesFromCheckpointedOffsets extends Claim {
  static final String TEXT =
      "Flink port: the job resumes from the checkpointed offsets, not from the offsets"
          + " committed to Kafka.";

  static final String RULE =
      "One row per Flink variant, over its kills: resumed offsets against the checkpointed and committed offsets at"
          + " the fault: **confirmed** if it resumed at the checkpointed offset where the two"
          + " differ; **refuted** if it resumed at the committed offset where they differ;"
          + " **not decided** when the two were equal on every partition (the job commits to"
          + " Kafka on checkpoint completion, so a plain kill cannot tell them apart; the"
          + " `kill-jobmanager-offsets-moved` fault of `scenarios/f2-moved-offsets.yaml` moves the"
          + " group's committed offsets to the start while the JobManager is down, so that they"
          + " differ).";

  /** The differing partitions a row spells out, checkpointed against committed and resumed. */
  private static final int SHOWN = 6;

  FlinkResumesFromCheckpointedOffsets() {
    super("F2", TEXT, RULE);
  }

  @Override
  List<ClaimRow> judge(ReportModel m) {
    List<ClaimRow> rows = new ArrayList<>();
    Evidence.byVariant(
            Evidence.select(
                m,
                g ->
                    g.engine().equals("flink")
                        && g.faultTypes().stream().anyMatch(t -> t.startsWith("kill-"))))
        .forEach(
            (variant, gs) -> rows.add(counting(gs, judge(Evidence.testedBy(variant, gs), gs))));
    return orNotTested(rows, "no Flink kill");
  }

  private ClaimRow judge(String testedBy, List<ReportModel.Group> gs) {
    int differ = 0, atCkpt = 0, atCommitted = 0, entries = 0;
    List<ResumeOffset> all = new ArrayList<>();
    gs.forEach(g -> g.firstResumes().forEach(all::addAll));
    List<String> shown = new ArrayList<>();
    for (ResumeOffset o : all) {
      if (o.checkpointed() == null || o.committed() == null) {
        continue;
      }
      entries++;
      if (o.checkpointed().equals(o.committed())) {
        continue;
      }
      differ++;
      if (shown.size() < SHOWN) {
        shown.add(
            "p"
                + o.partition()
                + " checkpointed "
                + o.checkpointed()
                + ", committed "
                + o.committed()
                + ", resumed "
                + o.resumedFrom());
      }
      atCkpt += o.resumedFrom() == o.checkpointed() ? 1 : 0;
      atCommitted += o.resumedFrom() == o.committed() ? 1 : 0;
    }
    Resumes r = Resumes.of(gs);
    Verdict v;
    String reason;
    if (differ == 0) {
      v = Verdict.UNDECIDED;
      reason =
          entries == 0
              ? "no offsets were known at the fault"
              : "the checkpointed and committed offsets were equal on all "
                  + entries
                  + " partitions at the fault; it resumed at them on "
                  + r.atCheckpointed()
                  + " of "
                  + r.withCheckpointed();
    } else if (atCkpt == differ) {
      v = Verdict.CONFIRMED;
      reason =
          "where they differed, it resumed at the checkpointed offset ("
              + differ
              + " partitions: "
              + String.join("; ", shown)
              + ")";
    } else if (atCommitted == differ) {
      v = Verdict.REFUTED;
      reason =
          "where they differed, it resumed at the committed offset ("
              + differ
              + " partitions: "
              + String.join("; ", shown)
              + ")";
    } else {
      v = Verdict.PARTLY;
      reason =
          atCkpt
              + " of "
              + differ
              + " partitions resumed at the checkpointed offset, "
              + atCommitted
              + " at the committed one ("
              + String.join("; ", shown)
              + ")";
    }
    return row(testedBy, r.evidence(), v, Mechanism.FLINK_CHECKPOINT.resumes + "; " + reason);
  }
}
