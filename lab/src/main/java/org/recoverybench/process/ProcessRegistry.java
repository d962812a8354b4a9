package org.recoverybench.process;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every child process of this JVM, tracked by PID.
 *
 * <p>Two guards keep children from outliving the harness:
 *
 * <ul>
 *   <li>a shutdown hook that kills every live child (normal exit, Ctrl-C, SIGTERM);
 *   <li>a reaper: a small {@code sh} process that watches this JVM's PID and, once it is gone (for
 *       example after a {@code kill -9} of the harness), sends SIGKILL to each PID listed in the
 *       registry file whose start time still matches, so a reused PID is never signalled.
 * </ul>
 */
public final class ProcessRegistry {
  private static final ProcessRegistry INSTANCE = new ProcessRegistry();

  private final Set<ManagedProcess> live = new LinkedHashSet<>();
  private final Path stateDir;
  private final Path pidFile;
  private Process reaper;
  private volatile Duration shutdownGrace = Duration.ZERO;

  private ProcessRegistry() {
    long self = ProcessHandle.current().pid();
    try {
      stateDir = Files.createTempDirectory("recoverybench-children-" + self + "-");
    } catch (IOException e) {
      throw new ProcessException("cannot create the child registry: " + e.getMessage(), e);
    }
    pidFile = stateDir.resolve("children.pids");
    Runtime.getRuntime().addShutdownHook(new Thread(this::killAll, "recoverybench-child-killer"));
  }

  public static ProcessRegistry get() {
    return INSTANCE;
  }

  synchronized void register(ManagedProcess p) {
    startReaperIfNeeded();
    live.add(p);
    writePidFile();
  }

  synchronized void unregister(ManagedProcess p) {
    if (live.remove(p)) {
      writePidFile();
    }
  }

  /** The PIDs of the children that are alive now. */
  public synchronized List<Long> livePids() {
    List<Long> pids = new ArrayList<>();
    for (ManagedProcess p : live) {
      if (p.isAlive()) {
        pids.add(p.pid());
      }
    }
    return pids;
  }

  /** The reaper's PID, if it runs. */
  public synchronized long reaperPid() {
    return reaper == null ? -1 : reaper.pid();
  }

  /**
   * How long the shutdown hook lets children end after SIGTERM before it sends SIGKILL. Zero (the
   * default) sends SIGKILL at once.
   */
  public void setShutdownGrace(Duration grace) {
    this.shutdownGrace = grace;
  }

  /**
   * Ends every live child by PID: SIGTERM to all and up to the shutdown grace for them to end, then
   * SIGKILL to the rest; waits for each.
   */
  public void killAll() {
    List<ManagedProcess> snapshot;
    synchronized (this) {
      snapshot = new ArrayList<>(live);
    }
    Duration grace = shutdownGrace;
    if (!grace.isZero()) {
      for (ManagedProcess p : snapshot) {
        p.signalTerm();
      }
      Poll.until(
          grace,
          Duration.ofMillis(100),
          () -> snapshot.stream().noneMatch(ManagedProcess::isAlive));
    }
    for (ManagedProcess p : snapshot) {
      p.kill9();
    }
    synchronized (this) {
      if (reaper != null) {
        reaper.destroyForcibly();
      }
    }
  }

  private void startReaperIfNeeded() {
    if (reaper != null && reaper.isAlive()) {
      return;
    }
    Path script = stateDir.resolve("reaper.sh");
    String body =
        String.join(
            "\n",
            "#!/bin/sh",
            "# Waits for the harness JVM to end, then kills the children it left, by PID.",
            "parent=\"$1\"; list=\"$2\"",
            "while kill -0 \"$parent\" 2>/dev/null; do sleep 0.5; done",
            "if [ -f \"$list\" ]; then",
            "  while read -r pid start; do",
            "    now=$(sed 's/^.*) //' /proc/\"$pid\"/stat 2>/dev/null | cut -d' ' -f20)",
            "    [ -n \"$now\" ] && [ \"$now\" = \"$start\" ] && kill -9 \"$pid\"",
            "  done < \"$list\"",
            "fi",
            "rm -rf \"$(dirname \"$list\")\"",
            "");
    try {
      Files.writeString(script, body, StandardCharsets.UTF_8);
      ProcessBuilder pb =
          new ProcessBuilder(
              "sh",
              script.toString(),
              Long.toString(ProcessHandle.current().pid()),
              pidFile.toString());
      pb.redirectErrorStream(true);
      pb.redirectOutput(Redirect.DISCARD);
      pb.redirectInput(Redirect.from(new java.io.File("/dev/null")));
      reaper = pb.start();
    } catch (IOException e) {
      throw new ProcessException("cannot start the child reaper: " + e.getMessage(), e);
    }
  }

  private void writePidFile() {
    StringBuilder sb = new StringBuilder();
    for (ManagedProcess p : live) {
      String start = ProcStat.startTime(p.pid());
      if (start != null) {
        sb.append(p.pid()).append(' ').append(start).append('\n');
      }
    }
    try {
      Path tmp = stateDir.resolve("children.pids.tmp");
      Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
      Files.move(tmp, pidFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new ProcessException("cannot write the child registry: " + e.getMessage(), e);
    }
  }

  /** Waits for every child to be gone; for tests. */
  public boolean awaitNoChildren(Duration timeout) {
    return Poll.until(timeout, Duration.ofMillis(100), () -> livePids().isEmpty());
  }
}
