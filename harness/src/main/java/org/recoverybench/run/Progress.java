package org.recoverybench.run;

import java.util.function.LongSupplier;

/**
 * The count of a run's trials, for the line printed before each: "trial k of n, elapsed mm:ss, ETA
 * mm:ss". The ETA is the mean duration of the trials finished in this process times the trials that
 * remain (the one about to start included); a trial kept from a resumed run counts as done but not
 * in the mean, since it took no time here. Before any trial has finished the ETA is unknown ({@code
 * --:--}).
 */
public final class Progress {
  private final int total;
  private final LongSupplier clockMs;
  private final long startMs;
  private int done;
  private int timed;
  private long timedMs;
  private long trialStartMs = -1;

  /**
   * @param total the trials of the run, kept ones included
   * @param clockMs a monotonic clock in milliseconds
   */
  public Progress(int total, LongSupplier clockMs) {
    this.total = total;
    this.clockMs = clockMs;
    this.startMs = clockMs.getAsLong();
  }

  /** A progress on the system's monotonic clock. */
  public static Progress of(int total) {
    return new Progress(total, () -> System.nanoTime() / 1_000_000);
  }

  /** A trial kept from the run being resumed: done, without a duration. */
  public void kept() {
    done++;
  }

  /** The next trial starts now; returns its progress line. */
  public String start() {
    trialStartMs = clockMs.getAsLong();
    return line(trialStartMs);
  }

  /** The trial started last has finished (with a result or failed). */
  public void finish() {
    if (trialStartMs < 0) {
      throw new IllegalStateException("finish() without start()");
    }
    timed++;
    timedMs += clockMs.getAsLong() - trialStartMs;
    trialStartMs = -1;
    done++;
  }

  /** The ETA in milliseconds, or -1 while no trial has finished here. */
  public long etaMs() {
    if (timed == 0) {
      return -1;
    }
    return timedMs / timed * (total - done);
  }

  private String line(long nowMs) {
    long eta = etaMs();
    return "trial "
        + (done + 1)
        + " of "
        + total
        + ", elapsed "
        + clock(nowMs - startMs)
        + ", ETA "
        + (eta < 0 ? "--:--" : clock(eta));
  }

  /** {@code mm:ss}, or {@code h:mm:ss} from an hour on. */
  static String clock(long ms) {
    long s = Math.max(0, ms) / 1000;
    long h = s / 3600;
    long m = s / 60 % 60;
    return h > 0
        ? String.format("%d:%02d:%02d", h, m, s % 60)
        : String.format("%02d:%02d", m, s % 60);
  }
}
