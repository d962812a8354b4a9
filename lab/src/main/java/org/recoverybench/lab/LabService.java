package org.recoverybench.lab;

import java.nio.file.Path;
import java.time.Duration;

/** One server of the lab: a real process that can be started, killed and restarted. */
public interface LabService {
  /** A short name: kafka, s3, postgres. */
  String name();

  /** Starts the process; does not wait for it to be healthy. */
  void start();

  /** Polls the service until it answers, or fails with one line after {@code timeout}. */
  void awaitHealthy(Duration timeout);

  /** A graceful stop (SIGTERM, then SIGKILL after a grace period). */
  void stop();

  /** {@code kill -9} of the service's PID. Its data stays on disk. */
  void kill();

  /** Starts the service again on the same ports with the same data, and waits until healthy. */
  void restart(Duration timeout);

  boolean isRunning();

  /** The PID of the running process, or -1. */
  long pid();

  Path logFile();

  /** The directory that holds the service's data; it survives kills and restarts. */
  Path dataDir();
}
