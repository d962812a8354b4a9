package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.check.StateCheck;
import org.recoverybench.result.TrialResult;

/**
 * "Keyed state": for each trial of a stateful workload, whether every key's final count and sum is
 * what the produced ids make it, with the worst key, and what the checkpoints held.
 */
final class StateSection {
  private StateSection() {}

  static void write(Doc d, ReportModel m) {
    List<List<String>> rows = new ArrayList<>();
    for (ReportModel.Group g : m.groups()) {
      for (ReportModel.Trial t : g.trials()) {
        TrialResult r = t.result();
        StateCheck s = r.state();
        if (s == null) {
          continue;
        }
        String worst =
            s.worst().isEmpty()
                ? "–"
                : String.format(
                    java.util.Locale.ROOT,
                    "key %d: count %d (expected %d), sum %d (expected %d)",
                    s.worst().get(0).key(),
                    s.worst().get(0).count(),
                    s.worst().get(0).expectedCount(),
                    s.worst().get(0).sum(),
                    s.worst().get(0).expectedSum());
        rows.add(
            List.of(
                g.scenario(),
                g.target(),
                String.valueOf(r.trial()),
                String.format(java.util.Locale.ROOT, "%,d", s.keys()),
                String.format(java.util.Locale.ROOT, "%,d", s.keysWithState()),
                String.format(java.util.Locale.ROOT, "%,d", s.wrongKeys()),
                String.format(java.util.Locale.ROOT, "%,d", s.overCounted()),
                String.format(java.util.Locale.ROOT, "%,d", s.underCounted()),
                String.format(java.util.Locale.ROOT, "%,d", s.wrongSum()),
                worst,
                lastStateSize(r)));
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    d.h(2, "Keyed state");
    d.p(
        "Trials of a stateful workload: record id i carries key i % keys and adds i to its key's"
            + " sum. After the trial, each key's final count and sum in `sink_state` is compared"
            + " with what the produced ids make it: an over-count is a replay folded into the"
            + " state twice, an under-count (or no state) a loss, a right count with a wrong sum"
            + " both. The last column is the whole state the trial's last completed checkpoint"
            + " stood for, where the engine reports it.");
    d.table(
        List.of(
            "scenario",
            "engine / variant / sink",
            "trial",
            "keys",
            "keys with state",
            "keys wrong",
            "over-counted",
            "under-counted",
            "wrong sum",
            "worst key",
            "state in the last checkpoint"),
        List.of(false, false, true, true, true, true, true, true, true, false, true),
        rows);
  }

  private static String lastStateSize(TrialResult r) {
    if (r.checkpoint() == null || r.checkpoint().perCheckpoint() == null) {
      return "–";
    }
    Long bytes = null;
    for (TrialResult.PerCheckpoint c : r.checkpoint().perCheckpoint()) {
      if (c.stateBytes() != null) {
        bytes = c.stateBytes();
      }
    }
    return bytes == null ? "–" : String.format(java.util.Locale.ROOT, "%,.1f KiB", bytes / 1024.0);
  }
}
