package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.recoverybench.decision.Cell;
import org.recoverybench.decision.FaultClass;
import org.recoverybench.decision.Option;
import org.recoverybench.decision.Spread;
import org.recoverybench.decision.TrialOutcome;

/**
 * "Paired comparisons": each fault class that is a different fault on each engine (a TaskManager
 * kill against an executor kill, a JobManager kill against a driver kill), the options side by side
 * on the same class, every trial shown: as a dot in a chart and as a figure in a table, with the
 * median and range of each option's trials. A median is only ever taken over the trials of one
 * option under one fault, never across unlike faults.
 */
final class PairedSection {
  private PairedSection() {}

  /** A figure of a trial that the pairs compare. */
  enum Measure {
    RECOVERY("first write after the fault", "s", TrialOutcome::recoveryMs, Cell::recovery),
    LOST("ids lost", "ids", t -> t.lost(), Cell::lost),
    DUPLICATED("ids duplicated", "ids", t -> t.duplicatedIds(), Cell::duplicated);

    final String label;
    final String unit;
    final Function<TrialOutcome, Long> figure;
    final Function<Cell, Spread> spread;

    Measure(
        String label,
        String unit,
        Function<TrialOutcome, Long> figure,
        Function<Cell, Spread> spread) {
      this.label = label;
      this.unit = unit;
      this.figure = figure;
      this.spread = spread;
    }

    /** A figure as the tables write it: seconds with one decimal, ids as they are. */
    String format(Long v) {
      if (v == null) {
        return "–";
      }
      return this == RECOVERY ? Format.secs(v).replace(" s", "") : String.valueOf(v);
    }

    /** Each trial's figure in trial order, "–" for a trial without it. */
    List<Long> values(Cell c) {
      return c.completed().stream().map(figure).toList();
    }
  }

  /**
   * One option's side of a pair: the fault it faced (the scenario of its engine) and its cell.
   *
   * @param index the option's place among the grid's columns (its colour in the charts)
   */
  record Side(Option option, int index, String fault, Cell cell) {}

  /** A fault class paired across engines, with the options that have a trial of it. */
  record Pair(FaultClass faultClass, List<Side> sides, List<Option> notRun) {}

  /** The classes whose fault differs between engines, with at least one completed trial. */
  static List<Pair> pairs(GridModel g) {
    List<Pair> out = new ArrayList<>();
    List<Option> cols = g.grid().columns();
    for (FaultClass c : g.grid().rows()) {
      if (!pairedAcrossEngines(c)) {
        continue;
      }
      List<Side> sides = new ArrayList<>();
      List<Option> notRun = new ArrayList<>();
      for (int i = 0; i < cols.size(); i++) {
        Option o = cols.get(i);
        Cell cell = g.grid().cell(c, o);
        if (!cell.applicable()) {
          continue;
        }
        if (cell.completed().isEmpty()) {
          notRun.add(o);
        } else {
          sides.add(new Side(o, i, c.scenarios().get(o.engine()), cell));
        }
      }
      if (!sides.isEmpty()) {
        out.add(new Pair(c, List.copyOf(sides), List.copyOf(notRun)));
      }
    }
    return out;
  }

  /** Whether each engine meets a different fault in this class: the pair to compare. */
  static boolean pairedAcrossEngines(FaultClass c) {
    Map<String, String> s = c.scenarios();
    return s.size() > 1 && s.values().stream().distinct().count() > 1;
  }

  static void write(Doc d, GridModel g) {
    List<Pair> pairs = pairs(g);
    if (pairs.isEmpty()) {
      return;
    }
    d.h(2, "Paired comparisons");
    d.p(
        "The same class of fault on each engine: the Flink process against its Spark counterpart."
            + " Each dot is one trial; the black bar is the median of that option's trials under"
            + " that one fault. No median here mixes two kinds of fault. The tables list every"
            + " trial's figure, in trial order, then the median (min–max).");
    for (Pair p : pairs) {
      String file = "paired-" + p.faultClass().id() + ".svg";
      d.h(3, p.faultClass().label());
      d.image(
          Report.CHARTS + "/" + file,
          "Every trial of " + p.faultClass().label() + ", per option",
          Charts.svg(PairedCharts.chart(p), Charts.WIDTH, PairedCharts.height(p)));
      d.table(header(), right(), rows(p));
      if (!p.notRun().isEmpty()) {
        d.p(
            "No completed trial of this class: "
                + p.notRun().stream().map(Option::label).collect(Collectors.joining(", "))
                + ".");
      }
    }
  }

  static List<String> header() {
    List<String> h = new ArrayList<>(List.of("option", "fault", "trials"));
    for (Measure m : Measure.values()) {
      h.add(m.label + ", each trial" + (m == Measure.RECOVERY ? " (s)" : ""));
      h.add(m.label + ": median (min–max)");
    }
    return h;
  }

  private static List<Boolean> right() {
    List<Boolean> r = new ArrayList<>(List.of(false, false, true));
    for (int i = 0; i < Measure.values().length; i++) {
      r.add(true);
      r.add(true);
    }
    return r;
  }

  static List<List<String>> rows(Pair p) {
    List<List<String>> rows = new ArrayList<>();
    for (Side s : p.sides()) {
      Cell c = s.cell();
      List<String> row = new ArrayList<>();
      row.add(s.option().label());
      row.add("`" + s.fault() + "`");
      row.add(
          c.completed().size()
              + (c.failedTrials() > 0 ? " + " + c.failedTrials() + " failed" : ""));
      for (Measure m : Measure.values()) {
        row.add(m.values(c).stream().map(m::format).collect(Collectors.joining(", ")));
        Spread sp = m.spread.apply(c);
        row.add(
            GridSection.spread(sp, m::format)
                + (sp.isEmpty() || m != Measure.RECOVERY ? "" : " s"));
      }
      rows.add(row);
    }
    return rows;
  }
}
