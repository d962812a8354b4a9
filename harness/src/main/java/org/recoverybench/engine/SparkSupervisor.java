package org.recoverybench.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.recoverybench.lab.LabException;
import org.recoverybench.process.ManagedProcess;

/**
 * The Spark driver's supervisor, as {@code spark-submit --supervise} or a Kubernetes restart policy
 * would be: it starts the driver again with the same arguments when it exits by itself (a failed
 * batch, an error at start), {@link #RESTART_DELAY} after the exit, at most a given number of
 * times.
 *
 * <p>It also owns the driver's lifecycle lock: every start, kill and stop of the driver, by the
 * harness or by the supervisor, happens under it. A driver the harness has taken down (a kill until
 * the harness recovers it, a restart while it runs) is never touched by the supervisor; and {@link
 * #stop} waits for the supervisor's thread, so that a driver it is starting at that moment is the
 * one the caller then stops, not a process left behind.
 */
final class SparkSupervisor {
  /** The delay before a supervised restart: that of the Flink job's fixed-delay strategy. */
  static final Duration RESTART_DELAY = Duration.ofSeconds(1);

  /** Starts the driver again with the same arguments; a LabException if it died before ready. */
  interface Restart {
    void run();
  }

  /** Held while the driver is started, killed or stopped, by the harness or the supervisor. */
  private final Object lifecycle = new Object();

  private final Supplier<ManagedProcess> driver;
  private final Restart restart;

  /** True while the harness itself has the driver down (a kill, a restart): not supervised. */
  private volatile boolean harnessOwnsExit;

  private volatile boolean closing;
  private Thread thread;
  private final AtomicInteger restarts = new AtomicInteger();
  private volatile String gaveUp;

  /** How many times the supervisor has looked at the driver (for tests that wait for it). */
  private final AtomicInteger rounds = new AtomicInteger();

  /**
   * @param driver the driver process now (the latest started)
   * @param restart what a supervised restart does; it runs under the lifecycle lock
   */
  SparkSupervisor(Supplier<ManagedProcess> driver, Restart restart) {
    this.driver = driver;
    this.restart = restart;
  }

  /** Runs {@code action} under the lifecycle lock (a start of the driver by the harness). */
  <T> T locked(Supplier<T> action) {
    synchronized (lifecycle) {
      return action.get();
    }
  }

  /**
   * Runs {@code action} under the lifecycle lock with the driver's exit owned by the harness: the
   * supervisor leaves the driver alone until {@code action} returns (a restart by the harness).
   */
  <T> T owned(Supplier<T> action) {
    synchronized (lifecycle) {
      harnessOwnsExit = true;
      try {
        return action.get();
      } finally {
        harnessOwnsExit = false;
      }
    }
  }

  /**
   * Takes the driver's exit over until {@link #handBack}: runs {@code kill} under the lock, and the
   * supervisor leaves the killed driver alone (a kill that the harness recovers later).
   */
  <T> T takeOver(Supplier<T> kill) {
    synchronized (lifecycle) {
      harnessOwnsExit = true;
      return kill.get();
    }
  }

  /**
   * Runs {@code recover} under the lock and hands the driver back to the supervisor afterwards,
   * whether or not it succeeded.
   */
  void handBack(Runnable recover) {
    synchronized (lifecycle) {
      try {
        recover.run();
      } finally {
        harnessOwnsExit = false;
      }
    }
  }

  /** Starts supervising: at most {@code max} restarts; none if {@code max} is 0. */
  void start(int max) {
    if (max <= 0) {
      return;
    }
    thread = new Thread(() -> supervise(max), "spark-driver-supervisor");
    thread.setDaemon(true);
    thread.start();
  }

  /** How the driver is restarted, as the trial's settings report it, for up to max restarts. */
  static String policy(int max) {
    return max > 0
        ? "the driver is restarted with the same arguments after a kill, and when it exits by"
            + " itself up to "
            + max
            + " times, "
            + RESTART_DELAY.toSeconds()
            + " s after the exit (a supervisor)"
        : "the driver is restarted with the same arguments after a kill; one that exits by"
            + " itself stays down (no supervisor)";
  }

  /** Whether a supervisor runs (the scenario allows driver restarts). */
  boolean enabled() {
    return thread != null;
  }

  /** Supervised restarts so far. */
  int restarts() {
    return restarts.get();
  }

  int rounds() {
    return rounds.get();
  }

  /** Why the supervisor stopped restarting, or null while it has not given up. */
  String gaveUp() {
    return gaveUp;
  }

  private void supervise(int max) {
    while (!closing) {
      try {
        Thread.sleep(200);
        rounds.incrementAndGet();
        ManagedProcess d = driver.get();
        if (harnessOwnsExit || d == null || d.isAlive()) {
          continue;
        }
        if (restarts.get() >= max) {
          gaveUp =
              "the driver exited with code "
                  + d.exitCode().orElse(-1)
                  + " after "
                  + max
                  + " supervised restarts";
          return;
        }
        Thread.sleep(RESTART_DELAY.toMillis());
        synchronized (lifecycle) {
          if (closing || harnessOwnsExit || driver.get() != d) {
            continue;
          }
          restarts.incrementAndGet();
          try {
            restart.run();
          } catch (LabException diedAgain) {
            // it exited before it was ready: the next round counts another restart
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (closing) {
          return;
        }
        gaveUp = "the supervisor could not restart the driver: " + e.getMessage();
        return;
      }
    }
  }

  /**
   * Stops the supervisor and waits for it, so that a driver it is starting right now is the one the
   * caller then stops, not a process left behind.
   */
  void stop() {
    closing = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofMinutes(3).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
