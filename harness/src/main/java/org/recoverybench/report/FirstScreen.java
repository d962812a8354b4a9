package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.recoverybench.decision.Cell;
import org.recoverybench.decision.Decision;
import org.recoverybench.decision.Option;
import org.recoverybench.decision.Outcome;
import org.recoverybench.result.TrialResult;

/**
 * "At a glance", the report's first screen (at most {@link #MAX_LINES} lines of Markdown): the
 * recommendation, 3 to 5 reasons each naming a mechanism and a figure of the grid, the risks, what
 * would change it, and the caveats of the lab. Every figure is read from the results.
 */
final class FirstScreen {
  private FirstScreen() {}

  static final String HEADING = "At a glance";
  static final int MAX_LINES = 12;
  private static final int MAX_REASONS = 5;

  static void write(Doc d, ReportModel m, GridModel g, Decision dec) {
    d.h(2, HEADING);
    List<String> items = new ArrayList<>();
    if (undecidable(g)) {
      items.add(
          "**No decision from these results**: none of their trials ran one fault class of the"
              + " grid on its own (e.g. a soak alternates kills of several classes), so the"
              + " stated rules have nothing to judge an option on. The decision rests on results"
              + " that do, such as `results/reference`.");
      items.add("**Caveats**: " + caveats(m, g) + ".");
      d.bullets(items);
      return;
    }
    Option o = dec.recommended();
    items.add(
        o == null
            ? "**No option is left** under the stated rules ("
                + DecisionSection.assuming(dec.assumptions())
                + "): see the [Decision record](#decision-record)."
            : "**Recommended: "
                + o.label()
                + "**, "
                + DecisionSection.assuming(dec.assumptions())
                + ".");
    items.addAll(reasons(g, dec));
    if (o != null) {
      items.add("**Risks**: " + String.join("; ", risks(g, dec)) + ".");
    }
    items.add("**What would change it**: " + String.join(" ", dec.flips()));
    items.add("**Caveats**: " + caveats(m, g) + ".");
    d.bullets(items);
  }

  /** Whether no cell of the grid holds a completed trial: then no rule can judge any option. */
  static boolean undecidable(GridModel g) {
    return g.grid().cells().values().stream().allMatch(c -> c.completed().isEmpty());
  }

  /** The reasons: why the recommended option, then why the others are out. */
  static List<String> reasons(GridModel g, Decision dec) {
    List<String> r = new ArrayList<>();
    Option o = dec.recommended();
    if (o != null) {
      List<Cell> cells =
          g.grid().cellsOf(o).stream().filter(c -> !c.completed().isEmpty()).toList();
      int trials = cells.stream().mapToInt(c -> c.completed().size()).sum();
      long dupClasses = cells.stream().filter(c -> c.count(Outcome.DUPLICATED) > 0).count();
      r.add(
          "No id lost in "
              + trials
              + " fault trials over "
              + cells.size()
              + (cells.size() == 1 ? " fault class" : " fault classes")
              + (dupClasses == 0
                  ? " and none written twice"
                  : ", ids written twice under " + dupClasses + " of them (idempotent writes)")
              + ": "
              + mechanism(o)
              + ".");
      List<String> rec = new ArrayList<>();
      for (Cell c : cells) {
        if (GridModel.CORE.contains(c.faultClass().id()) && !c.recovery().isEmpty()) {
          rec.add(
              GridSection.spread(c.recovery(), v -> Format.secs(v).replace(" s", ""))
                  + " s after "
                  + c.faultClass().label()
                  + " over "
                  + c.completed().size()
                  + (c.completed().size() == 1 ? " trial" : " trials"));
        }
      }
      if (!rec.isEmpty()) {
        r.add("First visible write " + String.join(", ", rec) + ".");
      }
      // the option ranked next, and the criterion that put the recommended one ahead
      dec.reasons().stream().filter(x -> x.startsWith("Ahead of")).findFirst().ifPresent(r::add);
    }
    // the options ruled out by what they did to the data come before those without evidence
    List<String> measured = new ArrayList<>();
    List<String> unmeasured = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : dec.disqualified().entrySet()) {
      Option out =
          g.grid().columns().stream()
              .filter(c -> c.id().equals(e.getKey()))
              .findFirst()
              .orElseThrow();
      String why =
          e.getValue().stream()
              .filter(x -> !x.startsWith("evidence"))
              .findFirst()
              .orElse(e.getValue().get(0));
      (why.startsWith("evidence") ? unmeasured : measured)
          .add(
              out.label()
                  + " is out: "
                  + why
                  + (why.startsWith("evidence") ? "." : "; " + mechanism(out) + "."));
    }
    for (String line : concat(measured, unmeasured)) {
      if (r.size() >= MAX_REASONS) {
        break;
      }
      r.add(line);
    }
    return r;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** What the option does that the outcome follows from: the last line of its production text. */
  private static String mechanism(Option o) {
    return o.production().isEmpty() ? o.label() : o.production().get(o.production().size() - 1);
  }

