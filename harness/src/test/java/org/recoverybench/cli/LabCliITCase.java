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
}
