package org.recoverybench.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.recoverybench.decision.FaultClass;
import org.recoverybench.decision.Option;
import org.recoverybench.decision.Options;
import org.recoverybench.scenario.Scenario;
import org.recoverybench.scenario.ScenarioLoader;

/**
 * The fault class × option matrix of {@code compare --full}: for each fault class (and the
 * baseline), each registered option the class applies to, run from the class's scenario file with
 * its targets replaced by those options, so each file runs once with every applicable option. An
 * option that names starting offsets other than the file's runs in a copy of the scenario with that
 * setting, named {@code <scenario>-<offsets>} (the file of that name if there is one). A cell whose
 * option the scenario cannot carry out (the trial would count for another option) is n/a, and so is
 * a cell of a class with no scenario on the option's engine.
 *
 * @param cells every cell, row by row, options in the registry's order
 * @param scenarios what runs, in order; each scenario's {@code run.trials} is its trials
 * @param files the scenario files they come from, once each, for the run's record
 */
public record Matrix(List<Cell> cells, List<Scenario> scenarios, List<Path> files) {

  /** The row of the no-fault runs: every option's baseline. */
  public static final String BASELINE_ROW = "baseline";

  /** Classes whose cells run 3 trials by default; the others 1. */
  public static final List<String> THREE_TRIALS = List.of("worker-loss", "coordinator-loss");

  /**
   * One cell.
   *
   * @param row the fault class's id, or {@link #BASELINE_ROW}
   * @param option the option's id
   * @param scenario the scenario run that carries the cell out, or null
   * @param trials its trials, 0 where it does not run
   * @param notRun why the cell does not run (n/a, or its scenario file missing), or null
   */
  public record Cell(String row, String option, String scenario, int trials, String notRun) {
    public boolean runs() {
      return notRun == null;
    }
  }

  /** Trials of a class's cells without {@code --trials}. */
  public static int defaultTrials(String row) {
    return THREE_TRIALS.contains(row) ? 3 : 1;
  }

  public int totalTrials() {
    return cells.stream().mapToInt(Cell::trials).sum();
  }

  /**
   * Builds the matrix.
   *
   * @param baseline whether the baseline row is part of it (first)
   * @param trials trials of every cell, or null for {@link #defaultTrials}
   */
  public static Matrix build(
      Options options,
      List<FaultClass> classes,
      boolean baseline,
      Path scenarioDir,
      Integer trials) {
    return build(options, (row, o) -> true, classes, baseline, scenarioDir, trials);
  }

  /**
   * Builds the part of the matrix whose cells {@code wanted} (row id, option) accepts; the other
   * cells are left out, not listed.
   */
  public static Matrix build(
      Options options,
      BiPredicate<String, Option> wanted,
      List<FaultClass> classes,
      boolean baseline,
      Path scenarioDir,
      Integer trials) {
    Builder b = new Builder(options, wanted, scenarioDir);
    if (baseline) {
      Map<String, String> byEngine = new LinkedHashMap<>();
      for (Option o : options.all()) {
        byEngine.put(o.engine(), FaultClass.BASELINE);
      }
      b.row(BASELINE_ROW, byEngine, Map.of(), Map.of(), trials != null ? trials : 1);
    }
    for (FaultClass c : classes) {
      b.row(
          c.id(),
          c.scenarios(),
          c.notApplicable(),
          c.notYet(),
          trials != null ? trials : defaultTrials(c.id()));
    }
    return new Matrix(List.copyOf(b.cells), List.copyOf(b.scenarios), List.copyOf(b.files));
  }

  private static final class Builder {
    private final Options options;
    private final BiPredicate<String, Option> wanted;
    private final Path dir;
    private final List<Cell> cells = new ArrayList<>();
    private final List<Scenario> scenarios = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();

    Builder(Options options, BiPredicate<String, Option> wanted, Path dir) {
      this.options = options;
      this.wanted = wanted;
      this.dir = dir;
    }

    /** One row: the cells of every option, and the scenarios that carry them out. */
    void row(
        String row,
        Map<String, String> byEngine,
        Map<String, String> why,
        Map<String, String> notYet,
        int trials) {
      // by scenario run name, in first-seen order: the scenario, and the options it carries
      Map<String, Scenario> runs = new LinkedHashMap<>();
      Map<String, List<Option>> targets = new LinkedHashMap<>();
      Map<String, Scenario> loaded = new LinkedHashMap<>();
      for (Option o : options.all().stream().filter(x -> wanted.test(row, x)).toList()) {
        String name = byEngine.get(o.engine());
        if (name == null) {
          String reason =
              why.getOrDefault(o.engine(), "no scenario of this class for " + o.engine());
          cells.add(new Cell(row, o.id(), null, 0, "n/a: " + reason));
          continue;
        }
        if (notYet.containsKey(o.variant())) {
          cells.add(new Cell(row, o.id(), name, 0, "skipped: " + notYet.get(o.variant())));
          continue;
        }
        Optional<Scenario> base = load(loaded, name);
        if (base.isEmpty()) {
          cells.add(
              new Cell(row, o.id(), name, 0, "skipped: scenarios/" + name + ".yaml is missing"));
          continue;
        }
        Scenario run = runFor(loaded, base.get(), o);
        Optional<Option> counted = options.of(o.target(), run.settings());
        if (counted.isEmpty() || !counted.get().equals(o)) {
          cells.add(
              new Cell(
                  row,
                  o.id(),
                  run.name(),
                  0,
                  "n/a: a trial of "
                      + run.name()
                      + " with this target counts as "
                      + counted.map(Option::id).orElse("no option")));
          continue;
        }
        runs.putIfAbsent(run.name(), run);
        targets.computeIfAbsent(run.name(), k -> new ArrayList<>()).add(o);
        cells.add(new Cell(row, o.id(), run.name(), trials, null));
      }
      runs.forEach((name, s) -> scenarios.add(withTargets(s, targets.get(name), trials)));
    }

