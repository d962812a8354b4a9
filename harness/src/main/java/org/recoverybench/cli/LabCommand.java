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

    @Option(
        names = "--zookeeper",
        description =
            "Also start a ZooKeeper server (127.0.0.1), as Flink's JobManager high availability"
                + " needs.")
    boolean zookeeper;

    EmbeddedLab startLab(PrintWriter out) {
      ProcessRegistry.get().setShutdownGrace(Duration.ofSeconds(15));
      EmbeddedLab lab =
          new EmbeddedLab(
              LabConfig.at(workDir)
                  .withPorts(kafkaPort, kafkaControllerPort, s3Port, postgresPort)
                  .withHealthTimeout(healthTimeout)
                  .withZooKeeper(zookeeper));
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
    lab.zookeeper().ifPresent(z -> out.println("  ZOOKEEPER_QUORUM=" + z));
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

    @Option(
        names = "--flink",
        description =
            "Also start a Flink session cluster from flink-conf/ (a JobManager and TaskManagers,"
                + " each its own JVM) for flink run by hand; see bin/flink.")
    boolean flink;

    @Option(
        names = "--taskmanagers",
        defaultValue = "1",
        description = "With --flink: how many TaskManagers (default: ${DEFAULT-VALUE}).")
    int taskManagers;

    @Option(
        names = "--flink-ha",
        description =
            "With --flink: JobManager high availability with the lab's ZooKeeper (started too)"
                + " and a standby JobManager.")
    boolean flinkHa;

    @Option(
        names = "--flink-rest-port",
        defaultValue = "8081",
        description =
            "With --flink: the (leading) JobManager's REST port on 127.0.0.1; 0 picks a free"
                + " one (default: ${DEFAULT-VALUE}).")
    int flinkRestPort;

    @Option(
        names = "--topic",
        description =
            "Create this topic (3 partitions) once the lab is up, for a job started by hand.")
    String topic;

    @Option(
        names = "--produce",
        defaultValue = "0",
        description =
            "With --topic: produce ids 0..N-1 to it in the workload's format, at --rate per"
                + " second, in the background.")
    long produce;

    @Option(
        names = "--rate",
        defaultValue = "500",
        description = "With --produce: records per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (produce > 0 && topic == null) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--produce needs --topic");
      }
      if ((flinkHa || taskManagers != 1 || flinkRestPort != 8081) && !flink) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--taskmanagers, --flink-ha and --flink-rest-port need --flink");
      }
      if (taskManagers < 1 || taskManagers > 8) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--taskmanagers must be 1 to 8, got " + taskManagers);
      }
      options.zookeeper |= flinkHa;
      EmbeddedLab lab = options.startLab(out);
      printEndpoints(lab, out);
      if (flink) {
        FlinkSession.start(lab, taskManagers, flinkHa, flinkRestPort, out);
      }
      if (topic != null) {
        handTopic(lab, out);
      }
      if (smoke) {
        SmokeRoundTrip.run(lab, out);
      }
      out.println("Running; press Ctrl-C to stop the lab.");
      out.flush();
      CountDownLatch forever = new CountDownLatch(1);
      forever.await();
      return 0;
    }

    /** Creates the topic, and produces to it in the background when asked to. */
    private void handTopic(EmbeddedLab lab, PrintWriter out) {
      String bootstrap = lab.endpoints().kafkaBootstrap();
      org.recoverybench.lab.workload.EventProducer.createTopic(bootstrap, topic, 3);
      out.println("  TOPIC=" + topic + " (3 partitions)");
      if (produce > 0) {
        Thread t =
            new Thread(
                () -> {
                  try (var p =
                      new org.recoverybench.lab.workload.EventProducer(bootstrap, topic, 3, 64)) {
                    p.produce(0, produce, rate);
                    out.println("Produced ids 0.." + (produce - 1) + " to " + topic + ".");
                  } catch (RuntimeException e) {
                    out.println("Producing to " + topic + " stopped: " + e.getMessage());
                  }
                  out.flush();
                },
                "lab-up-producer");
        t.setDaemon(true);
        t.start();
        out.println("Producing ids 0.." + (produce - 1) + " to " + topic + " at " + rate + "/s.");
      }
      out.flush();
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
