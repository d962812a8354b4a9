package org.recoverybench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * Whether a group runs the original DStream app (any of its variants), the app claims 1, 3 and 4
   * are about; not the Structured Streaming query (claim S1's).
   */
  static boolean dstream(ReportModel.Group g) {
    return g.engine().equals("spark") && !g.variant().startsWith("structured");
  }

  static boolean sparkVariant(ReportModel.Group g, String variant) {
    return g.engine().equals("spark") && g.variant().equals(variant);
  }

  /** The starting-offset setting a group's trials ran with ({@code settings.starting_offsets}). */
  static String startingOffsets(ReportModel.Group g) {
    return GridModel.trial(g.results().get(0)).startingOffsets();
  }

  /**
   * The variant a group's trials ran: engine, variant and sink mode, and the starting-offset
   * setting where it is not the engine's default, e.g. {@code spark as-written / append} or {@code
   * spark as-written / append, starting offsets earliest}. A claim gives each one verdict.
   */
  static String variant(ReportModel.Group g) {
    String offsets = startingOffsets(g);
    return g.engine()
        + " "
        + g.variant()
        + " / "
        + g.sinkMode()
        + (offsets.equals(Mechanism.ENGINE_DEFAULT) ? "" : ", starting offsets " + offsets);
  }

  /** Some groups by {@link #variant}, in the order the variants first appear. */
  static Map<String, List<ReportModel.Group>> byVariant(List<ReportModel.Group> gs) {
    Map<String, List<ReportModel.Group>> out = new LinkedHashMap<>();
    for (ReportModel.Group g : gs) {
      out.computeIfAbsent(variant(g), k -> new ArrayList<>()).add(g);
    }
    return out;
  }

  /** "variant: scenarios" for the "tested by" column. */
  static String testedBy(String variant, List<ReportModel.Group> gs) {
    return variant + ": " + scenarios(gs);
  }

  /**
   * Whether a group is an early crash: the coordinator killed before its first checkpoint or commit
   * ({@code scenarios/early-crash.yaml}, and its runs with other starting offsets, {@code
   * early-crash-earliest}).
   */
  static boolean earlyCrash(ReportModel.Group g) {
    return g.scenario().equals(EARLY_CRASH) || g.scenario().startsWith(EARLY_CRASH + "-");
  }

  static final String EARLY_CRASH = "early-crash";

  /** The lost and duplicated ids of each scenario of some groups, one after the other. */
  static String lossByScenario(List<ReportModel.Group> gs) {
    List<String> parts = new ArrayList<>();
    for (ReportModel.Group g : gs) {
      parts.add(g.scenario() + ": " + loss(List.of(g)) + " over " + g.trials().size() + " trials");
    }
    return String.join("; ", parts);
  }

  /** Every finished trial's result of some groups. */
  static List<TrialResult> results(List<ReportModel.Group> gs) {
    return gs.stream().flatMap(g -> g.results().stream()).toList();
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

  /**
   * Confirmed if no trial lost or duplicated an id, else refuted: a claim of "nothing lost and
   * nothing duplicated" fails on either, in any trial.
   */
  static Verdict harm(List<TrialResult> rs) {
    return rs.stream().anyMatch(r -> r.lost() > 0 || r.duplicatedIds() > 0)
        ? Verdict.REFUTED
        : Verdict.CONFIRMED;
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
