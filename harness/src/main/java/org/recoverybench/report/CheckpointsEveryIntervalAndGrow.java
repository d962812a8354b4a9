package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.recoverybench.result.TrialResult;

/** Claim 6: a checkpoint every batch interval, and a checkpoint directory that keeps growing. */
final class CheckpointsEveryIntervalAndGrow extends Claim {
  static final String TEXT =
      "Checkpoints are written every batch interval by default. A long-running application"
          + " grows its checkpoint directory, so cleaning it up is the next hurdle.";

  static final String RULE =
      "One row per variant (engine, variant, sink mode and starting offsets), on its longest"
          + " trial of a retention scenario when there is one, else of"
          + " the baseline, else of any scenario: *every interval* holds if the median gap between"
          + " checkpoints is within ±50% of the configured interval; *it grows* holds if there were"
          + " more objects under the prefix at the end than at mid-run. **Confirmed** if both"
          + " hold, **partly true** if one does, **refuted** if neither.";

  CheckpointsEveryIntervalAndGrow() {
    super("6", TEXT, RULE);
  }

  /** Objects under the prefix at the middle of the trial's samples and at the end. */
  record Growth(long mid, long end, boolean grows) {}

  @Override
  List<ClaimRow> judge(ReportModel m) {
    List<ClaimRow> rows = new ArrayList<>();
    Evidence.byVariant(m.groups())
        .forEach(
            (variant, gs) -> {
              ReportModel.Group bestGroup = null;
              ReportModel.Trial best = null;
              int bestRank = Integer.MAX_VALUE;
              for (ReportModel.Group g : gs) {
                int rank =
                    g.scenario().startsWith("retention")
                        ? 0
                        : g.scenario().equals("baseline") ? 1 : 2;
                for (ReportModel.Trial t : g.trials()) {
                  if (rank < bestRank
                      || (rank == bestRank
                          && t.result().durationMs() > best.result().durationMs())) {
                    best = t;
                    bestGroup = g;
                    bestRank = rank;
                  }
                }
              }
              if (best != null) {
                rows.add(judge(variant, bestGroup, best));
              }
            });
    return orNotTested(rows, "no trial");
  }

  private ClaimRow judge(String variant, ReportModel.Group group, ReportModel.Trial best) {
    TrialResult r = best.result();
    Growth gr = growth(best);
    Long interval = intervalMs(r);
    Long gap = medianGap(r);
    boolean everyInterval =
        interval != null && gap != null && Math.abs(gap - interval) <= interval / 2;
    Verdict v =
        everyInterval && gr.grows()
            ? Verdict.CONFIRMED
            : everyInterval || gr.grows() ? Verdict.PARTLY : Verdict.REFUTED;
    String reason =
        (everyInterval
                ? "a checkpoint every "
                    + Format.secs(gap)
                    + " (interval "
                    + Format.secs(interval)
                    + ")"
                : "the median gap between checkpoints was "
                    + (gap == null ? "unknown" : Format.secs(gap))
                    + " against an interval of "
                    + (interval == null ? "unknown" : Format.secs(interval)))
            + "; "
            + (gr.grows()
                ? "more objects at the end than at mid-run ("
                    + gr.mid()
                    + " → "
                    + gr.end()
                    + "): the footprint still grew after "
                    + Format.secs(r.durationMs())
                : "no more objects at the end than at mid-run ("
                    + gr.mid()
                    + " at mid-run, "
                    + gr.end()
                    + " at the end): old checkpoints were deleted by the engine itself");
    TrialResult.Checkpoint c = r.checkpoint();
    String evidence =
        String.format(
            Locale.ROOT,
            "%d checkpoints listed; %d objects / %s at the end (max %d objects) after %s",
            c == null ? 0 : c.perCheckpoint().size(),
            c == null ? 0 : c.objects(),
            c == null ? "–" : Math.round(c.bytes() / 1024.0) + " KiB",
            c == null ? 0 : c.maxObjects(),
            Format.secs(r.durationMs()));
    String testedBy = variant + ": " + group.scenario() + " trial " + r.trial();
    return row(testedBy, evidence, v, reason);
  }

  /**
   * Objects under the prefix at the middle of the trial's samples and at the end, counting only
   * samples after the first checkpoint object appeared. It grows if the end is above the middle.
   */
  static Growth growth(ReportModel.Trial t) {
    List<Long> objects = new ArrayList<>();
    for (ReportModel.Sample s : t.samples()) {
      if (s.s3Objects() != null && (s.s3Bytes() == null || s.s3Bytes() > 0)) {
        objects.add(s.s3Objects());
      }
    }
    if (objects.size() < 2) {
      long end = t.result().checkpoint() == null ? 0 : t.result().checkpoint().objects();
      return new Growth(end, end, false);
    }
    long mid = objects.get(objects.size() / 2);
    long end = objects.get(objects.size() - 1);
    return new Growth(mid, end, end > mid);
  }

  static Long intervalMs(TrialResult r) {
    return Format.asLong(r.settings() == null ? null : r.settings().get("checkpoint_interval_ms"));
  }

  /** The median gap between distinct checkpoint completion times (Spark's .bk copies folded). */
  static Long medianGap(TrialResult r) {
    if (r.checkpoint() == null) {
      return null;
    }
    List<Long> times =
        r.checkpoint().perCheckpoint().stream()
            .filter(c -> !c.id().endsWith(".bk"))
            .map(TrialResult.PerCheckpoint::completedAtMs)
            .filter(Objects::nonNull)
            .distinct()
            .sorted()
            .toList();
    if (times.size() < 2) {
      return null;
    }
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < times.size(); i++) {
      gaps.add(times.get(i) - times.get(i - 1));
    }
    return Stat.of(gaps).median();
  }
}
