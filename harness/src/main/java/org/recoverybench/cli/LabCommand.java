package org.recoverybench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.LabService;
import org.recoverybench.process.ProcStat;
import org.recoverybench.process.ProcessRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recoverybench lab up|smoke}: the lab on its own. */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    description = "Starts the lab (Kafka, S3, PostgreSQL) on its own.",
    subcommands = {LabCommand.Up.class, LabCommand.Smoke.class})
public final class LabCommand {

  /** Options shared by the lab commands. */
  static final class LabOptions {
    @Option(
        names = "--work-dir",
        defaultValue = "work/lab",
        description = "Where the lab keeps its data and logs (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(
        names = "--kafka-port",
        defaultValue = "0",
        description = "Kafka listener port on 127.0.0.1; 0 picks a free one.")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", defaultValue = "0", description = "KRaft port.")
    int kafkaControllerPort;

    @Option(names = "--s3-port", defaultValue = "0", description = "S3 port; 0 picks one.")
    int s3Port;

    @Option(
        names = "--postgres-port",
        defaultValue = "0",
        description = "PostgreSQL port; 0 picks one.")
    int postgresPort;

    @Option(
        names = "--health-timeout",
        defaultValue = "90s",
        converter = DurationConverter.class,
        description = "How long each service may take to become healthy (e.g. 90s, 500ms).")
    Duration healthTimeout;

    EmbeddedLab startLab(PrintWriter out) {
      ProcessRegistry.get().setShutdownGrace(Duration.ofSeconds(15));
      EmbeddedLab lab =
          new EmbeddedLab(
              LabConfig.at(workDir)
                  .withPorts(kafkaPort, kafkaControllerPort, s3Port, postgresPort)
                  .withHealthTimeout(healthTimeout));
      out.println("Starting the lab in " + lab.workDir() + " ...");
      out.flush();
      lab.onStarted(
          s -> {
            out.printf("  started %-9s pid %-8d log %s%n", s.name(), s.pid(), s.logFile());
            out.flush();
          });
      lab.start();
      return lab;
    }
  }

  static void printEndpoints(EmbeddedLab lab, PrintWriter out) {
    out.println("Lab is up in " + lab.startTimes().get("lab").toMillis() + " ms:");
    for (LabService s : lab.services()) {
      out.printf(
          "  %-9s healthy after %5d ms, pid %d, rss %d MiB%n",
          s.name(),
          lab.startTimes().getOrDefault(s.name(), Duration.ZERO).toMillis(),
          s.pid(),
          ProcStat.rssBytes(s.pid()) / (1024 * 1024));
    }
    out.println("Endpoints (shell-friendly):");
    lab.endpoints().asMap().forEach((k, v) -> out.println("  " + k + "=" + v));
    out.flush();
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = "Starts the lab, prints its endpoints and runs until Ctrl-C.")
  static final class Up implements Callable<Integer> {
    @Mixin LabOptions options;
    @Spec CommandSpec spec;

    @Option(names = "--smoke", description = "Run the smoke round trip once the lab is up.")
    boolean smoke;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      EmbeddedLab lab = options.startLab(out);
      printEndpoints(lab, out);
      if (smoke) {
        SmokeRoundTrip.run(lab, out);
      }
      out.println("Running; press Ctrl-C to stop the lab.");
      out.flush();
      CountDownLatch forever = new CountDownLatch(1);
      forever.await();
      return 0;
    }
  }

  @Command(
      name = "smoke",
      mixinStandardHelpOptions = true,
      description =
          "Starts the lab, runs a round trip through Kafka, S3 and PostgreSQL, prints the"
              + " figures and stops the lab.")
  static final class Smoke implements Callable<Integer> {
    @Mixin LabOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      EmbeddedLab lab = options.startLab(out);
      try {
        printEndpoints(lab, out);
        SmokeRoundTrip.run(lab, out);
      } finally {
        lab.close();
      }
      out.println("Smoke round trip passed; the lab is stopped.");
      return 0;
    }
  }
}
