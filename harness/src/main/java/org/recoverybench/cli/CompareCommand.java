package org.recoverybench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.recoverybench.fault.Kill;
import org.recoverybench.lab.Dist;
import org.recoverybench.lab.LabException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recoverybench compare}: the default suite on the embedded lab. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description =
        "Runs the default suite (baseline, kill-taskmanager, kill-jobmanager, kill-driver,"
            + " kill-driver-between-batches, kill-executor) on both engines and writes results"
            + " and a report.")
public final class CompareCommand implements Callable<Integer> {
  /**
   * The scenarios of the default suite, in scenarios/. A scenario named after a fault type runs
   * that one fault, so it is named here by the type's name.
   */
  static final List<String> DEFAULT_SUITE =
      List.of(
          "baseline",
          Kill.TASKMANAGER.name(),
          Kill.JOBMANAGER.name(),
          Kill.DRIVER.name(),
          "kill-driver-between-batches",
          Kill.EXECUTOR.name());

  @Spec CommandSpec spec;

  int trials = 1;

  @Option(names = "--trials", description = "Trials per target, 1 or more (default: 1).")
  void trials(int n) {
    trials = RunCommand.checkTrials(spec, n);
  }

  @Option(
      names = "--out",
      description = "Where results go, an empty or new directory (default: results/<timestamp>).")
  Path out;

  @Option(
      names = "--resume",
      description =
          "Continue the run in --out that the same command started: trials with a result.json"
              + " are kept, the others run (again).")
  boolean resume;

  @Option(names = "--work-dir", description = "Lab data and engine work files.")
  Path workDir;

  @Option(
      names = "--only",
      split = ",",
      description = "Run only these scenarios of the suite, e.g. --only baseline,kill-driver.")
  List<String> only;

  @Override
  public Integer call() throws Exception {
    Path dir = Dist.home().resolve("scenarios");
    List<Path> files = new ArrayList<>();
    for (String name : only != null ? only : DEFAULT_SUITE) {
      if (!DEFAULT_SUITE.contains(name)) {
        throw new LabException("'" + name + "' is not in the default suite " + DEFAULT_SUITE);
      }
      Path f = dir.resolve(name + ".yaml");
      if (!Files.exists(f)) {
        throw new LabException("the default scenario file " + f + " is missing");
      }
      files.add(f);
    }
    return RunCommand.execute(
        spec.commandLine().getOut(), files, "both", trials, out, workDir, resume, null);
  }
}
