package org.recoverybench.cli;

import org.recoverybench.process.ProcessException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code recoverybench} command line. */
@Command(
    name = "recoverybench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "What really happens to your data when a streaming job fails: Spark vs Flink.",
    subcommands = {LabCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  /** Exit code of bad input and failed starts: a one-line error was printed. */
  public static final int EXIT_ERROR = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
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

  /** The message of an error on one line; unexpected errors name their type. */
  static String oneLine(Throwable ex) {
    String msg;
    if (ex instanceof ProcessException || ex instanceof CommandLine.ParameterException) {
      msg = ex.getMessage();
    } else {
      Throwable root = ex;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      msg =
          ex.getClass().getSimpleName()
              + ": "
              + ex.getMessage()
              + (root != ex ? " (caused by " + root + ")" : "")
              + " [set -Drecoverybench.debug=true for the stack trace]";
    }
    return msg == null ? ex.getClass().getName() : msg.replace('\n', ' ').replace('\r', ' ');
  }
}
