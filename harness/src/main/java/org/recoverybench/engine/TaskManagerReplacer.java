package org.recoverybench.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.recoverybench.lab.flink.FlinkCluster;
import org.recoverybench.process.ManagedProcess;

/**
 * What Flink's active resource manager does under Kubernetes or YARN (and a process supervisor for
 * a standalone cluster): a TaskManager process that ends by itself, not by a kill of the harness,
 * is replaced by a new one {@link #DELAY} after its end is seen. Without it a TaskManager that
 * exits on a fatal error (the JDBC connector's sink, e.g., can end its TaskManager when the
 * database is away) leaves the job without slots until its restart strategy gives up.
 *
 * <p>Every kill and start of a TaskManager by the harness happens under the same lock as a round of
 * this replacer, so a TaskManager the harness kills is never taken for one that ended by itself.
 */
final class TaskManagerReplacer {
  /** The delay before a replacement: that of a supervised restart of a Spark driver. */
  static final Duration DELAY = SparkSupervisor.RESTART_DELAY;

  private final FlinkCluster cluster;
  private final Object lock;
  private final AtomicInteger exits = new AtomicInteger();
  private final AtomicInteger replaced = new AtomicInteger();
  private volatile String lastExit;
  private volatile String failure;
  private volatile boolean closing;
  private Thread thread;

  /**
   * @param lock held by the harness around each kill and start of a TaskManager
   */
  TaskManagerReplacer(FlinkCluster cluster, Object lock) {
    this.cluster = cluster;
    this.lock = lock;
  }

  void start() {
    thread = new Thread(this::run, "flink-taskmanager-replacer");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!closing) {
      try {
        Thread.sleep(200);
        int ended = forgetEnded();
        if (ended == 0) {
          continue;
        }
        Thread.sleep(DELAY.toMillis());
        synchronized (lock) {
          for (int i = 0; i < ended && !closing; i++) {
            cluster.startTaskManager();
            replaced.incrementAndGet();
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!closing) {
          failure = "a TaskManager could not be replaced: " + e.getMessage();
        }
        return;
      }
    }
  }

  /** Drops the TaskManagers that ended by themselves from the cluster; how many there were. */
  private int forgetEnded() {
    synchronized (lock) {
      List<ManagedProcess> ended = new ArrayList<>();
      for (ManagedProcess tm : cluster.taskManagers()) {
        if (!tm.isAlive()) {
          ended.add(tm);
        }
      }
      for (ManagedProcess tm : ended) {
        cluster.forgetTaskManager(tm);
        exits.incrementAndGet();
        lastExit = tm.name() + " exited by itself with code " + tm.exitCode().orElse(-1);
      }
      return ended.size();
    }
  }

  /** TaskManagers that ended by themselves so far. */
  int exits() {
    return exits.get();
  }

  /** TaskManagers started in place of those. */
  int replaced() {
    return replaced.get();
  }

  /** The last TaskManager that ended by itself, and its exit code; or null. */
  String lastExit() {
    return lastExit;
  }

  /** Why the replacer stopped replacing, or null. */
  String failure() {
    return failure;
  }

  /** Stops replacing and waits for a replacement under way, so that none starts after this. */
  void stop() {
    closing = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofMinutes(2).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
