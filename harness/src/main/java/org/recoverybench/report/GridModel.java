package org.recoverybench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recoverybench.decision.Cell;
import org.recoverybench.decision.FaultClass;
import org.recoverybench.decision.Grid;
import org.recoverybench.decision.Option;
import org.recoverybench.decision.Options;
import org.recoverybench.decision.TrialOutcome;
import org.recoverybench.result.TrialResult;

/**
 * The report's trials as the decision's {@link Grid}: rows are worker and coordinator loss and the
 * other fault classes that at least one trial of these results faced (a class nobody ran is named
 * once, not drawn as an empty row), columns the registered options that have a trial. It keeps each
 * cell's result files too, for what the grid does not hold (the behaviour an operator must act on).
 *
 * @param grid the grid
 * @param results cell key ({@link Grid#key}) to the finished trials' results
 * @param notRun the fault classes no trial of these results faced
 */
record GridModel(Grid grid, Map<String, List<TrialResult>> results, List<FaultClass> notRun) {

  /**
   * The classes every option must have evidence for (the decision's evidence rule): always rows, so
   * that results without them show "not run" there and decide nothing.
   */
  static final List<String> CORE = List.of("worker-loss", "coordinator-loss");

  static GridModel of(ReportModel m) {
    return of(m, Options.DEFAULT);
  }

  static GridModel of(ReportModel m, Options options) {
    List<Grid.Trial> trials = new ArrayList<>();
    List<TrialResult> all = m.allResults();
    for (TrialResult r : all) {
      trials.add(trial(r));
    }
    for (FailedTrial f : m.failures()) {
      trials.add(
          new Grid.Trial(
              f.scenario(),
              f.engine(),
              f.variant(),
              f.sinkMode(),
              "engine-default",
              false,
              TrialOutcome.failed(f.reason()),
              null,
              null));
    }
    List<FaultClass> rows = new ArrayList<>();
    List<FaultClass> notRun = new ArrayList<>();
    for (FaultClass c : FaultClass.ALL) {
      boolean ran =
          trials.stream().anyMatch(t -> t.scenario().equals(c.scenarios().get(t.engine())));
      (ran || CORE.contains(c.id()) ? rows : notRun).add(c);
    }
    Grid grid = Grid.build(options, rows, trials);
    Map<String, List<TrialResult>> results = new LinkedHashMap<>();
    for (TrialResult r : all) {
      Grid.Trial t = trial(r);
      Optional<Option> o =
          options.of(t.engine(), t.variant(), t.sinkMode(), t.startingOffsets(), t.supervised());
      Optional<FaultClass> c =
          rows.stream().filter(x -> r.scenario().equals(x.scenarios().get(r.engine()))).findFirst();
      if (o.isPresent() && c.isPresent()) {
        results.computeIfAbsent(Grid.key(c.get(), o.get()), k -> new ArrayList<>()).add(r);
      }
    }
    return new GridModel(grid, results, List.copyOf(notRun));
  }

  /** One finished trial as the grid needs it. */
  static Grid.Trial trial(TrialResult r) {
    Map<String, Object> s = r.settings() == null ? Map.of() : r.settings();
    return new Grid.Trial(
        r.scenario(),
        r.engine(),
        r.variant(),
        r.sinkMode(),
        String.valueOf(s.getOrDefault("starting_offsets", "engine-default")),
        supervised(r),
        TrialOutcome.of(r),
        r.latencyP99Ms(),
        null);
  }

  /** A supervisor restarted the driver: a setting says so, or a fault recorded its restarts. */
  static boolean supervised(TrialResult r) {
    Map<String, Object> s = r.settings() == null ? Map.of() : r.settings();
    Long restarts = Format.asLong(s.get("driver_restarts"));
    if (restarts != null && restarts > 0) {
      return true;
    }
    return r.faults() != null
        && r.faults().stream()
            .anyMatch(f -> f.behaviour() != null && f.behaviour().contains("supervised_restarts"));
  }

  List<TrialResult> resultsOf(Cell c) {
    return results.getOrDefault(Grid.key(c.faultClass(), c.option()), List.of());
  }
}
