package org.recoverybench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;

/**
 * Several results directories read as one model: the union of their trials. A trial is named by its
 * scenario, its target and its number; where a later directory holds a scenario and target that an
 * earlier one holds too, its trials are numbered after the earlier ones (trial {@code n} of the
 * later directory becomes trial {@code highest earlier number + n}), so that every trial is kept
 * and none shares a number. Directories are read in the order given; the run settings of the first
 * stand for the model, and each directory is a {@link ReportModel.Source}.
 */
final class MergedResults {
  private MergedResults() {}

  private static final ObjectMapper JSON = ResultFiles.mapper();

  static ReportModel load(List<Path> dirs) {
    if (dirs.size() == 1) {
      return ReportModel.load(dirs.get(0));
    }
    List<ReportModel.Source> sources = new ArrayList<>();
    List<ReportModel.Trial> trials = new ArrayList<>();
    List<FailedTrial> failed = new ArrayList<>();
    Map<String, Integer> highest = new LinkedHashMap<>();
    List<String> scenarios = new ArrayList<>();
    for (Path dir : dirs) {
      Map<String, Object> run = ReportModel.readRun(dir);
      sources.add(new ReportModel.Source(dir, run));
      if (run.get("scenarios") instanceof List<?> l) {
        l.stream().map(String::valueOf).filter(s -> !scenarios.contains(s)).forEach(scenarios::add);
      }
      List<ReportModel.Trial> mine = ReportModel.trials(dir);
      List<FailedTrial> myFailures = FailedTrial.find(dir);
      Map<String, Integer> offsets = new LinkedHashMap<>(highest);
      for (ReportModel.Trial t : mine) {
        TrialResult r = t.result();
        String key = key(r.scenario(), r.engine(), r.variant(), r.sinkMode());
        int n = r.trial() + offsets.getOrDefault(key, 0);
        trials.add(new ReportModel.Trial(renumbered(r, n), t.dir(), t.samples()));
        highest.merge(key, n, Math::max);
      }
      for (FailedTrial f : myFailures) {
        String key = key(f.scenario(), f.engine(), f.variant(), f.sinkMode());
        int n = f.trial() + offsets.getOrDefault(key, 0);
        failed.add(
            new FailedTrial(f.scenario(), f.engine(), f.variant(), f.sinkMode(), n, f.reason()));
        highest.merge(key, n, Math::max);
      }
    }
    Map<String, Object> run = new LinkedHashMap<>(sources.get(0).run());
    run.remove("command");
    run.remove("started_at");
    if (!scenarios.isEmpty()) {
      run.put("scenarios", List.copyOf(scenarios));
    }
    return ReportModel.of(run, trials, failed).withSources(sources);
  }

  private static String key(String scenario, String engine, String variant, String sinkMode) {
    return scenario + "\u0000" + engine + "/" + variant + "/" + sinkMode;
  }

  /** The same result under another trial number (unchanged when the number is the same). */
  static TrialResult renumbered(TrialResult r, int trial) {
    if (r.trial() == trial) {
      return r;
    }
    try {
      ObjectNode n = JSON.valueToTree(r);
      n.put("trial", trial);
      return JSON.treeToValue(n, TrialResult.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot renumber trial " + r.runId() + ": " + e.getMessage(), e);
    }
  }
}
