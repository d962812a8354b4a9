package org.recoverybench.process;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting by polling a condition against a deadline; never a fixed sleep. */
public final class Poll {
  private Poll() {}

  /** Polls {@code condition} every {@code every} until it is true or {@code timeout} has passed. */
  public static boolean until(Duration timeout, Duration every, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(Math.max(1, Math.min(every.toMillis(), remainingMillis(deadline))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private static long remainingMillis(long deadlineNanos) {
    return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }
}
