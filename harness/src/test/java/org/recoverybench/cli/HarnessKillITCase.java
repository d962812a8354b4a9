package org.recoverybench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.recoverybench.lab.ContainersLab;
import org.recoverybench.lab.Dist;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.process.Poll;
import org.recoverybench.process.ProcStat;
import org.testcontainers.DockerClientFactory;

/**
 * A {@code kill -9} (or a Ctrl-C) of the harness in the middle of a run leaves nothing behind: no
 * process it started, down to the Spark executors (grandchildren of the harness, children of the
 * Spark Worker), and no container of the containers lab. Each process is identified by its PID and
 * its start time, so a PID reused meanwhile does not count as left behind.
 */
class HarnessKillITCase {
  private static final Pattern PID = Pattern.compile("started (\\S+)\\s+pid (\\d+)");
  private static final Duration GONE = Duration.ofSeconds(30);

  @Test
  void killNineOfTheHarnessMidRunLeavesNoOrphan() throws Exception {
    Path dir = WorkDirs.freshForTest("harness-kill");
    Map<Long, String> started;
    try (CliProcess cli = startRun(dir, RunITCase.scenario("it-kill-taskmanager"), "embedded")) {
      // the lab (3 processes) and the Flink cluster (JobManager, TaskManager) are up and producing
      cli.awaitStdout("taskmanager-0 pid", Duration.ofMinutes(5));
      cli.awaitStdout("await-fault:kill-taskmanager", Duration.ofMinutes(2));
      started = startedWithStartTimes(cli);
      assertThat(started).as("recorded PIDs in " + cli.stdout()).hasSizeGreaterThanOrEqualTo(5);
      cli.process.destroyForcibly(); // SIGKILL to the harness JVM only
      cli.awaitExit(Duration.ofSeconds(60));
    }
    assertAllGone(started);
  }

  /**
   * The executors of a Spark standalone cluster are children of the Worker, not of the harness: the
   * harness records them as they appear, and its reaper kills them after a kill -9.
   */
  @Test
  void killNineOfTheHarnessDuringASparkStandaloneRunLeavesNoExecutor() throws Exception {
    Path dir = WorkDirs.freshForTest("harness-kill-spark");
    Map<Long, String> started;
    Map<Long, String> executors = new LinkedHashMap<>();
    Path reaperLog;
    try (CliProcess cli =
        startRun(dir, Dist.home().resolve("scenarios").resolve("kill-executor.yaml"), "embedded")) {
      cli.awaitStdout("started worker", Duration.ofMinutes(5));
      cli.awaitStdout("await-fault:kill-executor", Duration.ofMinutes(3));
      started = startedWithStartTimes(cli);
      long worker = pidOf(cli, "worker");
      Path registry = registryDir(cli.process.pid());
      reaperLog = registry.resolveSibling(registry.getFileName() + ".reaper.log");
      // the executor JVM(s): children of the Worker by parent PID; each recorded for the reaper
      boolean recorded =
          Poll.until(
              Duration.ofMinutes(2),
              Duration.ofMillis(200),
              () -> {
                executors.clear();
                ProcessHandle.of(worker)
                    .ifPresent(
                        w ->
                            w.children()
                                .forEach(c -> executors.put(c.pid(), ProcStat.startTime(c.pid()))));
                return !executors.isEmpty()
                    && recordedIn(registry).entrySet().containsAll(executors.entrySet());
              });
      assertThat(recorded)
          .as("executors " + executors + " recorded in " + recordedIn(registry))
          .isTrue();
      started.putAll(executors);
      cli.process.destroyForcibly(); // SIGKILL to the harness JVM only
      cli.awaitExit(Duration.ofSeconds(60));
    }
    assertAllGone(started);
    // the reaper itself killed each executor (stopped first, so none could exit on its own)
    List<String> log = Files.readAllLines(reaperLog);
    executors.forEach(
        (pid, start) -> assertThat(log).contains("killed pid " + pid + " start " + start));
    System.out.println(
        "harness-kill spark: "
            + started.size()
            + " processes gone (executors "
            + executors.keySet()
            + "); reaper log:\n"
            + String.join("\n", log));
  }

