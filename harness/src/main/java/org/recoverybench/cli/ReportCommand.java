package org.recoverybench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recoverybench.lab.LabException;
import org.recoverybench.report.Report;
import org.recoverybench.result.BenchResult;
import org.recoverybench.result.ResultFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recoverybench report DIR}: the report of a results directory. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Writes report.md, report.html and charts/ for a results directory, from its result.json"
            + " and history.jsonl files.")
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "A results directory.")
  Path dir;

  @Override
  public Integer call() {
    if (!Files.isDirectory(dir)) {
      throw new LabException("no results directory at " + dir);
    }
    if (ResultFiles.find(dir).isEmpty()
        && !Files.exists(dir.resolve(BenchResult.FILE))
        && Report.failedTrials(dir) == 0) {
      throw new LabException("no result.json, error.txt or bench.json under " + dir);
    }
    Path out = Report.write(dir);
    spec.commandLine().getOut().println("Report written to " + out.toAbsolutePath());
    spec.commandLine()
        .getOut()
        .println(
            "          and " + dir.resolve(Report.HTML).toAbsolutePath() + " (self-contained)");
    return 0;
  }
}
