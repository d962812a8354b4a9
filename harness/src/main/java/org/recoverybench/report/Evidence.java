package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.recoverybench.fault.FaultType;
import org.recoverybench.fault.GracefulRestart;
import org.recoverybench.fault.Kill;
import org.recoverybench.result.TrialResult;

/** The facts several claims share: which groups they judge, and their losses and duplicates. */
final class Evidence {
  private Evidence() {}

  static List<ReportModel.Group> select(ReportModel m, Predicate<ReportModel.Group> p) {
    return m.groups().stream().filter(p).toList();
  }

  /** The scenarios of some groups, in order, for the "tested by" column. */
  static String scenarios(List<ReportModel.Group> gs) {
    return String.join(", ", gs.stream().map(ReportModel.Group::scenario).distinct().toList());
  }

  /**
   * Whether a group's first trial runs a fault of one of these types. The trial records the type by
   * its name; the types are compared by theirs, so a result file naming a type no longer defined
   * selects nothing rather than failing the report.
   */
  static boolean runs(ReportModel.Group g, FaultType... types) {
    List<String> run = g.faultTypes();
    for (FaultType t : types) {
      if (run.contains(t.name())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a group's trials restart the Spark driver (a kill or a graceful restart). */
  static boolean restartsDriver(ReportModel.Group g) {
    return runs(g, Kill.DRIVER, GracefulRestart.TYPE);
  }

  static boolean sparkVariant(ReportModel.Group g, String variant) {
    return g.engine().equals("spark") && g.variant().equals(variant);
  }

  static String loss(List<ReportModel.Group> groups) {
    List<Long> lost = new ArrayList<>();
    List<Long> dup = new ArrayList<>();
    for (ReportModel.Group g : groups) {
      for (TrialResult t : g.results()) {
        lost.add(t.lost());
        dup.add(t.duplicatedIds());
      }
    }
    return "lost " + Stat.of(lost).format() + ", duplicated ids " + Stat.of(dup).format();
  }

  /** Confirmed if nothing was lost or duplicated, refuted if both were, else partly true. */
  static Verdict harm(List<TrialResult> rs) {
    boolean anyLost = rs.stream().anyMatch(r -> r.lost() > 0);
    boolean anyDup = rs.stream().anyMatch(r -> r.duplicatedIds() > 0);
    if (!anyLost && !anyDup) {
      return Verdict.CONFIRMED;
    }
    if (anyLost && anyDup) {
      return Verdict.REFUTED;
    }
    return Verdict.PARTLY;
  }

  static String harmReason(List<TrialResult> rs) {
    long lostTrials = rs.stream().filter(r -> r.lost() > 0).count();
    long dupTrials = rs.stream().filter(r -> r.duplicatedIds() > 0).count();
    if (lostTrials == 0 && dupTrials == 0) {
      return "no id lost and none written twice in any trial";
    }
    List<String> parts = new ArrayList<>();
    parts.add(
        lostTrials == 0
            ? "nothing lost"
            : "ids lost in " + lostTrials + " of " + rs.size() + " trials");
    parts.add(
        dupTrials == 0
            ? "nothing duplicated"
            : "ids written twice in " + dupTrials + " of " + rs.size() + " trials");
    return String.join(", ", parts);
  }
}