  /**
   * The containers lab (Ryuk off) removes its containers by id when the harness is stopped with
   * Ctrl-C (a shutdown hook) and when it is killed with kill -9 (the reaper).
   */
  @ParameterizedTest
  @ValueSource(strings = {"KILL", "INT"})
  void theContainersLabLeavesNoContainerWhenTheHarnessIsStopped(String signal) throws Exception {
    ContainersLab.Images images = ContainersLab.Images.configured();
    Optional<String> why = ContainersLab.unavailableReason(images);
    why.ifPresent(w -> reportSkip("HarnessKillITCase " + signal + ": " + w));
    assumeTrue(why.isEmpty(), () -> "containers lab skipped: " + why.orElse(""));
    DockerClient docker = DockerClientFactory.instance().client();
    Path dir = WorkDirs.freshForTest("harness-kill-containers-" + signal.toLowerCase());
    String labLabel = dir.resolve("work").resolve("lab").toAbsolutePath().normalize().toString();
    List<String> ids;
    Map<Long, String> started;
    try (CliProcess cli = startRun(dir, RunITCase.scenario("it-kill-taskmanager"), "containers")) {
      cli.awaitStdout("taskmanager-0 pid", Duration.ofMinutes(5));
      started = startedWithStartTimes(cli);
      ids =
          docker
              .listContainersCmd()
              .withShowAll(true)
              .withLabelFilter(Map.of("org.recoverybench.lab", labLabel))
              .exec()
              .stream()
              .map(Container::getId)
              .toList();
      assertThat(ids).as("the lab's containers (kafka, s3, postgres)").hasSize(3);
      if (signal.equals("KILL")) {
        cli.process.destroyForcibly(); // SIGKILL to the harness JVM only
      } else {
        // what a terminal sends on Ctrl-C; a JVM started with SIGINT ignored gets SIGTERM instead
        String sig = CliProcess.ignoresSigint(cli.process.pid()) ? "-TERM" : "-INT";
        Process kill = new ProcessBuilder("kill", sig, Long.toString(cli.process.pid())).start();
        assertThat(kill.waitFor()).isZero();
      }
      cli.awaitExit(Duration.ofSeconds(90));
    }
    boolean removed =
        Poll.until(
            Duration.ofSeconds(60),
            Duration.ofMillis(250),
            () -> ids.stream().noneMatch(id -> exists(docker, id)));
    assertThat(removed)
        .as("containers left: " + ids.stream().filter(id -> exists(docker, id)).toList())
        .isTrue();
    assertAllGone(started);
    System.out.println(
        "harness-kill containers (" + signal + "): removed " + ids.size() + " containers " + ids);
  }

  private static CliProcess startRun(Path dir, Path scenario, String lab) throws IOException {
    return CliProcess.start(
        dir,
        Map.of(),
        "run",
        "--scenario",
        scenario.toString(),
        "--lab",
        lab,
        "--out",
        dir.resolve("results").toString(),
        "--work-dir",
        dir.resolve("work").toString());
  }

  /** The PIDs the CLI reported starting, each with its start time read now (while it runs). */
  private static Map<Long, String> startedWithStartTimes(CliProcess cli) throws IOException {
    Map<Long, String> out = new LinkedHashMap<>();
    Matcher m = PID.matcher(cli.stdout());
    while (m.find()) {
      long pid = Long.parseLong(m.group(2));
      String start = ProcStat.startTime(pid);
      assertThat(start).as("pid " + pid + " (" + m.group(1) + ") runs").isNotNull();
      out.put(pid, start);
    }
    return out;
  }

  private static long pidOf(CliProcess cli, String role) throws IOException {
    Matcher m = PID.matcher(cli.stdout());
    while (m.find()) {
      if (m.group(1).equals(role)) {
        return Long.parseLong(m.group(2));
      }
    }
    throw new AssertionError("no 'started " + role + " pid' in " + cli.stdout());
  }

  /** Gone: no process has that PID with that start time (a zombie has ended too). */
  private static void assertAllGone(Map<Long, String> started) {
    boolean gone =
        Poll.until(
            GONE,
            Duration.ofMillis(200),
            () ->
                started.entrySet().stream()
                    .noneMatch(e -> ProcStat.isSameProcessAlive(e.getKey(), e.getValue())));
    List<Long> left = new ArrayList<>();
    started.forEach(
        (pid, start) -> {
          if (ProcStat.isSameProcessAlive(pid, start)) {
            left.add(pid);
          }
        });
    assertThat(gone).as("every started process is gone; left: " + left + " of " + started).isTrue();
  }

  /** The registry directory of the harness JVM {@code pid}, which its reaper reads. */
  private static Path registryDir(long pid) throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    String prefix = "recoverybench-children-" + pid + "-";
    try (Stream<Path> s = Files.list(tmp)) {
      List<Path> dirs =
          s.filter(p -> p.getFileName().toString().startsWith(prefix))
              .filter(Files::isDirectory)
              .toList();
      assertThat(dirs).as("the registry of the harness JVM " + pid).hasSize(1);
      return dirs.get(0);
    }
  }

  /** The "pid starttime" lines of the registry's children file. */
  private static Map<Long, String> recordedIn(Path registry) {
    Map<Long, String> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(registry.resolve("children.pids"))) {
        String[] f = line.trim().split(" ");
        if (f.length == 2) {
          out.put(Long.parseLong(f[0]), f[1]);
        }
      }
    } catch (IOException e) {
      return Map.of(); // replaced at this moment: read again at the next poll
    }
    return out;
  }

  private static boolean exists(DockerClient docker, String id) {
    try {
      docker.inspectContainerCmd(id).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** Said on stdout and in the file CI reads, as the other containers ITCases do. */
  private static void reportSkip(String why) {
    String line = "CONTAINERS-LAB-SKIPPED: " + why;
    System.out.println(line);
    Path file = Dist.home().resolve("lab").resolve("target").resolve("containers-lab-skipped.txt");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the line on stdout is enough
    }
  }
}
