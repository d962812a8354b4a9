package org.recoverybench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.process.Poll;

/**
 * {@code recoverybench lab} as a user runs it: bad input gets one line and a non-zero exit, and no
 * lab process outlives the CLI, whether it ends by Ctrl-C, by a failed start, or by {@code kill
 * -9}.
 */
class LabCliITCase {
  private static final Duration EXIT = Duration.ofSeconds(120);

  @Test
  void portAlreadyInUseIsOneLineAndExitTwo() throws Exception {
    Path dir = WorkDirs.freshForTest("cli-port");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        CliProcess cli =
            CliProcess.start(
                dir,
                "lab",
                "smoke",
                "--work-dir",
                dir.resolve("lab").toString(),
                "--kafka-port",
                Integer.toString(taken.getLocalPort()))) {
      assertThat(cli.awaitExit(EXIT)).isEqualTo(2);
      assertThat(cli.stderrLines())
          .containsExactly(
              "recoverybench: error: port "
                  + taken.getLocalPort()
                  + " on 127.0.0.1 is already in use (wanted by kafka)");
      assertThat(cli.startedPids()).isEmpty();
    }
  }

  @Test
  void unwritableWorkDirIsOneLineAndExitTwo() throws Exception {
    Path dir = WorkDirs.freshForTest("cli-workdir");
    // /proc refuses new directories even to root, so this holds however the tests are run
    try (CliProcess cli =
        CliProcess.start(dir, "lab", "smoke", "--work-dir", "/proc/recoverybench-lab")) {
      assertThat(cli.awaitExit(EXIT)).isEqualTo(2);
      List<String> err = cli.stderrLines();
      assertThat(err).hasSize(1);
      assertThat(err.get(0))
          .startsWith(
              "recoverybench: error: the work directory /proc/recoverybench-lab is not writable");
    }
  }

  @Test
  void serviceNotHealthyInTimeIsOneLineExitTwoAndLeavesNoProcess() throws Exception {
    Path dir = WorkDirs.freshForTest("cli-health");
    try (CliProcess cli =
        CliProcess.start(
            dir,
            "lab",
            "smoke",
            "--work-dir",
            dir.resolve("lab").toString(),
            "--health-timeout",
            "1ms")) {
      assertThat(cli.awaitExit(EXIT)).isEqualTo(2);
      List<String> err = cli.stderrLines();
      assertThat(err).hasSize(1);
      assertThat(err.get(0))
          .matches(
              "recoverybench: error: (kafka|s3|postgres) did not become healthy within 1 ms; see"
                  + " .*\\.log");
      List<Long> pids = cli.startedPids();
      assertThat(pids).hasSize(3);
      assertThat(CliProcess.allGone(pids)).as("no lab process left: " + pids).isTrue();
    }
  }

  @Test
  void malformedOptionIsOneLineAndExitTwo() throws Exception {
    Path dir = WorkDirs.freshForTest("cli-option");
    try (CliProcess cli = CliProcess.start(dir, "lab", "up", "--health-timeout", "soon")) {
      assertThat(cli.awaitExit(EXIT)).isEqualTo(2);
      List<String> err = cli.stderrLines();
      assertThat(err).hasSize(1);
      assertThat(err.get(0))
          .startsWith("recoverybench: error: ")
          .contains("'soon' is not a duration");
    }
  }

  @Test
  void smokeRoundTripExitsZeroAndLeavesNoProcess() throws Exception {
    Path dir = WorkDirs.freshForTest("cli-smoke");
    try (CliProcess cli =
        CliProcess.start(dir, "lab", "smoke", "--work-dir", dir.resolve("lab").toString())) {
      assertThat(cli.awaitExit(EXIT)).isZero();
      assertThat(cli.stdout())
          .contains("produced 1000, read back 1000, distinct 1000")
          .contains("Smoke round trip passed");
      List<Long> pids = cli.startedPids();
      assertThat(pids).hasSize(3);
      assertThat(CliProcess.allGone(pids)).as("no lab process left: " + pids).isTrue();
    }
  }

  @Test
  void ctrlCStopsEveryLabProcess() throws Exception {
    Path dir = WorkDirs.freshForTest("cli-ctrlc");
    try (CliProcess cli =
        CliProcess.start(
            dir,
            "lab",
            "up",
            "--smoke",
            "--zookeeper",
            "--work-dir",
            dir.resolve("lab").toString())) {
      cli.awaitStdout("press Ctrl-C", Duration.ofSeconds(180));
      assertThat(cli.stdout())
          .contains("produced 1000, read back 1000, distinct 1000")
          .containsPattern("started zookeeper +pid")
          .containsPattern("ZOOKEEPER_QUORUM=127\\.0\\.0\\.1:[0-9]+");
      List<Long> pids = cli.startedPids();
      assertThat(pids).as("kafka, s3, postgres and zookeeper").hasSize(4);
      assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).isPresent());
      // every server listens on the loopback interface only (ZooKeeper's AdminServer, which would
      // listen on every interface, is off)
      for (long pid : pids) {
        List<InetSocketAddress> listening = ListeningSockets.of(pid);
        assertThat(listening).as("sockets pid " + pid + " listens on").isNotEmpty();
        assertThat(listening)
            .as("pid " + pid + " listens on loopback only: " + listening)
            .allMatch(a -> a.getAddress().isLoopbackAddress());
      }
      // what a terminal sends on Ctrl-C, to the CLI's PID only. A JVM started with SIGINT ignored
      // (as bash does for background jobs) cannot catch it; SIGTERM then takes the same path.
      String signal = CliProcess.ignoresSigint(cli.process.pid()) ? "-TERM" : "-INT";
      Process kill = new ProcessBuilder("kill", signal, Long.toString(cli.process.pid())).start();
      assertThat(kill.waitFor()).isZero();
      cli.awaitExit(EXIT);
      assertThat(CliProcess.allGone(pids)).as("no lab process left: " + pids).isTrue();
    }
  }

  @Test
  void killNineOfTheCliStillLeavesNoLabProcess() throws Exception {
    Path dir = WorkDirs.freshForTest("cli-kill9");
    try (CliProcess cli =
        CliProcess.start(
            dir, "lab", "up", "--zookeeper", "--work-dir", dir.resolve("lab").toString())) {
      cli.awaitStdout("press Ctrl-C", Duration.ofSeconds(180));
      List<Long> pids = cli.startedPids();
      assertThat(pids).as("kafka, s3, postgres and zookeeper").hasSize(4);
      cli.process.destroyForcibly(); // SIGKILL: no shutdown hook runs, the reaper must act
      cli.awaitExit(EXIT);
      boolean gone =
          Poll.until(
              Duration.ofSeconds(30), Duration.ofMillis(200), () -> CliProcess.allGone(pids));
      assertThat(gone).as("the reaper killed every lab process: " + pids).isTrue();
    }
  }

  /**
   * {@code lab up --flink}: a Flink session cluster beside the lab (a JobManager and a TaskManager,
   * each listening on loopback only), its REST API answering with the TaskManager registered, the
   * topic asked for created; SIGTERM (or Ctrl-C) of the CLI stops the lab and the cluster.
   */
  @Test
  void flinkSessionClusterRunsBesideTheLabAndStopsWithIt() throws Exception {
    Path dir = WorkDirs.freshForTest("cli-flink");
    try (CliProcess cli =
        CliProcess.start(
            dir,
            "lab",
            "up",
            "--flink",
            "--flink-rest-port",
            "0",
            "--topic",
            "events",
            "--work-dir",
            dir.resolve("lab").toString())) {
      cli.awaitStdout("press Ctrl-C", Duration.ofSeconds(300));
      String out = cli.stdout();
      assertThat(out).contains("TOPIC=events (3 partitions)");
      java.util.regex.Matcher rest =
          java.util.regex.Pattern.compile("FLINK_REST=(http://127\\.0\\.0\\.1:\\d+)").matcher(out);
      assertThat(rest.find()).as("FLINK_REST printed").isTrue();
      assertThat(new org.recoverybench.lab.flink.FlinkRest(rest.group(1)).taskManagers())
          .as("TaskManagers registered")
          .isEqualTo(1);
      java.util.regex.Matcher bootstrap =
          java.util.regex.Pattern.compile("KAFKA_BOOTSTRAP=(\\S+)").matcher(out);
      assertThat(bootstrap.find()).isTrue();
      java.util.Properties kp = new java.util.Properties();
      kp.put("bootstrap.servers", bootstrap.group(1));
      try (org.apache.kafka.clients.admin.Admin admin =
          org.apache.kafka.clients.admin.Admin.create(kp)) {
        assertThat(
                admin
                    .describeTopics(List.of("events"))
                    .allTopicNames()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS)
                    .get("events")
                    .partitions())
            .hasSize(3);
      }
      List<Long> flink = new java.util.ArrayList<>();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("flink [a-z0-9-]+\\s+pid (\\d+)").matcher(out);
      while (m.find()) {
        flink.add(Long.parseLong(m.group(1)));
      }
      assertThat(flink).as("the JobManager and the TaskManager").hasSize(2);
      for (long pid : flink) {
        List<InetSocketAddress> listening = ListeningSockets.of(pid);
        assertThat(listening)
            .as("Flink pid " + pid + " listens on loopback only: " + listening)
            .isNotEmpty()
            .allMatch(a -> a.getAddress().isLoopbackAddress());
      }
      List<Long> pids = new java.util.ArrayList<>(cli.startedPids());
      pids.addAll(flink);
      String signal = CliProcess.ignoresSigint(cli.process.pid()) ? "-TERM" : "-INT";
      Process kill = new ProcessBuilder("kill", signal, Long.toString(cli.process.pid())).start();
      assertThat(kill.waitFor()).isZero();
      cli.awaitExit(EXIT);
      boolean gone =
          Poll.until(
              Duration.ofSeconds(30), Duration.ofMillis(200), () -> CliProcess.allGone(pids));
      assertThat(gone).as("no lab or Flink process left: " + pids).isTrue();
    }
  }
}