  static List<String> risks(GridModel g, Decision dec) {
    List<String> r = new ArrayList<>(ownRisks(g, dec));
    dec.risks().stream().limit(2).map(FirstScreen::uncap).forEach(r::add);
    if (dec.risks().size() > 2) {
      r.add((dec.risks().size() - 2) + " more under the [Decision record](#decision-record)");
    }
    if (r.isEmpty()) {
      r.add("none recorded beyond the caveats");
    }
    return r;
  }

  /** The risks the rules do not state: how little clean trials say, and what the option needs. */
  static List<String> ownRisks(GridModel g, Decision dec) {
    Option o = dec.recommended();
    List<String> r = new ArrayList<>();
    List<Cell> clean = g.grid().cellsOf(o).stream().filter(c -> c.lossRateBound() != null).toList();
    if (!clean.isEmpty()) {
      int fewest = clean.stream().mapToInt(c -> c.completed().size()).min().orElseThrow();
      double bound = clean.stream().mapToDouble(Cell::lossRateBound).max().orElseThrow();
      r.add(
          String.format(
              Locale.ROOT,
              "as few as %d clean trials of a fault class bound its loss rate only below %.0f%%"
                  + " (95%%)",
              fewest,
              100 * bound));
    }
    if (o.production().size() > 1) {
      r.add("it needs " + o.production().get(0));
    }
    return r;
  }

  private static String uncap(String s) {
    String t = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    return Character.toLowerCase(t.charAt(0)) + t.substring(1);
  }

  /** The machine and its load, the lab's single servers, and how many trials. */
  static String caveats(ReportModel m, GridModel g) {
    Map<String, Object> machine = machine(m);
    Object load = machine.get("load_average_1m");
    List<String> stores =
        m.allResults().stream()
            .map(r -> r.settings() == null ? null : r.settings().get("checkpoint_store"))
            .filter(Objects::nonNull)
            .map(String::valueOf)
            .distinct()
            .toList();
    String store =
        stores.isEmpty() || stores.equals(List.of("s3"))
            ? "the S3 server (S3Proxy) on a local disk"
            : stores.stream()
                .map(
                    s ->
                        s.equals("s3")
                            ? "the S3 server (S3Proxy) on a local disk"
                            : s + " on a local disk")
                .collect(Collectors.joining(" and "));
    List<Integer> perCell = new ArrayList<>();
    for (Option o : g.grid().columns()) {
      for (Cell c : g.grid().cellsOf(o)) {
        if (!c.trials().isEmpty()) {
          perCell.add(c.trials().size());
        }
      }
    }
    int lo = perCell.stream().mapToInt(i -> i).min().orElse(0);
    int hi = perCell.stream().mapToInt(i -> i).max().orElse(0);
    return "one machine ("
        + machine.getOrDefault("cores", "unknown")
        + " cores, "
        + machine.getOrDefault("memory_mib", "unknown")
        + " MiB, "
        + (load == null ? "load unknown" : "1-minute load average " + load + " when recorded")
        + ") runs every engine and server; a single Kafka broker; "
        + store
        + "; "
        + m.trialCount()
        + " trials, "
        + (lo == hi ? String.valueOf(lo) : lo + "–" + hi)
        + " per cell of the grid";
  }

  /** The machine of the first source's {@code run.json}, else of the first result. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> machine(ReportModel m) {
    for (ReportModel.Source s : m.sources()) {
      if (s.run().get("machine") instanceof Map<?, ?> mm) {
        return (Map<String, Object>) mm;
      }
    }
    if (m.run().get("machine") instanceof Map<?, ?> mm) {
      return (Map<String, Object>) mm;
    }
    List<TrialResult> all = m.allResults();
    return all.isEmpty() || all.get(0).machine() == null ? Map.of() : all.get(0).machine();
  }
}
