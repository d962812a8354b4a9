package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.recoverybench.decision.Cell;
import org.recoverybench.decision.FaultClass;
import org.recoverybench.decision.Option;
import org.recoverybench.decision.Outcome;
import org.recoverybench.decision.Spread;

/**
 * "Fault classes × options": one row per fault class that these results ran, one column per option,
 * each cell what the option's trials of that class did to the data. Every cell starts with a text
 * marker (the HTML adds a colour-blind-safe colour, never colour alone).
 */
final class GridSection {
  private GridSection() {}

  /** What a cell shows first: its marker text and its CSS class. */
  enum Mark {
    LOSS("✗ LOSS", "g-loss"),
    HALT("■ HALT", "g-halt"),
    DUPLICATES("◆ DUPLICATES", "g-dup"),
    CLEAN("✓ CLEAN", "g-clean"),
    FAILED("? NO EVIDENCE", "g-none"),
    NOT_RUN("– not run", "g-none"),
    NOT_APPLICABLE("n/a", "g-none");

    final String text;
    final String css;

    Mark(String text, String css) {
      this.text = text;
      this.css = css;
    }
  }

  /** The worst thing a cell shows: loss before a halt before duplicates. */
  static Mark mark(Cell c) {
    if (!c.applicable()) {
      return Mark.NOT_APPLICABLE;
    }
    if (c.trials().isEmpty()) {
      return Mark.NOT_RUN;
    }
    if (c.completed().isEmpty()) {
      return Mark.FAILED;
    }
    if (c.anyLoss()) {
      return Mark.LOSS;
    }
    if (c.count(Outcome.HALTED) > 0) {
      return Mark.HALT;
    }
    if (c.count(Outcome.DUPLICATED) > 0) {
      return Mark.DUPLICATES;
    }
    return Mark.CLEAN;
  }

  static void write(Doc d, GridModel g) {
    d.h(2, "Fault classes × options");
    d.p(
        "Each row is a class of fault, paired across engines (a TaskManager kill against an"
            + " executor kill); each column an option. A cell gives, over its trials, the ids lost,"
            + " the ids written twice and the time from the fault to the first visible write, each"
            + " as the median (min–max), and in how many trials the engine halted (waited for an"
            + " operator) or silently skipped ids (lost them while running, reporting nothing)."
            + " Where no trial lost an id, the bound is the 95% upper limit on the loss rate that"
            + " so few clean trials allow (rule of three). Markers: ✓ CLEAN, ◆ DUPLICATES, ■ HALT,"
            + " ✗ LOSS, ? NO EVIDENCE (every trial failed), – not run, n/a (no such fault for the"
            + " engine, with the reason).");
    List<Option> cols = g.grid().columns();
    List<String> header = new ArrayList<>(List.of("fault class"));
    cols.forEach(o -> header.add(o.label()));
    List<Boolean> right = new ArrayList<>();
    header.forEach(h -> right.add(false));
    List<List<String>> rows = new ArrayList<>();
    List<List<String>> classes = new ArrayList<>();
    for (FaultClass c : g.grid().rows()) {
      List<String> row = new ArrayList<>(List.of(c.label()));
      List<String> css = new ArrayList<>();
      css.add(null);
      for (Option o : cols) {
        Cell cell = g.grid().cell(c, o);
        row.add(text(cell));
        css.add(mark(cell).css);
      }
      rows.add(row);
      classes.add(css);
    }
    d.table(header, right, rows, classes);
    List<String> notes = new ArrayList<>();
    if (!g.notRun().isEmpty()) {
      notes.add(
          "Not run in these results: "
              + String.join("; ", g.notRun().stream().map(FaultClass::label).toList())
              + ".");
    }
    List<String> unplaced = g.grid().unplaced().stream().distinct().toList();
    if (!unplaced.isEmpty()) {
      notes.add(
          "Not in the grid ("
              + g.grid().unplaced().size()
              + " trials, shown in the other sections): "
              + String.join("; ", unplaced)
              + ".");
    }
    if (!notes.isEmpty()) {
      d.bullets(notes);
    }
  }

  /** A cell's text: its marker, then one figure a line. */
  static String text(Cell c) {
    Mark m = mark(c);
    if (m == Mark.NOT_APPLICABLE) {
      return m.text + ": " + c.notApplicable();
    }
    if (m == Mark.NOT_RUN) {
      return m.text;
    }
    int n = c.completed().size();
    List<String> lines = new ArrayList<>();
    lines.add("**" + m.text + "**");
    lines.add(
        n
            + (n == 1 ? " trial" : " trials")
            + (c.failedTrials() > 0 ? " + " + c.failedTrials() + " failed" : ""));
    if (n == 0) {
      return String.join(Doc.LINE, lines);
    }
    lines.add("lost " + spread(c.lost(), String::valueOf));
    lines.add("duplicated " + spread(c.duplicated(), String::valueOf));
    lines.add("halted " + c.count(Outcome.HALTED) + " of " + n);
    lines.add("silently skipped " + c.count(Outcome.SILENTLY_SKIPPED) + " of " + n);
    if (c.count(Outcome.LOST_FOR_GOOD) > 0) {
      lines.add("lost for good " + c.count(Outcome.LOST_FOR_GOOD) + " of " + n);
    }
    lines.add(
        "first write "
            + (c.recovery().isEmpty()
                ? "–"
                : spread(c.recovery(), v -> Format.secs(v).replace(" s", "")) + " s"));
    if (c.lossRateBound() != null) {
      lines.add(String.format(Locale.ROOT, "loss rate < %.0f%% (95%%)", 100 * c.lossRateBound()));
    }
    return String.join(Doc.LINE, lines);
  }

  /** {@code median (min–max)}, the range left out when it reads as one value; "–" when none. */
  static String spread(Spread s, Function<Long, String> f) {
    if (s.isEmpty()) {
      return "–";
    }
    String v = f.apply(s.median());
    String lo = f.apply(s.min());
    String hi = f.apply(s.max());
    if (!lo.equals(hi)) {
      v += " (" + lo + "–" + hi + ")";
    }
    if (s.present() < s.trials()) {
      v += " [" + s.present() + " of " + s.trials() + "]";
    }
    return v;
  }
}
