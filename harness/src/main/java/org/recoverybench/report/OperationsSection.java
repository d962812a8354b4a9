package org.recoverybench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recoverybench.decision.Cell;
import org.recoverybench.decision.EngineState;
import org.recoverybench.decision.Option;
import org.recoverybench.result.TrialResult;

/**
 * "Operations": for each option and fault class, what an operator must do, read from what the
 * engine did in each trial (the behaviour its faults recorded, and what the trial lost or wrote
 * twice). Classes after which the option needed nothing are named together on one row.
 */
final class OperationsSection {
  private OperationsSection() {}

  static final String NOTHING = "nothing: it recovered by itself";

  private static final Pattern SUPERVISED = Pattern.compile("supervised_restarts (\\d+)->(\\d+)");
  private static final Pattern GAVE_UP = Pattern.compile("after (\\d+) supervised restarts");

  static void write(Doc d, GridModel g) {
    d.h(2, "Operations");
    d.p(
        "What an operator must do, per option and fault class, read from the engine's recorded"
            + " behaviour in each trial (the count of trials in brackets where not every trial"
            + " needed the same).");
    List<List<String>> rows = new ArrayList<>();
    for (Option o : g.grid().columns()) {
      List<String> nothing = new ArrayList<>();
      for (Cell c : g.grid().cellsOf(o)) {
        List<TrialResult> rs = g.resultsOf(c);
        if (rs.isEmpty()) {
          continue;
        }
        String steps = steps(rs, o);
        if (steps.equals(NOTHING)) {
          nothing.add(c.faultClass().label());
        } else {
          rows.add(List.of(o.label(), c.faultClass().label(), steps));
        }
      }
      if (!nothing.isEmpty()) {
        rows.add(List.of(o.label(), String.join("; ", nothing), NOTHING));
      }
    }
    d.table(
        List.of("option", "fault class", "what an operator must do"),
        List.of(false, false, false),
        rows);
  }

  /** The distinct steps of a cell's trials, each with its count where they differ. */
  static String steps(List<TrialResult> rs, Option o) {
    Map<String, Integer> count = new LinkedHashMap<>();
    for (TrialResult r : rs) {
      count.merge(step(r, o), 1, Integer::sum);
    }
    if (count.size() == 1) {
      String only = count.keySet().iterator().next();
      return only.equals(NOTHING) || rs.size() == 1 ? only : only + " (" + rs.size() + " trials)";
    }
    List<String> parts = new ArrayList<>();
    count.forEach((s, n) -> parts.add(s + " (" + n + " of " + rs.size() + " trials)"));
    return String.join("; ", parts);
  }

  /** What one trial asks of an operator. */
  static String step(TrialResult r, Option o) {
    List<String> behaviours =
        r.faults() == null
            ? List.of()
            : r.faults().stream()
                .map(TrialResult.FaultRecord::behaviour)
                .filter(Objects::nonNull)
                .toList();
    String all = String.join(" ", behaviours);
    EngineState s = EngineState.atEnd(behaviours);
    if (all.contains("refused-then-started-without-state")) {
      return "it refused its damaged checkpoint and started with no state: restore from an older"
          + " checkpoint or accept a fresh start";
    }
    if (s.halted()) {
      Matcher gaveUp = GAVE_UP.matcher(all);
      if (gaveUp.find()) {
        return "the supervisor gave up after "
            + gaveUp.group(1)
            + " restarts: fix the cause, then start the driver again";
      }
      if (s.detail().contains("Spark driver exited")) {
        return "halted, the driver exited and nothing restarts it: fix the cause, then start it"
            + " again";
      }
      if (s.detail().contains("RESTARTING")) {
        return "restart loop: remove the cause (e.g. send the record to a dead-letter table);"
            + " the job then resumes from its checkpoint";
      }
      if (s.detail().contains("FAILED")) {
        return "halted, the job FAILED: fix the cause, then resubmit it from its latest retained"
            + " checkpoint";
      }
      return "halted (" + s.detail() + "): restart it once the cause is fixed";
    }
    if (r.lost() > 0) {
      return "none is asked, yet ids were lost: reconcile the sink against Kafka"
          + (all.contains("new-context")
              ? " (it started a new context, ignoring its checkpoint)"
              : "");
    }
    if (r.duplicatedIds() > 0 && !o.idempotentWrites()) {
      return "none is asked, yet ids were written twice: deduplicate downstream";
    }
    Matcher sup = SUPERVISED.matcher(all);
    if (sup.find() && Long.parseLong(sup.group(2)) > Long.parseLong(sup.group(1))) {
      long n = Long.parseLong(sup.group(2)) - Long.parseLong(sup.group(1));
      return "nothing: the supervisor restarted the driver "
          + n
          + (n == 1 ? " time" : " times")
          + "; watch its restart count";
    }
    return NOTHING;
  }
}
