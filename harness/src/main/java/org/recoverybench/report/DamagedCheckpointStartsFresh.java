package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.result.TrialResult;

/** Claim 5: an empty or corrupted checkpoint directory makes the application start fresh. */
final class DamagedCheckpointStartsFresh extends Claim {
  static final String TEXT =
      "If the checkpoint directory is empty or corrupted, the application starts fresh.";

  static final String RULE =
      "One row per variant (engine, variant, sink mode and starting offsets), over its"
          + " damaged-checkpoint scenarios (deleted, corrupted, truncated), from the behaviour"
          + " each trial recorded at the restart: **refuted** if the engine refused the damaged checkpoint in any"
          + " trial (it started only once the state was dropped for it); **confirmed** if it"
          + " started without the checkpoint's state every time (a new context, no state);"
          + " **partly true** if it started but from an older checkpoint, not fresh. Without"
          + " recorded behaviours: **confirmed** if it wrote again in every trial, else"
          + " **refuted**. Resume offsets, losses and duplicates are shown alongside.";

  DamagedCheckpointStartsFresh() {
    super("5", TEXT, RULE);
  }

  static boolean damagesCheckpoint(ReportModel.Group g) {
    return g.faultTypes().stream().anyMatch(t -> t.startsWith("checkpoint-"));
  }

  @Override
  List<ClaimRow> judge(ReportModel m) {
    List<ClaimRow> rows = new ArrayList<>();
    Evidence.byVariant(Evidence.select(m, DamagedCheckpointStartsFresh::damagesCheckpoint))
        .forEach(
            (variant, gs) -> {
              List<String> evidence = new ArrayList<>();
              for (ReportModel.Group g : gs) {
                Resumes r = Resumes.of(List.of(g));
                evidence.add(
                    g.scenario()
                        + ": "
                        + (r.entries() > 0 ? r.evidence() + "; " : "")
                        + Evidence.loss(List.of(g)));
              }
              ClaimRow row = judge(Evidence.testedBy(variant, gs), gs, String.join("; ", evidence));
              rows.add(
                  counting(
                      gs,
                      new ClaimRow(
                          row.claim(),
                          row.testedBy(),
                          row.evidence(),
                          row.verdict(),
                          Mechanism.of(gs.get(0)).resumes + ": " + row.reason())));
            });
    return orNotTested(rows, "no damaged-checkpoint scenario in these results");
  }

  private ClaimRow judge(String testedBy, List<ReportModel.Group> gs, String evidence) {
    List<String> behaviours = behaviours(gs);
    List<TrialResult> rs = Evidence.results(gs);
    if (behaviours.isEmpty()) {
      long wroteAgain = rs.stream().filter(t -> t.recoveryFirstWriteMs() != null).count();
      int n = rs.size();
      return wroteAgain == n
          ? row(testedBy, evidence, Verdict.CONFIRMED, "it wrote again in every trial")
          : row(
              testedBy,
              evidence,
              Verdict.REFUTED,
              "it never wrote again in " + (n - wroteAgain) + " of " + n + " trials" + note(rs));
    }
    if (behaviours.stream().anyMatch(b -> b.startsWith("refused"))) {
      return row(
          testedBy,
          evidence,
          Verdict.REFUTED,
          "it refused the damaged checkpoint instead of starting fresh" + note(rs));
    }
    if (behaviours.stream()
        .allMatch(b -> b.equals("new-context") || b.equals("started-without-state"))) {
      return row(
          testedBy,
          evidence,
          Verdict.CONFIRMED,
          "it started without the checkpoint's state every time" + note(rs));
    }
    return row(
        testedBy,
        evidence,
        Verdict.PARTLY,
        "it started, but from an older checkpoint rather than fresh" + note(rs));
  }

  /** Every behaviour the groups' trials recorded at their faults, in order, repeats kept. */
  private static List<String> behaviours(List<ReportModel.Group> gs) {
    List<String> out = new ArrayList<>();
    for (TrialResult t : Evidence.results(gs)) {
      if (t.faults() != null) {
        t.faults().stream()
            .map(TrialResult.FaultRecord::behaviour)
            .filter(b -> b != null && !b.isBlank())
            .forEach(out::add);
      }
    }
    return out;
  }

  /** The engine's own account: the behaviours recorded at the fault, and its first error. */
  private static String note(List<TrialResult> rs) {
    List<String> behaviours = new ArrayList<>();
    String error = null;
    for (TrialResult r : rs) {
      if (r.faults() == null) {
        continue;
      }
      for (TrialResult.FaultRecord f : r.faults()) {
        if (f.behaviour() != null && !behaviours.contains(f.behaviour())) {
          behaviours.add(f.behaviour());
        }
        if (error == null && f.error() != null) {
          error = Format.clip(f.error());
        }
      }
    }
    String note =
        rs.stream()
            .map(TrialResult::note)
            .filter(n -> n != null && !n.isBlank())
            .findFirst()
            .orElse(null);
    List<String> parts = new ArrayList<>();
    if (!behaviours.isEmpty()) {
      parts.add("behaviour: " + String.join(", ", behaviours));
    }
    if (error != null) {
      parts.add("error: " + error);
    }
    if (note != null) {
      parts.add(note);
    }
    return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
  }
}
