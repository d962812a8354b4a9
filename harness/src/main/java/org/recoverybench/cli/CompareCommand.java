package org.recoverybench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.recoverybench.decision.FaultClass;
import org.recoverybench.decision.Options;
import org.recoverybench.lab.Dist;
import org.recoverybench.lab.ExistingEngines;
import org.recoverybench.lab.LabException;
import org.recoverybench.run.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recoverybench compare}: the options of the registry ({@link Options#DEFAULT}) under the
 * fault classes ({@link FaultClass#ALL}) on the embedded lab. The quick default runs the baseline
 * and the kill rows for the options in {@link #QUICK_OPTIONS}; {@code --full} runs every cell of
 * the fault × option matrix.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the registered options under faults on both engines and writes results and a report.",
      "Default (quick, about 15 minutes): the baseline, worker loss, coordinator loss and"
          + " coordinator loss between batches, for flink-exactly-once, spark-transactional,"
          + " spark-recoverable-append and spark-as-written, one trial each.",
      "--full: every fault class × every option it applies to (hours)."
    })
public final class CompareCommand implements Callable<Integer> {
  /** The rows of the quick default, after the baseline. */
  static final List<String> QUICK_CLASSES =
      List.of("worker-loss", "coordinator-loss", "coordinator-loss-between-batches");

  /** The options the quick default covers, by id. */
  static final List<String> QUICK_OPTIONS =
      List.of(
          "flink-exactly-once",
          "spark-transactional",
          "spark-recoverable-append",
          "spark-as-written");

  @Spec CommandSpec spec;

  Integer trials;

  @Option(
      names = "--trials",
      description =
          "Trials per cell, 1 or more (default: 1; with --full, 3 for worker-loss and"
              + " coordinator-loss, 1 for the others).")
  void trials(int n) {
    trials = RunCommand.checkTrials(spec, n);
  }

  @Option(
      names = "--full",
      description =
          "Run the whole fault × option matrix: each fault class's scenario with every registered"
              + " option the class applies to as its targets. Takes hours; --resume continues it.")
  boolean full;

  @Option(
      names = {"--list", "--dry-run"},
      description =
          "Print the matrix that would run (each cell, its scenario and trials, the n/a cells and"
              + " why, the total of trials) and exit without starting the lab.")
  boolean list;

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
      description =
          "Run only these rows: 'baseline', fault class ids or their scenarios' names (a scenario"
              + " stands for its class's row), e.g. --only baseline,worker-loss,kill-driver.")
  List<String> only;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    Matrix m = matrix(Dist.home().resolve("scenarios"));
    if (list) {
      console.print(m.listing());
      console.flush();
      return 0;
    }
    if (m.scenarios().isEmpty()) {
      throw new LabException("nothing to run: no cell of the matrix has a scenario file");
    }
    console.println(
        (full ? "compare --full" : "compare")
            + ": "
            + m.totalTrials()
            + " trials in "
            + m.scenarios().size()
            + " scenario runs");
    console.print(m.listing());
    console.flush();
    return RunCommand.execute(
        console,
        m.scenarios(),
        m.files(),
        "both",
        full ? null : trials(),
        out,
        workDir,
        resume,
        RunCommand.LabKind.embedded,
        null,
        ExistingEngines.NONE);
  }

  private int trials() {
    return trials != null ? trials : 1;
  }

  /** The matrix this command runs (or lists), from the scenario files in {@code dir}. */
  Matrix matrix(Path dir) {
    Options options = full ? Options.DEFAULT : quickOptions();
    List<String> rows = new ArrayList<>(List.of(Matrix.BASELINE_ROW));
    FaultClass.ALL.stream()
        .map(FaultClass::id)
        .filter(id -> full || QUICK_CLASSES.contains(id))
        .forEach(rows::add);
    List<String> chosen = new ArrayList<>();
    for (String r : only != null ? only : rows) {
      String row =
          FaultClass.ALL.stream()
              .filter(c -> c.scenarios().containsValue(r))
              .map(FaultClass::id)
              .findFirst()
              .orElse(r);
      if (!rows.contains(row)) {
        throw new LabException(
            "--only: '"
                + r
                + "' is neither a row nor a row's scenario of "
                + (full ? "--full " : "the quick default ")
                + rows);
      }
      chosen.add(row);
    }
    List<FaultClass> classes =
        FaultClass.ALL.stream().filter(c -> chosen.contains(c.id())).toList();
    return Matrix.build(
        options,
        classes,
        chosen.contains(Matrix.BASELINE_ROW),
        dir,
        full ? trials : (Integer) trials());
  }

  /** The registry's options that the quick default covers, in the registry's order. */
  static Options quickOptions() {
    for (String id : QUICK_OPTIONS) {
      if (Options.DEFAULT.byId(id).isEmpty()) {
        throw new IllegalStateException("the quick option " + id + " is not registered");
      }
    }
    return new Options(
        Options.DEFAULT.all().stream().filter(o -> QUICK_OPTIONS.contains(o.id())).toList());
  }
}
