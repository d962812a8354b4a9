package org.recoverybench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * fault classes ({@link FaultClass#ALL}) on the embedded lab. The quick default runs the cells of
 * {@link #QUICK}; {@code --full} runs every cell of the fault × option matrix.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the registered options under faults on both engines and writes results and a report.",
      "Default (quick, about 13 minutes): the baseline, worker loss, coordinator loss and"
          + " coordinator loss between batches, for flink-exactly-once, spark-recoverable-append"
          + " and spark-as-written, and spark-transactional where the coordinator is lost; one"
          + " trial each.",
      "--full: every fault class × every option it applies to (hours)."
    })
public final class CompareCommand implements Callable<Integer> {
  private static final List<String> KILLED =
      List.of("flink-exactly-once", "spark-recoverable-append", "spark-as-written");

  private static final List<String> COORDINATOR_KILLED =
      List.of(
          "flink-exactly-once",
          "spark-transactional",
          "spark-recoverable-append",
          "spark-as-written");

  /**
   * The quick default: its rows, each with the options (by id) it covers there. It runs as long as
   * the suite before the registry (13 trials, about 13 minutes): the transactional option only
   * where the coordinator is lost, the case it was built for; {@code --full} covers every option.
   */
  static final Map<String, List<String>> QUICK =
      Map.of(
          Matrix.BASELINE_ROW,
          KILLED,
          "worker-loss",
          KILLED,
          "coordinator-loss",
          COORDINATOR_KILLED,
          "coordinator-loss-between-batches",
          COORDINATOR_KILLED);

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

  /** The tail after recovery of {@code --full}'s fault scenarios without {@code --tail}. */
  static final Duration FULL_TAIL = Duration.ofSeconds(60);

  @Option(
      names = "--tail",
      converter = DurationConverter.class,
      description =
          "How long each fault trial goes on producing after the sink shows its first write after"
              + " the last fault (default: 60s with --full, 0s for the quick default, whose"
              + " workload is fixed); 0s keeps each scenario's own workload.")
  Duration tail;

  @Option(
      names = "--options",
      split = ",",
      description =
          "Run only these options (registry ids, see --list), e.g. to add a newly registered"
              + " option's cells as a part of its own and merge it with 'report DIR...'.")
  List<String> optionIds;

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
    for (String id : QUICK.values().stream().flatMap(List::stream).distinct().toList()) {
      if (Options.DEFAULT.byId(id).isEmpty()) {
        throw new IllegalStateException("the quick default's option " + id + " is not registered");
      }
    }
    List<String> rows = new ArrayList<>(List.of(Matrix.BASELINE_ROW));
    FaultClass.ALL.stream()
        .map(FaultClass::id)
        .filter(id -> full || QUICK.containsKey(id))
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
    if (optionIds != null) {
      for (String id : optionIds) {
        if (Options.DEFAULT.byId(id).isEmpty()) {
          throw new LabException(
              "--options: '"
                  + id
                  + "' is not a registered option; the options are "
                  + Options.DEFAULT.all().stream()
                      .map(org.recoverybench.decision.Option::id)
                      .toList());
        }
      }
    }
    Matrix m =
        Matrix.build(
            Options.DEFAULT,
            (row, o) ->
                (full || QUICK.get(row).contains(o.id()))
                    && (optionIds == null || optionIds.contains(o.id())),
            FaultClass.ALL.stream().filter(c -> chosen.contains(c.id())).toList(),
            chosen.contains(Matrix.BASELINE_ROW),
            dir,
            full ? trials : (Integer) trials());
    Duration t = tail != null ? tail : full ? FULL_TAIL : Duration.ZERO;
    return t.isZero() ? m : m.withTail(t);
  }
}
