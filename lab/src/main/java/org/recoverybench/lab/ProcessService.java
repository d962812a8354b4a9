package org.recoverybench.lab;

import java.nio.file.Path;
import java.time.Duration;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;
import org.recoverybench.process.ProcessSpec;

/**
 * A lab service that is one child process. Subclasses say how to prepare the data directory, how to
 * launch the process and how to tell that it is healthy.
 */
abstract class ProcessService implements LabService {
  protected final String name;
  protected final Path dir;
  private volatile ManagedProcess process;
  private boolean prepared;

  protected ProcessService(String name, Path dir) {
    this.name = name;
    this.dir = dir;
  }

  /** One-time setup of the data directory (formatting, initdb). Runs before the first start. */
  protected abstract void prepare();

  protected abstract ProcessSpec spec();

  /** One health probe; must return quickly. */
  protected abstract boolean probe();

  /** Work after the first healthy probe, such as creating a bucket or a schema. */
  protected void afterHealthy() {}

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new LabException(name + " is already running as pid " + process.pid());
    }
    if (!prepared) {
      prepare();
      prepared = true;
    }
    process = ManagedProcess.start(spec());
  }

  @Override
  public void awaitHealthy(Duration timeout) {
    ManagedProcess p = process;
    if (p == null) {
      throw new LabException(name + " was never started");
    }
    boolean ok = Poll.until(timeout, Duration.ofMillis(100), () -> !p.isAlive() || probe());
    if (!p.isAlive()) {
      throw new LabException(
          name
              + " exited with code "
              + p.exitCode().orElse(-1)
              + " before it became healthy; see "
              + p.logFile());
    }
    if (!ok) {
      throw new LabException(
          name + " did not become healthy within " + human(timeout) + "; see " + p.logFile());
    }
    afterHealthy();
  }

  @Override
  public void stop() {
    ManagedProcess p = process;
    if (p != null) {
      p.terminate(Duration.ofSeconds(20));
    }
  }

  @Override
  public void kill() {
    ManagedProcess p = process;
    if (p != null) {
      p.kill9();
    }
  }

  @Override
  public void restart(Duration timeout) {
    stop();
    start();
    awaitHealthy(timeout);
  }

  @Override
  public boolean isRunning() {
    ManagedProcess p = process;
    return p != null && p.isAlive();
  }

  @Override
  public long pid() {
    ManagedProcess p = process;
    return p != null && p.isAlive() ? p.pid() : -1;
  }

  @Override
  public Path logFile() {
    return dir.resolve(name + ".log");
  }

  @Override
  public Path dataDir() {
    return dir.resolve("data");
  }

  /** The current process, for tests and observers. */
  public ManagedProcess process() {
    return process;
  }

  /** A server's {@code key=value} configuration file, in the map's order. */
  static String propertiesText(java.util.Map<String, String> settings) {
    StringBuilder sb = new StringBuilder("# written by recoverybench\n");
    settings.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString();
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }
}
