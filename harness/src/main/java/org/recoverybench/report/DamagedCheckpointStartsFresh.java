package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.result.TrialResult;

/** Claim 5: an empty or corrupted checkpoint directory makes the application start fresh. */
final class DamagedCheckpointStartsFresh extends Claim {
  static final String TEXT =
      "If the checkpoint directory is empty or corrupted, the application starts fresh.";

  static final String RULE =
      "Per target on each damaged-checkpoint scenario, from the behaviour each trial recorded"
          + " at the restart: **refuted** if the engine refused the damaged checkpoint in any"
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
    for (ReportModel.Group g :
        Evidence.select(m, DamagedCheckpointStartsFresh::damagesCheckpoint)) {
      Resumes r = Resumes.of(List.of(g));
      String evidence = (r.entries() > 0 ? r.evidence() + "; " : "") + Evidence.loss(List.of(g));
      rows.add(counting(List.of(g), judge(g, evidence)));
    }
    return orNotTested(rows, "no damaged-checkpoint scenario in these results");
  }

  private ClaimRow judge(ReportModel.Group g, String evidence) {
    String testedBy = g.shortTarget() + ": " + g.scenario();
    List<String> behaviours = behaviours(g);
    if (behaviours.isEmpty()) {
      long wroteAgain = g.results().stream().filter(t -> t.recoveryFirstWriteMs() != null).count();
      int n = g.trials().size();
      return wroteAgain == n
          ? row(testedBy, evidence, Verdict.CONFIRMED, "it wrote again in every trial")
          : row(
              testedBy,
              evidence,
              Verdict.REFUTED,
              "it never wrote again in " + (n - wroteAgain) + " of " + n + " trials" + note(g));
    }
    if (behaviours.stream().anyMatch(b -> b.startsWith("refused"))) {
      return row(
          testedBy,
          evidence,
          Verdict.REFUTED,
          "it refused the damaged checkpoint instead of starting fresh" + note(g));
    }
    if (behaviours.stream()
        .allMatch(b -> b.equals("new-context") || b.equals("started-without-state"))) {
      return row(
          testedBy,
          evidence,
          Verdict.CONFIRMED,
          "it started without the checkpoint's state every time" + note(g));
    }
    return row(
        testedBy,
        evidence,
        Verdict.PARTLY,
        "it started, but from an older checkpoint rather than fresh" + note(g));
  }

  /** Every behaviour the group's trials recorded at their faults, in order, repeats kept. */
  private static List<String> behaviours(ReportModel.Group g) {
    List<String> out = new ArrayList<>();
    for (TrialResult t : g.results()) {
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
  private static String note(ReportModel.Group g) {
    List<String> behaviours = new ArrayList<>();
    String error = null;
    for (TrialResult r : g.results()) {
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
        g.results().stream()
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
