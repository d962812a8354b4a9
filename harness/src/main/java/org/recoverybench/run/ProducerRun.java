package org.recoverybench.run;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.recoverybench.check.Production;
import org.recoverybench.lab.workload.EventProducer;
import org.recoverybench.scenario.Scenario;

/**
 * The workload's producer, on a thread of its own: ids {@code 0..records-1} at the set rate; an
 * open-ended one ({@code run.tail_after_recovery}) goes on past {@code records-1} with the next ids
 * at the same rate until {@link #finish()}.
 */
final class ProducerRun {
  private final AtomicLong produced = new AtomicLong();

  /** The end of the chunk being sent: ids below it may be on their way without an ack yet. */
  private final AtomicLong sending = new AtomicLong();

  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private final long records;
  private final boolean openEnded;
  private volatile boolean finishing;
  private long startedAt;

  ProducerRun(String bootstrap, String topic, Scenario.Workload w, boolean openEnded) {
    records = w.records();
    this.openEnded = openEnded;
    thread = new Thread(() -> produce(bootstrap, topic, w), "producer");
    thread.setDaemon(true);
  }

  private void produce(String bootstrap, String topic, Scenario.Workload w) {
    try (EventProducer p = new EventProducer(bootstrap, topic, w.partitions(), w.payloadBytes())) {
      long chunk = Math.max(1, w.ratePerSecond() == 0 ? 5_000 : w.ratePerSecond() / 5);
      for (long from = 0; from < records || (openEnded && !finishing); from += chunk) {
        long to = from < records ? Math.min(records, from + chunk) : from + chunk;
        sending.set(to);
        p.produce(from, to, w.ratePerSecond());
        produced.set(to);
      }
    } catch (Throwable e) {
      failure.set(e);
    }
  }

  /** Ids produced so far (the sampler reads it for the sink lag). */
  AtomicLong produced() {
    return produced;
  }

  void start() {
    startedAt = System.currentTimeMillis();
    thread.start();
  }

  /**
   * Lets an open-ended producer stop: it produces the ids up to {@code records-1} if not yet done,
   * finishes the chunk it is in (a fifth of a second at the set rate), and ends.
   */
  void finish() {
    finishing = true;
  }

  /** Stops the producer where it is, if it still runs (after a failure of the trial). */
  void halt() throws InterruptedException {
    if (thread.isAlive()) {
      finishing = true;
      thread.interrupt();
      thread.join(30_000);
    }
  }

  /** Epoch ms at which production started: the schedule's {@code at} counts from it. */
  long startedAt() {
    return startedAt;
  }

  /**
   * Waits for the producer to finish, at most that long, and says what it did: complete, or stopped
   * short (it failed, or still ran at the end of the wait and is then interrupted, so that it does
   * not go on producing into a later trial) with the ids acknowledged so far. An open-ended
   * producer's total is what it produced until {@link #finish()}.
   */
  Production await(long millis) throws InterruptedException {
    thread.join(millis);
    if (thread.isAlive()) {
      thread.interrupt();
      thread.join(30_000);
      return Production.incomplete(
          produced.get(), configured(), "still producing when the drain timeout ended");
    }
    Throwable e = failure.get();
    if (e != null) {
      return Production.incomplete(produced.get(), configured(), "the producer failed: " + e);
    }
    return Production.complete(openEnded ? produced.get() : records);
  }

  /**
   * The ids due: the workload's, or, for an open-ended producer that went past them, every id it
   * sent (an id sent without an ack is then neither lost nor unexpected, as below {@code records}).
   */
  private long configured() {
    return Math.max(records, sending.get());
  }
}
