package org.recoverybench.decision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The stated rules that turn a grid into a recommendation. Each rule's text stands beside the code
 * that applies it; the report prints {@link #RULES} next to the recommendation.
 */
public final class DecisionRules {
  private DecisionRules() {}

  static final Rule NO_LOSS =
      new Rule(
          "no-loss",
          "An option that lost ids under any fault, silently skipped or lost for good, is"
              + " disqualified: a lost record is a wrong answer that nobody is told about.");
  static final Rule DUPLICATES =
      new Rule(
          "duplicates",
          "An option that wrote an id twice is disqualified, unless its writes are idempotent"
              + " (the upsert sink) or every consumer is idempotent.");
  static final Rule HALTS =
      new Rule(
          "halts",
          "A halt (the pipeline stops and waits for an operator) does not disqualify, but each"
              + " one is an operator step that the report lists. Where nobody is on call, a halt"
              + " disqualifies.");
  static final Rule EVIDENCE =
      new Rule(
          "evidence",
          "An option is ranked only if worker loss and coordinator loss each have a completed"
              + " trial; failed trials count as no evidence and are shown.");
  static final Rule RANKING =
      new Rule(
          "ranking",
          "The options left are ranked by the number of fault classes that needed an operator,"
              + " then by the median time from fault to first visible write (worker loss plus"
              + " coordinator loss), then by p99 latency without faults, then by CPU time per"
              + " 1,000 records. With a tight latency budget, latency comes before recovery time.");

  public static final List<Rule> RULES = List.of(NO_LOSS, DUPLICATES, HALTS, EVIDENCE, RANKING);

  private static final List<String> CORE = List.of("worker-loss", "coordinator-loss");

  /** The decision under the default assumptions, with what would flip it. */
  public static Decision decide(Grid grid) {
    Decision base = decide(grid, Assumptions.DEFAULT);
    List<String> flips = new ArrayList<>();
    for (Assumptions.Alternative alt : Assumptions.ALTERNATIVES) {
      Decision other = decide(grid, alt.assumptions());
      if (!Objects.equals(id(other.recommended()), id(base.recommended()))) {
        flips.add(flipText(alt.condition(), base, other));
      }
    }
    if (flips.isEmpty()) {
      flips.add(
          "None of these changes the recommendation: "
              + String.join(
                  "; ", Assumptions.ALTERNATIVES.stream().map(a -> a.condition()).toList())
              + ".");
    }
    return new Decision(
        base.assumptions(),
        base.recommended(),
        base.ranking(),
        base.disqualified(),
        base.operatorSteps(),
        base.reasons(),
        flips,
        base.risks());
  }

  /** The decision under one set of assumptions (flips not computed). */
  public static Decision decide(Grid grid, Assumptions a) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Map<String, List<String>> steps = new LinkedHashMap<>();
    List<Decision.Ranked> left = new ArrayList<>();
    for (Option o : grid.columns()) {
      List<String> reasons = disqualifications(grid, o, a);
      List<String> ops = operatorSteps(grid, o);
      if (!ops.isEmpty()) {
        steps.put(o.id(), ops);
      }
      if (!a.haltsAcceptable() && !ops.isEmpty()) {
        reasons.add(HALTS.id() + ": halted under " + ops.size() + " fault class(es)");
      }
      if (!reasons.isEmpty()) {
        out.put(o.id(), reasons);
      } else {
        left.add(ranked(grid, o));
      }
    }
    left.sort(order(a));
    Option best = left.isEmpty() ? null : left.get(0).option();
    return new Decision(
        a,
        best,
        List.copyOf(left),
        out,
        steps,
        best == null ? List.of() : reasons(grid, left, a),
        List.of(),
        best == null ? List.of() : risks(grid, best, steps));
  }

  /** Rules NO_LOSS, DUPLICATES and EVIDENCE applied to one option. */
  static List<String> disqualifications(Grid grid, Option o, Assumptions a) {
    List<String> reasons = new ArrayList<>();
    for (Cell c : grid.cellsOf(o)) {
      int loss = (int) c.completed().stream().filter(t -> hasLoss(t)).count();
      if (loss > 0) {
        reasons.add(
            NO_LOSS.id()
                + ": lost ids under "
                + c.faultClass().label()
                + " in "
                + loss
                + " of "
                + c.completed().size()
                + " trials (up to "
                + c.lost().max()
                + " ids)");
      }
      int dup = c.count(Outcome.DUPLICATED);
      if (dup > 0 && !o.idempotentWrites() && !a.idempotentConsumers()) {
        reasons.add(
            DUPLICATES.id()
                + ": wrote ids twice under "
                + c.faultClass().label()
                + " in "
                + dup
                + " of "
                + c.completed().size()
                + " trials (up to "
                + c.duplicated().max()
                + " ids)");
      }
    }
    for (String core : CORE) {
      Cell c =
          grid.rows().stream()
              .filter(r -> r.id().equals(core))
              .findFirst()
              .map(r -> grid.cell(r, o))
              .orElse(null);
      if (c != null && c.applicable() && c.completed().isEmpty()) {
        reasons.add(EVIDENCE.id() + ": no completed trial of " + c.faultClass().label());
      }
    }
    return reasons;
  }

  private static boolean hasLoss(TrialOutcome t) {
    return t.outcomes().stream().anyMatch(Outcome::isLoss);
  }

  /** Rule HALTS: what an operator must do, one line per fault class that halted the option. */
  static List<String> operatorSteps(Grid grid, Option o) {
    List<String> steps = new ArrayList<>();
    for (Cell c : grid.cellsOf(o)) {
      List<TrialOutcome> halted =
          c.completed().stream().filter(t -> t.shows(Outcome.HALTED)).toList();
      if (halted.isEmpty()) {
        continue;
      }
      String detail = halted.get(0).state().detail();
      steps.add(
          "after "
              + c.faultClass().label()
              + " ("
              + halted.size()
              + " of "
              + c.completed().size()
              + " trials): "
              + stepFor(detail));
    }
    return steps;
  }

  /** The operator's step for the state a halted engine was left in. */
  static String stepFor(String detail) {
    if (detail.contains("Spark driver exited")) {
      return "fix the cause, then start the driver again (nothing restarts it), and check where it"
          + " resumes reading";
    }
    if (detail.contains("RESTARTING")) {
      return "the job restarts in a loop: remove the cause (e.g. send the record to a dead-letter"
          + " table) and it resumes from its checkpoint";
    }
    if (detail.contains("FAILED")) {
      return "fix the cause, then resubmit the job from its latest retained checkpoint";
    }
    return "restart the pipeline once the cause is fixed (" + detail + ")";
  }

  private static Decision.Ranked ranked(Grid grid, Option o) {
    Long recovery = null;
    for (String core : CORE) {
      for (Cell c : grid.cellsOf(o)) {
        if (c.faultClass().id().equals(core) && !c.recovery().isEmpty()) {
          recovery = (recovery == null ? 0 : recovery) + c.recovery().median();
        }
      }
    }
    int halting = (int) grid.cellsOf(o).stream().filter(c -> c.count(Outcome.HALTED) > 0).count();
    Grid.Baseline b = grid.baseline(o);
    return new Decision.Ranked(
        o, halting, recovery, b.latencyP99Ms().median(), b.cpuMsPer1000().median());
  }

  private static Comparator<Decision.Ranked> order(Assumptions a) {
    Comparator<Decision.Ranked> halts = Comparator.comparingInt(Decision.Ranked::haltingClasses);
    Comparator<Decision.Ranked> recovery =
        Comparator.comparing(Decision.Ranked::recoveryMs, nullsLast());
    Comparator<Decision.Ranked> latency =
        Comparator.comparing(Decision.Ranked::latencyP99Ms, nullsLast());
    Comparator<Decision.Ranked> cost =
        Comparator.comparing(Decision.Ranked::cpuMsPer1000, nullsLast());
    return a.latencyFirst()
        ? halts.thenComparing(latency).thenComparing(recovery).thenComparing(cost)
        : halts.thenComparing(recovery).thenComparing(latency).thenComparing(cost);
  }

  private static Comparator<Long> nullsLast() {
    return Comparator.nullsLast(Comparator.naturalOrder());
  }

  private static List<String> reasons(Grid grid, List<Decision.Ranked> left, Assumptions a) {
    Decision.Ranked best = left.get(0);
    Option o = best.option();
    List<Cell> cells = grid.cellsOf(o);
    int trials = cells.stream().mapToInt(c -> c.completed().size()).sum();
    long classes = cells.stream().filter(c -> !c.completed().isEmpty()).count();
    long dupClasses = cells.stream().filter(c -> c.count(Outcome.DUPLICATED) > 0).count();
    List<String> r = new ArrayList<>();
    r.add("No id lost in " + trials + " fault trials over " + classes + " fault classes.");
    r.add(
        dupClasses == 0
            ? "No id written twice."
            : "Ids written twice under "
                + dupClasses
                + " fault classes, harmless here: "
                + (o.idempotentWrites()
                    ? "its writes are idempotent."
                    : "consumers are idempotent."));
    r.add(
        best.haltingClasses() == 0
            ? "No fault needed an operator: it recovered by itself from every one."
            : best.haltingClasses() + " fault classes need an operator (listed under operations).");
    if (best.recoveryMs() != null) {
      List<String> each = new ArrayList<>();
      for (String core : CORE) {
        for (Cell c : cells) {
          if (c.faultClass().id().equals(core) && !c.recovery().isEmpty()) {
            each.add(c.faultClass().id().replace('-', ' ') + " " + seconds(c.recovery().median()));
          }
        }
      }
      r.add(
          "Median time from fault to first visible write: "
              + String.join(", ", each)
              + (each.size() > 1
                  ? " (ranked by their sum, " + seconds(best.recoveryMs()) + ")."
                  : "."));
    }
    if (left.size() > 1) {
      r.add(
          "Ahead of "
              + left.get(1).option().label()
              + " by the ranking rule"
              + why(best, left.get(1), a)
              + ".");
    } else {
      r.add("It is the only option that no rule disqualified.");
    }
    return r;
  }

  /** Which criterion put {@code a} ahead of {@code b}. */
  private static String why(Decision.Ranked x, Decision.Ranked y, Assumptions a) {
    if (x.haltingClasses() != y.haltingClasses()) {
      return " (fewer fault classes needing an operator: "
          + x.haltingClasses()
          + " against "
          + y.haltingClasses()
          + ")";
    }
    List<String> order =
        a.latencyFirst() ? List.of("latency", "recovery") : List.of("recovery", "latency");
    for (String k : order) {
      Long vx = k.equals("latency") ? x.latencyP99Ms() : x.recoveryMs();
      Long vy = k.equals("latency") ? y.latencyP99Ms() : y.recoveryMs();
      if (!Objects.equals(vx, vy)) {
        String what =
            k.equals("latency")
                ? "p99 latency without faults"
                : "recovery time, the worker and coordinator loss medians added:";
        return " (" + what + " " + seconds(vx) + " against " + seconds(vy) + ")";
      }
    }
    return " (cost)";
  }

  private static List<String> risks(Grid grid, Option o, Map<String, List<String>> steps) {
    List<String> r = new ArrayList<>();
    for (String s : steps.getOrDefault(o.id(), List.of())) {
      r.add("Needs an operator " + s);
    }
    for (Cell c : grid.cellsOf(o)) {
      if (c.completed().isEmpty()) {
        r.add(
            "Not measured: "
                + c.faultClass().label()
                + (c.failedTrials() > 0 ? " (every trial failed)" : "")
                + ".");
      } else if (c.lossRateBound() != null && c.completed().size() < 3) {
        r.add(
            String.format(
                Locale.ROOT,
                "%s: %d clean trial(s) bound the loss rate only below %.0f%%.",
                c.faultClass().label(),
                c.completed().size(),
                100 * c.lossRateBound()));
      }
    }
    return r;
  }

  private static String flipText(String condition, Decision base, Decision other) {
    String now = base.recommended() == null ? "no option" : base.recommended().label();
    if (other.recommended() == null) {
      return capitalise(condition) + ", no option is left (" + now + " would be disqualified too).";
    }
    return capitalise(condition)
        + ", "
        + other.recommended().label()
        + " would be recommended instead of "
        + now
        + ".";
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String id(Option o) {
    return o == null ? null : o.id();
  }

  static String seconds(Long ms) {
    return ms == null ? "–" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
