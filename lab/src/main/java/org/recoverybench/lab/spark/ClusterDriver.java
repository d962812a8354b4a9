package org.recoverybench.lab.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.recoverybench.lab.LabException;
import org.recoverybench.process.LogFiles;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;

/**
 * The Spark app's driver as a standalone cluster runs it in cluster deploy mode with {@code
 * --supervise}: {@code spark-submit} hands the app to the Master, which has a Worker launch the
 * driver as the Worker's own child JVM ({@code DriverWrapper}); when that JVM exits with a non-zero
 * code (a {@code kill -9} included), the Worker launches it again with the same arguments, by
 * itself. The harness never starts it again.
 *
 * <p>The driver's output goes where the Worker puts it: {@code <worker dir>/<driver id>/stdout} and
 * {@code stderr}, appended to at every launch; the Worker writes a {@code Launch Command:} header
 * into {@code stderr} before each. The driver's PID is found by parent PID and command line, never
 * by name; the Worker tracks its children, so a {@code kill -9} of the harness reaps them too.
 */
public final class ClusterDriver {
  /** The header the Worker writes into the driver's stderr before each launch. */
  public static final String LAUNCH_HEADER = "Launch Command:";

  private final SparkStandalone cluster;
  private final Path dir;
  private final Path submitLog;

  private ClusterDriver(SparkStandalone cluster, Path dir, Path submitLog) {
    this.cluster = cluster;
    this.dir = dir;
    this.submitLog = submitLog;
  }

  /**
   * Runs the {@code spark-submit} client (a JVM that ends once the Master has accepted the driver),
   * then waits for the Worker to launch the driver.
   */
  static ClusterDriver submit(
      SparkStandalone cluster, ManagedProcess client, Path submitLog, Duration timeout) {
    if (!client.awaitExit(timeout)) {
      client.kill9();
      throw new LabException(
          "spark-submit did not hand the driver to the Master at "
              + cluster.masterUrl()
              + " within "
              + timeout.toSeconds()
              + " s; see "
              + submitLog);
    }
    if (client.exitCode().orElse(-1) != 0) {
      throw new LabException(
          "spark-submit failed (exit code "
              + client.exitCode().orElse(-1)
              + "):\n"
              + LogFiles.tail(submitLog, 30));
    }
    Path[] found = {null};
    boolean launched =
        Poll.until(
            timeout,
            Duration.ofMillis(200),
            () -> {
              found[0] = driverDir(cluster.workerDir()).orElse(null);
              return found[0] != null && !cluster.drivers().isEmpty();
            });
    if (!launched) {
      throw new LabException(
          "the Spark Worker launched no driver within "
              + timeout.toSeconds()
              + " s of the submission; see "
              + submitLog
              + " and "
              + cluster.workerDir());
    }
    return new ClusterDriver(cluster, found[0], submitLog);
  }

  /** The newest {@code driver-*} directory of the Worker's work directory. */
  private static Optional<Path> driverDir(Path workerDir) {
    if (!Files.isDirectory(workerDir)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(workerDir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("driver-"))
          .max(Comparator.comparing(p -> p.getFileName().toString()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The driver's id as the Master gave it, e.g. {@code driver-20261203140000-0000}. */
  public String id() {
    return dir.getFileName().toString();
  }

  /** The driver JVM the Worker runs now, if one runs. */
  public Optional<ProcessHandle> process() {
    return cluster.drivers().stream().findFirst();
  }

  public boolean isAlive() {
    return process().isPresent();
  }

  /** The PID of the driver that runs now, or -1. */
  public long pid() {
    return process().map(ProcessHandle::pid).orElse(-1L);
  }

  /** The driver's standard output: the app's own lines ({@code RB-READY}, {@code RB-BATCH}). */
  public Path stdout() {
    return dir.resolve("stdout");
  }

  /** The driver's standard error: Spark's log, and the Worker's header before each launch. */
  public Path stderr() {
    return dir.resolve("stderr");
  }

  public Path submitLog() {
    return submitLog;
  }

  /** How many times the Worker has launched the driver (its first launch included). */
  public long launches() {
    return linesStartingWith(stderr(), LAUNCH_HEADER);
  }

  /** How many times a driver has logged that its stream started. */
  public long readyLines() {
    return linesStartingWith(stdout(), "RB-READY");
  }

  private static long linesStartingWith(Path file, String prefix) {
    if (!Files.exists(file)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
      return lines.filter(l -> l.startsWith(prefix)).count();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  /**
   * Waits until more drivers have logged {@code RB-READY} than {@code before}: the stream of the
   * driver launched after it runs.
   */
  public void awaitReady(long before, Duration timeout) {
    if (!Poll.until(timeout, Duration.ofMillis(100), () -> readyLines() > before)) {
      throw new LabException(
          "the Spark driver "
              + id()
              + " did not start its stream within "
              + timeout.toSeconds()
              + " s (launches by the Worker: "
              + launches()
              + "):\n"
              + LogFiles.tail(stderr(), 40));
    }
  }

  /** Sends SIGKILL to the driver JVM that runs now and waits until it is gone; its PID. */
  public long kill9() {
    ProcessHandle h =
        process().orElseThrow(() -> new LabException("no Spark driver is running on the Worker"));
    h.destroyForcibly(); // SIGKILL, to this PID only
    awaitExit(h, Duration.ofSeconds(30));
    return h.pid();
  }

  /**
   * Stops the driver for good: first the Worker goes ({@code kill -9}), so that nothing launches
   * the driver again, then the driver gets SIGTERM and {@code grace} to stop its context, then
   * SIGKILL; and the executors the Worker ran.
   */
  public void stop(Duration grace) {
    List<ProcessHandle> executors = cluster.executors();
    Optional<ProcessHandle> driver = process();
    cluster.worker().kill9();
    driver.ifPresent(
        h -> {
          h.destroy();
          if (!awaitExit(h, grace)) {
            h.destroyForcibly();
            awaitExit(h, Duration.ofSeconds(30));
          }
        });
    for (ProcessHandle e : executors) {
      e.destroyForcibly();
      awaitExit(e, Duration.ofSeconds(30));
    }
  }

  private static boolean awaitExit(ProcessHandle h, Duration timeout) {
    try {
      h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !h.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String toString() {
    return "spark-driver " + id() + "[pid " + pid() + "]";
  }
}
