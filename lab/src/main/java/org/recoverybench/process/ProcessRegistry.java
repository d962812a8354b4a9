package org.recoverybench.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every child process of this JVM, tracked by PID and start time, and the containers it runs.
 *
 * <p>Two guards keep children from outliving the harness:
 *
 * <ul>
 *   <li>a shutdown hook that kills every live child and every descendant of it (normal exit,
 *       Ctrl-C, SIGTERM);
 *   <li>a reaper: a small {@code sh} process ({@code reaper.sh}) that watches this JVM and, once it
 *       is gone (for example after a {@code kill -9} of the harness), stops and kills each PID
 *       recorded in the registry file whose start time still matches (so a reused PID is never
 *       signalled), together with their descendants found by parent PID, and removes the recorded
 *       containers by id with the docker CLI.
 * </ul>
 *
 * <p>A process whose children matter on their own (a Spark Worker, whose executors are its child
 * JVMs) is {@linkplain ManagedProcess#trackDescendants() tracked}: a watcher reads {@code /proc}
 * every {@value #WATCH_MILLIS} ms and records each new descendant with its start time as it
 * appears, so the reaper still finds it after its parent has died and it was reparented.
 */
public final class ProcessRegistry {
  /**
   * The label that marks the containers of this JVM, for the reaper; its value is {@link #owner}.
   */
  public static final String OWNER_LABEL = "org.recoverybench.owner";

  static final long WATCH_MILLIS = 250;
  private static final ProcessRegistry INSTANCE = new ProcessRegistry();

  private final Set<ManagedProcess> live = new LinkedHashSet<>();
  private final Set<ManagedProcess> tracked = new LinkedHashSet<>();
  private final Map<Long, String> descendants = new LinkedHashMap<>();
  private final Set<String> containers = new LinkedHashSet<>();
  private final Path stateDir;
  private final Path pidFile;
  private final String owner;
  private Process reaper;
  private ScheduledExecutorService watcher;
  private volatile Duration shutdownGrace = Duration.ZERO;

  /** Set when the JVM begins to exit (Ctrl-C, a kill): no new child may start after that. */
  private volatile boolean shuttingDown;

  private ProcessRegistry() {
    long self = ProcessHandle.current().pid();
    try {
      stateDir = Files.createTempDirectory("recoverybench-children-" + self + "-");
    } catch (IOException e) {
      throw new ProcessException("cannot create the child registry: " + e.getMessage(), e);
    }
    pidFile = stateDir.resolve("children.pids");
    owner = stateDir.getFileName().toString();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  shuttingDown = true;
                  killAll();
                  deleteStateDir();
                },
                "recoverybench-child-killer"));
  }

  public static ProcessRegistry get() {
    return INSTANCE;
  }

  /**
   * Whether the JVM is exiting: a caller that loops over work (the trials of a suite) stops instead
   * of starting more, which would fail as the lab goes away.
   */
  public boolean shuttingDown() {
    return shuttingDown;
  }

  synchronized void register(ManagedProcess p) {
    if (shuttingDown) {
      // the children were killed or are being killed: one started now would outlive the harness
      p.kill9();
      throw new ProcessException("not starting " + p.name() + ": the harness is shutting down");
    }
    startReaperIfNeeded();
    live.add(p);
    writePidFile();
  }

  synchronized void unregister(ManagedProcess p) {
    tracked.remove(p);
    if (live.remove(p)) {
      writePidFile();
    }
  }

  /** Records the descendants of {@code p} as they appear, until it ends; see the class comment. */
  synchronized void trackDescendants(ManagedProcess p) {
    if (!live.contains(p)) {
      return;
    }
    tracked.add(p);
    if (watcher == null) {
      watcher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "recoverybench-descendant-watcher");
                t.setDaemon(true);
                return t;
              });
      watcher.scheduleWithFixedDelay(
          this::recordDescendants, 0, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }
    recordDescendants();
  }

  /**
   * One look at {@code /proc}: records the new descendants of the tracked processes and forgets the
   * recorded ones that are gone (their PID ended, or now belongs to another start time).
   */
  synchronized void recordDescendants() {
    if (tracked.isEmpty() && descendants.isEmpty()) {
      return;
    }
    Map<Long, ProcStat.Row> table = ProcStat.table();
    Map<Long, String> now = new LinkedHashMap<>();
    for (ManagedProcess p : tracked) {
      now.putAll(ProcStat.descendants(List.of(p.pid()), table));
    }
    boolean changed =
        descendants
            .entrySet()
            .removeIf(e -> !ProcStat.isSameProcessAlive(e.getKey(), e.getValue()));
    for (Map.Entry<Long, String> e : now.entrySet()) {
      changed |= descendants.putIfAbsent(e.getKey(), e.getValue()) == null;
    }
    if (changed) {
      writePidFile();
    }
  }

  /** The descendants recorded so far that still run, with their start times. */
  public synchronized Map<Long, String> recordedDescendants() {
    return Map.copyOf(descendants);
  }

  /**
   * Records a container this JVM started, so that the reaper removes it (by id, with the docker CLI
   * on {@code dockerHost}, e.g. {@code unix:///var/run/docker.sock}) if this JVM is killed.
   */
  public synchronized void recordContainer(String id, String dockerHost) {
    startReaperIfNeeded();
    containers.add(id);
    writeState("docker.host", dockerHost == null ? "" : dockerHost);
    writeState("owner.label", owner);
    writeState("containers.ids", String.join("\n", containers) + "\n");
  }

  /** Forgets a container that was removed. */
  public synchronized void forgetContainer(String id) {
    if (containers.remove(id)) {
      writeState("containers.ids", String.join("\n", containers) + "\n");
    }
  }

  /**
   * The value of {@link #OWNER_LABEL} for the containers of this JVM. Labelling a container with it
   * before it is created lets the reaper remove one that was created but not yet {@linkplain
   * #recordContainer recorded}; the reaper starts now if it did not run.
   */
  public synchronized String owner(String dockerHost) {
    startReaperIfNeeded();
    writeState("docker.host", dockerHost == null ? "" : dockerHost);
    writeState("owner.label", owner);
    return owner;
  }

  /** The directory the reaper reads (removed by the reaper once it has reaped). */
  public Path stateDir() {
    return stateDir;
  }

  /** Where the reaper writes what it killed and removed, if it ever has to. */
  public Path reaperLog() {
    return stateDir.resolveSibling(stateDir.getFileName() + ".reaper.log");
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
   * SIGKILL to the rest and to every descendant of theirs (recorded, or found now by parent PID),
   * each checked by start time; waits for each.
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
    Map<Long, String> left;
    synchronized (this) {
      left = new LinkedHashMap<>(descendants);
      List<Long> roots =
          snapshot.stream().filter(ManagedProcess::isAlive).map(p -> p.pid()).toList();
      left.putAll(ProcStat.descendants(roots, ProcStat.table()));
    }
    for (ManagedProcess p : snapshot) {
      p.kill9();
    }
    killByPidAndStart(left, Duration.ofSeconds(30));
    synchronized (this) {
      if (watcher != null) {
        watcher.shutdownNow();
        watcher = null;
      }
      if (reaper != null) {
        reaper.destroyForcibly();
        try {
          reaper.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * SIGKILL to each PID whose start time is still the given one, then waits up to {@code timeout}
   * for them to be gone; returns how many were signalled.
   */
  static int killByPidAndStart(Map<Long, String> pids, Duration timeout) {
    Map<Long, String> signalled = new LinkedHashMap<>();
    for (Map.Entry<Long, String> e : pids.entrySet()) {
      Optional<ProcessHandle> h = ProcessHandle.of(e.getKey());
      if (h.isPresent() && ProcStat.isSameProcessAlive(e.getKey(), e.getValue())) {
        h.get().destroyForcibly();
        signalled.put(e.getKey(), e.getValue());
      }
    }
    // a reparented process may stay a zombie until its new parent collects it: that is gone
    Poll.until(
        timeout,
        Duration.ofMillis(50),
        () ->
            signalled.entrySet().stream()
                .noneMatch(e -> ProcStat.isSameProcessAlive(e.getKey(), e.getValue())));
    return signalled.size();
  }

  private void startReaperIfNeeded() {
    if (reaper != null && reaper.isAlive()) {
      return;
    }
    ProcessHandle self = ProcessHandle.current();
    reaper = startReaper(stateDir, self.pid(), ProcStat.startTime(self.pid()), reaperLog());
  }

  /**
   * Starts {@code reaper.sh} for the process {@code parentPid} (with that start time) over the
   * registry files in {@code dir}; see the script's header.
   */
  static Process startReaper(Path dir, long parentPid, String parentStart, Path log) {
    Path script = dir.resolve("reaper.sh");
    try (InputStream in = ProcessRegistry.class.getResourceAsStream("reaper.sh")) {
      if (in == null) {
        throw new ProcessException("reaper.sh is missing from the lab jar");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      ProcessBuilder pb =
          new ProcessBuilder(
              "sh",
              script.toString(),
              Long.toString(parentPid),
              parentStart,
              dir.toString(),
              log.toString());
      pb.redirectErrorStream(true);
      pb.redirectOutput(Redirect.DISCARD);
      pb.redirectInput(Redirect.from(new java.io.File("/dev/null")));
      return pb.start();
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
    for (Map.Entry<Long, String> e : descendants.entrySet()) {
      sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    writeState(pidFile.getFileName().toString(), sb.toString());
  }

  /** Replaces a file of the registry atomically, so the reaper never reads half of one. */
  private void writeState(String name, String content) {
    try {
      Path tmp = stateDir.resolve(name + ".tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(
          tmp,
          stateDir.resolve(name),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new ProcessException("cannot write the child registry: " + e.getMessage(), e);
    }
  }

  /** At the end of the JVM, once the reaper is stopped: its files are of no use any more. */
  private synchronized void deleteStateDir() {
    try (java.util.stream.Stream<Path> files = Files.list(stateDir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(stateDir);
    } catch (IOException e) {
      // a leftover directory in the temp dir harms nothing; the JVM is ending
    }
  }

  /** Waits for every child to be gone; for tests. */
  public boolean awaitNoChildren(Duration timeout) {
    return Poll.until(timeout, Duration.ofMillis(100), () -> livePids().isEmpty());
  }
}
