package org.recoverybench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.process.ProcessRegistry;
import org.recoverybench.run.SuiteRunner;
import org.recoverybench.scenario.Scenario;
import org.recoverybench.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recoverybench run}: one or more scenario files on the lab. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs scenario files on both engines (or one) and writes results.")
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      required = true,
      description = "A scenario file (repeat for several); see scenarios/README.md.")
  List<Path> scenarioFiles = new ArrayList<>();

  @Option(
      names = "--engine",
      defaultValue = "both",
      description = "flink, spark or both (default: ${DEFAULT-VALUE}).")
  Engine engine;

  @Option(names = "--trials", description = "Trials per target; overrides the scenario's.")
  Integer trials;

  @Option(names = "--out", description = "Where results go (default: results/<timestamp>).")
  Path out;

  @Option(
      names = "--lab",
      defaultValue = "embedded",
      description =
          "Where the servers come from: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  LabKind lab;

  @Option(
      names = "--work-dir",
      description = "Lab data and engine work files (default: work/<results dir name>).")
  Path workDir;

  /** Engines to run. */
  enum Engine {
    flink,
    spark,
    both
  }

  /** Lab kinds. */
  enum LabKind {
    embedded
  }

  @Override
  public Integer call() throws Exception {
    return execute(spec.commandLine().getOut(), scenarioFiles, engine.name(), trials, out, workDir);
  }

  static Path defaultOut() {
    return Path.of(
        "results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  /** Shared by run and compare. */
  static int execute(
      PrintWriter console, List<Path> files, String engine, Integer trials, Path out, Path workDir)
      throws Exception {
    List<Scenario> scenarios = new ArrayList<>();
    for (Path f : files) {
      scenarios.add(ScenarioLoader.load(f)); // every file is checked before anything starts
    }
    Path resultDir = out != null ? out : defaultOut();
    Path work = workDir != null ? workDir : Path.of("work", resultDir.getFileName().toString());
    ProcessRegistry.get().setShutdownGrace(java.time.Duration.ofSeconds(10));
    console.println("Results: " + resultDir.toAbsolutePath());
    console.println(
        "Starting the embedded lab in " + work.resolve("lab").toAbsolutePath() + " ...");
    console.flush();
    try (EmbeddedLab lab = new EmbeddedLab(LabConfig.at(work.resolve("lab")))) {
      lab.start();
      console.println("Lab up in " + lab.startTimes().get("lab").toMillis() + " ms.");
      SuiteRunner.Outcome o =
          new SuiteRunner(lab, resultDir, work.resolve("engines"), console)
              .run(scenarios, files, engine, trials);
      SummaryTable.print(console, o.results());
      console.println("Results written to " + resultDir.toAbsolutePath());
      console.flush();
      if (!o.failures().isEmpty()) {
        throw new org.recoverybench.lab.LabException(
            o.failures().size()
                + " of "
                + (o.failures().size() + o.results().size())
                + " trials failed; first: "
                + o.failures().get(0).scenario()
                + " "
                + o.failures().get(0).target()
                + ": "
                + o.failures().get(0).error());
      }
      return 0;
    }
  }
}
