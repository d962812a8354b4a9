package org.recoverybench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recoverybench.result.RecoveryPhases;
import org.recoverybench.result.TrialResult;

/**
 * "Recovery phases": one row per kill whose record holds the phases of its recovery, one table per
 * engine, the phases as columns in the order a recovery reaches them, each in ms after the kill.
 * Nothing where no kill recorded its phases (results written before them).
 */
final class PhasesSection {
  private PhasesSection() {}

  /** A kill with its phases, and where it comes from. */
  private record Kill(ReportModel.Group group, TrialResult result, TrialResult.FaultRecord fault) {}

  static void write(Doc d, ReportModel m, String docs) {
    Map<String, List<Kill>> byEngine = new LinkedHashMap<>();
    for (ReportModel.Group g : m.groups()) {
      for (ReportModel.Trial t : g.trials()) {
        if (t.result().faults() == null) {
          continue;
        }
        for (TrialResult.FaultRecord f : t.result().faults()) {
          if (f.phases() != null && !f.phases().isEmpty()) {
            byEngine
                .computeIfAbsent(g.engine(), e -> new ArrayList<>())
                .add(new Kill(g, t.result(), f));
          }
        }
      }
    }
    if (byEngine.isEmpty()) {
      return;
    }
    d.h(2, "Recovery phases");
    d.p(
        "Each kill's recovery, phase by phase, in ms after the kill (the `phases` of each fault in"
            + " `result.json`), as the engine's REST API and logs recorded them; the last one is the"
            + " first visible write that the recovery time counts. What each phase is and where it"
            + " comes from: [What is measured]("
            + docs
            + "design.md#what-is-measured). – where a phase is not known, n/a where it does not"
            + " apply to the kill.");
    byEngine.forEach((engine, kills) -> table(d, engine, kills));
  }

  private static void table(Doc d, String engine, List<Kill> kills) {
    List<String> phases = new ArrayList<>();
    for (String p : RecoveryPhases.ORDER) {
      if (kills.stream().anyMatch(k -> k.fault().phases().containsKey(p))) {
        phases.add(p);
      }
    }
    List<String> header =
        new ArrayList<>(List.of("scenario", "engine / variant / sink", "trial", "kill"));
    List<Boolean> right = new ArrayList<>(List.of(false, false, true, false));
    for (String p : phases) {
      header.add(p.replace('_', ' '));
      right.add(true);
    }
    List<List<String>> rows = new ArrayList<>();
    for (Kill k : kills) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  k.group().scenario(),
                  k.group().target(),
                  String.valueOf(k.result().trial()),
                  k.fault().type()));
      for (String p : phases) {
        row.add(cell(k.fault(), p));
      }
      rows.add(row);
    }
    d.p("**" + engine + "**, ms after the kill:");
    d.table(header, right, rows);
  }

  static String cell(TrialResult.FaultRecord f, String phase) {
    if (!f.phases().containsKey(phase)) {
      return "n/a";
    }
    Long ms = f.phases().get(phase);
    if (ms == null) {
      return "–";
    }
    if (phase.equals(RecoveryPhases.RESTORED_CHECKPOINT) && f.restoredCheckpointId() != null) {
      return ms + " (chk " + f.restoredCheckpointId() + ")";
    }
    return String.valueOf(ms);
  }
}
