package org.recoverybench.decision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fault class × option grid, with each option's figures without a fault. Built from trials by a
 * pure function: a trial joins the cell of its scenario's fault class and its option; a trial whose
 * scenario or option is not registered is left out (and counted, so nothing vanishes unsaid).
 *
 * @param rows the fault classes, in order
 * @param columns the options that have at least one trial
 * @param cells by {@link #key}
 * @param baselines each option's figures without a fault, by option id
 * @param unplaced trials that fit no registered class or option, one line each
 */
public record Grid(
    List<FaultClass> rows,
    List<Option> columns,
    Map<String, Cell> cells,
    Map<String, Baseline> baselines,
    List<String> unplaced) {

  /**
   * One trial, as the grid needs it.
   *
   * @param scenario the scenario's name
   * @param engine {@code flink} or {@code spark}
   * @param variant the engine's variant
   * @param sinkMode the sink mode
   * @param startingOffsets the {@code settings.starting_offsets} it ran with
   * @param supervised whether a supervisor restarted a driver that exited by itself
   * @param outcome the trial's outcome
   * @param latencyP99Ms p99 latency over the trial (for the baseline), or null
   * @param cpuMsPer1000 CPU time of the engine's processes per 1,000 records, or null
   */
  public record Trial(
      String scenario,
      String engine,
      String variant,
      String sinkMode,
      String startingOffsets,
      boolean supervised,
      TrialOutcome outcome,
      Long latencyP99Ms,
      Long cpuMsPer1000) {}

  /** An option's figures without a fault: the ranking's latency and cost. */
  public record Baseline(Spread latencyP99Ms, Spread cpuMsPer1000) {
    static final Baseline NONE = new Baseline(Spread.of(List.of()), Spread.of(List.of()));
  }

  public static String key(FaultClass c, Option o) {
    return c.id() + "|" + o.id();
  }

  public Cell cell(FaultClass c, Option o) {
    return cells.get(key(c, o));
  }

  public Baseline baseline(Option o) {
    return baselines.getOrDefault(o.id(), Baseline.NONE);
  }

  /** The applicable cells of one option, in row order. */
  public List<Cell> cellsOf(Option o) {
    return rows.stream().map(c -> cell(c, o)).filter(Cell::applicable).toList();
  }

  public static Grid build(Options options, List<FaultClass> rows, List<Trial> trials) {
    Map<String, List<TrialOutcome>> byCell = new LinkedHashMap<>();
    Map<String, List<Trial>> baselineTrials = new LinkedHashMap<>();
    List<Option> seen = new ArrayList<>();
    List<String> unplaced = new ArrayList<>();
    for (Trial t : trials) {
      Optional<Option> o =
          options.of(t.engine(), t.variant(), t.sinkMode(), t.startingOffsets(), t.supervised());
      if (o.isEmpty()) {
        unplaced.add(t.scenario() + ": no registered option for " + target(t));
        continue;
      }
      if (!seen.contains(o.get())) {
        seen.add(o.get());
      }
      if (FaultClass.isBaseline(t.scenario())) {
        baselineTrials.computeIfAbsent(o.get().id(), k -> new ArrayList<>()).add(t);
        continue;
      }
      Optional<FaultClass> c =
          rows.stream().filter(r -> r.carriedBy(t.engine(), t.scenario())).findFirst();
      if (c.isEmpty()) {
        unplaced.add(t.scenario() + ": no fault class for " + target(t));
        continue;
      }
      byCell.computeIfAbsent(key(c.get(), o.get()), k -> new ArrayList<>()).add(t.outcome());
    }
    List<Option> columns = options.all().stream().filter(seen::contains).toList();
    Map<String, Cell> cells = new LinkedHashMap<>();
    for (FaultClass c : rows) {
      for (Option o : columns) {
        String why = c.whyNotApplicable(o.engine());
        cells.put(
            key(c, o),
            why != null
                ? Cell.notApplicable(c, o, why)
                : new Cell(c, o, byCell.getOrDefault(key(c, o), List.of()), null));
      }
    }
    Map<String, Baseline> baselines = new LinkedHashMap<>();
    baselineTrials.forEach(
        (id, ts) ->
            baselines.put(
                id,
                new Baseline(
                    Spread.of(ts.stream().map(Trial::latencyP99Ms).toList()),
                    Spread.of(ts.stream().map(Trial::cpuMsPer1000).toList()))));
    return new Grid(rows, columns, cells, baselines, unplaced);
  }

  private static String target(Trial t) {
    return t.engine() + " / " + t.variant() + " / " + t.sinkMode();
  }
}