    /** The scenario run that carries an option out: the file's, or its copy with other offsets. */
    private Scenario runFor(Map<String, Scenario> loaded, Scenario base, Option o) {
      Scenario.EngineSettings settings = o.settingsIn(base.settings());
      if (settings == base.settings()) {
        return base;
      }
      String name = FaultClass.withOffsets(base.name(), settings.startingOffsets());
      return load(loaded, name)
          .orElseGet(
              () ->
                  new Scenario(
                      name,
                      base.description() + " (starting offsets " + settings.startingOffsets() + ")",
                      base.workload(),
                      base.targets(),
                      settings,
                      base.faults(),
                      base.run()));
    }

    /** A scenario file by name, loaded once; empty if there is no such file. */
    private Optional<Scenario> load(Map<String, Scenario> loaded, String name) {
      if (loaded.containsKey(name)) {
        return Optional.of(loaded.get(name));
      }
      Path f = dir.resolve(name + ".yaml");
      if (!Files.isRegularFile(f)) {
        return Optional.empty();
      }
      Scenario s = ScenarioLoader.load(f);
      loaded.put(name, s);
      if (!files.contains(f)) {
        files.add(f);
      }
      return Optional.of(s);
    }
  }

  /** The matrix as {@code compare --full --list} prints it: every cell, then the totals. */
  public String listing() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format("%-34s %-26s %-39s %s%n", "fault class", "option", "scenario", "trials"));
    for (Cell c : cells) {
      b.append(
          String.format(
              "%-34s %-26s %-39s %s%n",
              c.row(),
              c.option(),
              c.runs() ? c.scenario() : "-",
              c.runs() ? Integer.toString(c.trials()) : c.notRun()));
    }
    long run = cells.stream().filter(Cell::runs).count();
    long na = cells.stream().filter(c -> !c.runs() && c.notRun().startsWith("n/a")).count();
    b.append(
        String.format(
            "%d cells: %d run, %d n/a, %d skipped; %d scenario runs; %d trials in all%n",
            cells.size(), run, na, cells.size() - run - na, scenarios.size(), totalTrials()));
    scenarios.stream()
        .map(s -> s.run().tailAfterRecovery())
        .filter(java.util.Objects::nonNull)
        .distinct()
        .forEach(
            t ->
                b.append(
                    String.format(
                        "fault trials produce until %d s after the sink's first write after the"
                            + " last fault%n",
                        t.toSeconds())));
    return b.toString();
  }

  /**
   * The scenario with these options as its targets and {@code trials} trials; a fault that names an
   * engine none of them runs on is left out.
   */
  static Scenario withTargets(Scenario s, List<Option> options, int trials) {
    List<Scenario.Target> targets = options.stream().map(Option::target).toList();
    return new Scenario(
        s.name(),
        s.description(),
        s.workload(),
        targets,
        s.settings(),
        s.faults().stream()
            .filter(f -> targets.stream().anyMatch(t -> f.meets(t.engine())))
            .toList(),
        new Scenario.RunSettings(
            s.run().drainTimeout(), s.run().recoveryGrace(), trials, s.run().tailAfterRecovery()));
  }

  /**
   * This matrix with {@code tail} as the tail after recovery ({@code run.tail_after_recovery}) of
   * every scenario run that has a fault and no tail of its own, so that each trial goes on
   * producing until the sink shows a write after the last fault and {@code tail} after that; the
   * baseline, with no fault, keeps its fixed workload.
   */
  public Matrix withTail(java.time.Duration tail) {
    List<Scenario> tailed =
        scenarios.stream()
            .map(
                s ->
                    s.faults().isEmpty()
                            || s.run().tailAfterRecovery() != null
                            || s.workload().ratePerSecond() == 0
                        ? s
                        : new Scenario(
                            s.name(),
                            s.description(),
                            s.workload(),
                            s.targets(),
                            s.settings(),
                            s.faults(),
                            new Scenario.RunSettings(
                                s.run().drainTimeout(),
                                s.run().recoveryGrace(),
                                s.run().trials(),
                                tail)))
            .toList();
    return new Matrix(cells, tailed, files);
  }
}
