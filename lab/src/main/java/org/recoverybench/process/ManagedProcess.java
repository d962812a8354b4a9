package org.recoverybench.process;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A child process launched by recoverybench. It keeps the {@link Process} it was started with, so
 * every signal goes to exactly that PID, and it is registered with the {@link ProcessRegistry} so
 * that no child outlives the harness.
 */
public final class ManagedProcess {
  private final ProcessSpec spec;
  private final Process process;
  private final Instant startedAt;

  private ManagedProcess(ProcessSpec spec, Process process, Instant startedAt) {
    this.spec = spec;
    this.process = process;
    this.startedAt = startedAt;
  }

  /** Starts the process, with stdout and stderr appended to the spec's log file. */
  public static ManagedProcess start(ProcessSpec spec) {
    try {
      Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
      Files.createDirectories(spec.workDir());
    } catch (IOException e) {
      throw new ProcessException(
          "cannot create the directories for " + spec.name() + ": " + e.getMessage(), e);
    }
    ProcessBuilder pb = new ProcessBuilder(spec.command());
    pb.directory(spec.workDir().toFile());
    pb.environment().putAll(spec.env());
    pb.redirectErrorStream(true);
    pb.redirectOutput(Redirect.appendTo(spec.logFile().toFile()));
    pb.redirectInput(Redirect.from(new java.io.File("/dev/null")));
    ProcessRegistry registry = ProcessRegistry.get();
    synchronized (registry) {
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new ProcessException("cannot start " + spec.name() + ": " + e.getMessage(), e);
      }
      ManagedProcess mp = new ManagedProcess(spec, p, Instant.now());
      registry.register(mp);
      p.onExit().thenRun(() -> registry.unregister(mp));
      return mp;
    }
  }

  /**
   * Records this process's descendants (children by parent PID, and theirs) with their start times
   * as they appear, in the registry that the reaper reads, so that they are killed with it even
   * after this process has died and they were reparented. For a process that forks workers that
   * matter on their own, e.g. a Spark Worker and its executor JVMs.
   */
  public ManagedProcess trackDescendants() {
    ProcessRegistry.get().trackDescendants(this);
    return this;
  }

  public String name() {
    return spec.name();
  }

  public ProcessSpec spec() {
    return spec;
  }

  public long pid() {
    return process.pid();
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Path logFile() {
    return spec.logFile();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, if the process has ended. */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  /** Sends SIGKILL to this process's PID and waits until the kernel has reaped it. */
  public void kill9() {
    if (!process.isAlive()) {
      return;
    }
    process.destroyForcibly(); // SIGKILL on Linux, to this PID only
    awaitExit(Duration.ofSeconds(30));
  }

  /**
   * Sends SIGTERM, waits up to {@code grace} for the process to end, then sends SIGKILL.
   *
   * @return true if the process ended within the grace period
   */
  public boolean terminate(Duration grace) {
    if (!process.isAlive()) {
      return true;
    }
    process.destroy(); // SIGTERM
    if (awaitExit(grace)) {
      return true;
    }
    kill9();
    return false;
  }

  /** Sends SIGTERM and returns at once. */
  public void signalTerm() {
    if (process.isAlive()) {
      process.destroy();
    }
  }

  /** Waits for the process to end; returns whether it did within the timeout. */
  public boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last {@code lines} lines of the log file, for error messages. */
  public String logTail(int lines) {
    return LogFiles.tail(spec.logFile(), lines);
  }

  @Override
  public String toString() {
    return spec.name() + "[pid " + pid() + "]";
  }
}
