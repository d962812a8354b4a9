package org.recoverybench.run;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.recoverybench.check.Production;
import org.recoverybench.lab.workload.EventProducer;
import org.recoverybench.scenario.Scenario;

/** The workload's producer, on a thread of its own: ids {@code 0..records-1} at the set rate. */
final class ProducerRun {
  private final AtomicLong produced = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private final long records;
  private long startedAt;

  ProducerRun(String bootstrap, String topic, Scenario.Workload w) {
    records = w.records();
    thread = new Thread(() -> produce(bootstrap, topic, w), "producer");
    thread.setDaemon(true);
  }

  private void produce(String bootstrap, String topic, Scenario.Workload w) {
    try (EventProducer p = new EventProducer(bootstrap, topic, w.partitions(), w.payloadBytes())) {
      long chunk = Math.max(1, w.ratePerSecond() == 0 ? 5_000 : w.ratePerSecond() / 5);
      for (long from = 0; from < w.records(); from += chunk) {
        long to = Math.min(w.records(), from + chunk);
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

  /** Epoch ms at which production started: the schedule's {@code at} counts from it. */
  long startedAt() {
    return startedAt;
  }

  /**
   * Waits for the producer to finish, at most that long, and says what it did: complete, or stopped
   * short (it failed, or still ran at the end of the wait and is then interrupted, so that it does
   * not go on producing into a later trial) with the ids acknowledged so far.
   */
  Production await(long millis) throws InterruptedException {
    thread.join(millis);
    if (thread.isAlive()) {
      thread.interrupt();
      thread.join(30_000);
      return Production.incomplete(
          produced.get(), records, "still producing when the drain timeout ended");
    }
    Throwable e = failure.get();
    if (e != null) {
      return Production.incomplete(produced.get(), records, "the producer failed: " + e);
    }
    return Production.complete(records);
  }
}
