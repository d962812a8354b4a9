package org.recoverybench.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recoverybench.engine.EngineDriver;
import org.recoverybench.engine.EngineDrivers;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.PreparedTransactions;
import org.recoverybench.process.ProcessRegistry;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;
import org.recoverybench.scenario.Scenario;

/**
 * Runs scenarios on a lab: every target of every scenario, for the given trials, one after the
 * other. Each trial's result is written as soon as it is known, so a crash keeps what was done.
 */
public final class SuiteRunner {
  private final Lab lab;
  private final Path out;
  private final Path workDir;
  private final PrintWriter console;
  private boolean resume;

  public SuiteRunner(Lab lab, Path out, Path workDir, PrintWriter console) {
    this.lab = lab;
    this.out = out;
    this.workDir = workDir;
    this.console = console;
  }

  /**
   * Continues the run recorded in the output directory: a trial whose {@code result.json} exists is
   * kept, any other trial runs again from nothing.
   */
  public SuiteRunner resume(boolean resume) {
    this.resume = resume;
    return this;
  }

  /** A trial that did not produce a result. */
  public record Failure(String scenario, String target, int trial, String error) {}

  /** Earlier runs' prepared transactions hold the vacuum horizon and prepared-transaction slots. */
  private void rollBackEarlierRuns() throws IOException {
    try {
      List<String> gids = PreparedTransactions.rollBackEarlierRuns(lab.endpoints());
      if (!gids.isEmpty()) {
        console.printf(
            "rolled back %d prepared transactions of earlier runs: %s%n", gids.size(), gids);
      }
    } catch (SQLException e) {
      throw new IOException(
          "cannot roll back earlier runs' prepared transactions: " + e.getMessage(), e);
    }
  }

  /** Runs everything; returns the results and the failures. */
  public Outcome run(List<Scenario> scenarios, List<Path> files, String engine, Integer trials)
      throws IOException {
    Files.createDirectories(out);
    writeRunInfo(scenarios, files, engine, trials);
    List<TrialResult> results = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    TrialRunner runner = new TrialRunner(lab.endpoints(), out, console);
    boolean cleaned = false;
    Progress progress = Progress.of(countTrials(scenarios, engine, trials));
    suite:
    for (Scenario s : scenarios) {
      int n = trials != null ? trials : s.run().trials();
      for (Scenario.Target t : s.targetsFor(engine)) {
        for (int trial = 1; trial <= n; trial++) {
          if (ProcessRegistry.get().shuttingDown()) {
            break suite; // interrupted: the lab is going away, so no further trial can run
          }
          Path dir =
              out.resolve(s.name())
                  .resolve(t.engine() + "-" + t.variant() + "-" + t.sinkMode())
                  .resolve("trial-" + trial);
          if (resume && Files.exists(dir.resolve(ResultFiles.RESULT))) {
            results.add(ResultFiles.read(dir.resolve(ResultFiles.RESULT)));
            console.printf(
                "[%s %s #%d] kept: %s is from the run being resumed%n",
                s.name(), t.label(), trial, dir.resolve(ResultFiles.RESULT));
            progress.kept();
            continue;
          }
          if (resume) {
            deleteTree(dir); // what a failed or interrupted attempt left
          }
          // one directory per target, sink mode included: two options of one engine and variant
          // (recoverable upsert and append) must not read each other's driver logs; and emptied
          // first, so that a trial never reads what an earlier attempt left there
          Path trialWork =
              workDir
                  .resolve(s.name())
                  .resolve(t.engine() + "-" + t.variant() + "-" + t.sinkMode())
                  .resolve("trial-" + trial);
          deleteTree(trialWork);
          if (!cleaned) {
            rollBackEarlierRuns(); // once, before the first trial that runs
            cleaned = true;
          }
          console.printf("[%s %s #%d] %s%n", s.name(), t.label(), trial, progress.start());
          console.flush();
          EngineDriver driver = EngineDrivers.create(t, lab, trialWork);
          try {
            results.add(runner.engineWorkDir(trialWork).lab(lab).run(s, t, trial, driver));
          } catch (Exception e) {
            if (ProcessRegistry.get().shuttingDown()) {
              // interrupted mid-trial: not a result; --resume runs this trial again
              console.printf("[%s %s #%d] interrupted%n", s.name(), t.label(), trial);
              console.flush();
              break suite;
            }
            String msg = Errors.oneLine(e);
            failures.add(
                new Failure(
                    s.name(),
                    t.label(),
                    trial,
                    msg.length() > 300 ? msg.substring(0, 300) + "..." : msg));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("error.txt"), msg + "\n", StandardCharsets.UTF_8);
            console.printf(
                "[%s %s #%d] FAILED: %s (full error in %s)%n",
                s.name(),
                t.label(),
                trial,
                msg.length() > 300 ? msg.substring(0, 300) + "..." : msg,
                dir.resolve("error.txt"));
            console.flush();
          } finally {
            progress.finish();
          }
        }
      }
    }
    return new Outcome(results, failures);
  }

  /** The trials a run holds, kept ones included. */
  static int countTrials(List<Scenario> scenarios, String engine, Integer trials) {
    int total = 0;
    for (Scenario s : scenarios) {
      total += s.targetsFor(engine).size() * (trials != null ? trials : s.run().trials());
    }
    return total;
  }

  /** What a suite produced. */
  public record Outcome(List<TrialResult> results, List<Failure> failures) {}

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private void writeRunInfo(
      List<Scenario> scenarios, List<Path> files, String engine, Integer trials)
      throws IOException {
    Path runJson = out.resolve("run.json");
    if (resume && Files.exists(runJson)) {
      // the run keeps its record; the resumption is added to it
      @SuppressWarnings("unchecked")
      Map<String, Object> info = ResultFiles.mapper().readValue(runJson.toFile(), Map.class);
      List<Object> resumed = new ArrayList<>();
      if (info.get("resumed") instanceof List<?> l) {
        resumed.addAll(l);
      }
      Map<String, Object> now = new LinkedHashMap<>();
      now.put("at", Instant.now().toString());
      now.putAll(RunInfo.git(org.recoverybench.lab.Dist.home()));
      resumed.add(now);
      info.put("resumed", resumed);
      ResultFiles.mapper().writeValue(runJson.toFile(), info);
      return;
    }
    Map<String, Object> git = RunInfo.git(org.recoverybench.lab.Dist.home());
    Path scenarioDir = out.resolve("scenarios");
    Files.createDirectories(scenarioDir);
    for (Path f : files) {
      Files.copy(f, scenarioDir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("command", RunInfo.command());
    info.put("started_at", Instant.now().toString());
    info.putAll(git);
    info.put("engine", engine);
    info.put("trials", trials);
    info.put("scenarios", scenarios.stream().map(Scenario::name).toList());
    info.put("versions", RunInfo.versions());
    info.put("machine", RunInfo.machine());
    ResultFiles.mapper().writeValue(out.resolve("run.json").toFile(), info);
  }
}
