package org.recoverybench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recoverybench.lab.Dist;
import org.recoverybench.process.JavaCommand;
import org.recoverybench.process.Poll;

/** The recoverybench CLI run as its own JVM, as a user runs it; stdout and stderr kept apart. */
final class CliProcess implements AutoCloseable {
  private static final Pattern STARTED = Pattern.compile("started (\\w+)\\s+pid (\\d+)");
  final Process process;
  final Path out;
  final Path err;

  private CliProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static CliProcess start(Path dir, String... args) throws IOException {
    return start(dir, java.util.Map.of(), args);
  }

  static CliProcess start(Path dir, java.util.Map<String, String> env, String... args)
      throws IOException {
    Files.createDirectories(dir);
    Path harness = Dist.home().resolve("harness").resolve("target");
    List<String> cmd =
        JavaCommand.main(Main.class.getName())
            .jvm("-Drecoverybench.home=" + Dist.home())
            .classpath(harness.resolve("lib") + "/*")
            .classpath(harness.resolve("recoverybench-harness.jar").toString())
            .args(args)
            .build();
    Path out = dir.resolve("cli.out");
    Path err = dir.resolve("cli.err");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(env);
    return new CliProcess(pb.start(), out, err);
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        .as("the CLI ended within " + timeout)
        .isTrue();
    return process.exitValue();
  }

  String stdout() throws IOException {
    return Files.readString(out);
  }

  /** The stderr lines that the CLI itself printed (not JVM or logger noise). */
  List<String> stderrLines() throws IOException {
    return Files.readAllLines(err).stream().filter(l -> !l.isBlank()).toList();
  }

  boolean stdoutContains(String text) {
    try {
      return Files.exists(out) && Files.readString(out).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  void awaitStdout(String text, Duration timeout) throws IOException {
    boolean seen = Poll.until(timeout, Duration.ofMillis(200), () -> stdoutContains(text));
    assertThat(seen).as("'" + text + "' in the CLI output:\n" + stdout()).isTrue();
  }

  /** The PIDs of the lab processes the CLI reported starting. */
  List<Long> startedPids() throws IOException {
    List<Long> pids = new ArrayList<>();
    Matcher m = STARTED.matcher(stdout());
    while (m.find()) {
      pids.add(Long.parseLong(m.group(2)));
    }
    return pids;
  }

  /** Whether the process has SIGINT (signal 2) in its ignored mask, from /proc/PID/status. */
  static boolean ignoresSigint(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
        return (mask & (1L << 1)) != 0;
      }
    }
    return false;
  }

  static boolean allGone(List<Long> pids) {
    return pids.stream()
        .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
