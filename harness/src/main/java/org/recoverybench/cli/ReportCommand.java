package org.recoverybench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.recoverybench.lab.LabException;
import org.recoverybench.report.Report;
import org.recoverybench.result.BenchResult;
import org.recoverybench.result.ResultFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recoverybench report DIR}: the report of a results directory, written into it; {@code
 * recoverybench report DIR… --out OUT}: the report of several, merged, written into {@code OUT}.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Writes report.md, report.html and charts/ for a results directory, from its result.json"
            + " and history.jsonl files. With several directories the report is of their trials"
            + " together (a scenario and target found in two directories keeps every trial: the"
            + " later directory's are numbered after the earlier's), written into --out.")
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Results directories.")
  List<Path> dirs;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Where to write the report; required with several results directories, else the"
              + " results directory itself.")
  Path outDir;

  @Override
  public Integer call() {
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        throw new LabException("no results directory at " + dir);
      }
      if (ResultFiles.find(dir).isEmpty()
          && !Files.exists(dir.resolve(BenchResult.FILE))
          && Report.failedTrials(dir) == 0) {
        throw new LabException("no result.json, error.txt or bench.json under " + dir);
      }
    }
    if (dirs.size() > 1 && outDir == null) {
      throw new LabException("report of " + dirs.size() + " results directories needs --out DIR");
    }
    if (dirs.stream().distinct().count() < dirs.size()) {
      throw new LabException("a results directory is named twice: " + dirs);
    }
    Path dir = outDir == null ? dirs.get(0) : outDir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LabException("cannot create " + dir + ": " + e.getMessage());
    }
    Path out = Report.write(dirs, dir);
    spec.commandLine().getOut().println("Report written to " + out.toAbsolutePath());
    spec.commandLine()
        .getOut()
        .println(
            "          and " + dir.resolve(Report.HTML).toAbsolutePath() + " (self-contained)");
    return 0;
  }
}
