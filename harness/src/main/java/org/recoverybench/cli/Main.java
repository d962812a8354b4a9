package org.recoverybench.cli;

import org.recoverybench.run.Errors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code recoverybench} command line. */
@Command(
    name = "recoverybench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "What really happens to your data when a streaming job fails: Spark vs Flink.",
    subcommands = {
      RunCommand.class,
      CompareCommand.class,
      ReportCommand.class,
      LabCommand.class,
      org.recoverybench.bench.BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  /** Exit code of bad input and failed starts: a one-line error was printed. */
  public static final int EXIT_ERROR = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    org.recoverybench.run.RunInfo.setCommand("recoverybench " + String.join(" ", args));
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          cmd.getErr().println("recoverybench: error: " + oneLine(ex));
          if (Boolean.getBoolean("recoverybench.debug")) {
            ex.printStackTrace(cmd.getErr());
          }
          return EXIT_ERROR;
        });
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          String help = ex.getCommandLine().getCommandSpec().qualifiedName() + " --help";
          ex.getCommandLine()
              .getErr()
              .println("recoverybench: error: " + oneLine(ex) + " (see '" + help + "')");
          return EXIT_ERROR;
        });
    return cli.execute(args);
  }

  static String oneLine(Throwable ex) {
    return ex instanceof CommandLine.ParameterException ? ex.getMessage() : Errors.oneLine(ex);
  }
}
