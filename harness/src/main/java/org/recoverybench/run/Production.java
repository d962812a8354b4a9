package org.recoverybench.run;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.recoverybench.lab.workload.EventProducer;
import org.recoverybench.scenario.Scenario;

/** The workload's producer, on a thread of its own: ids {@code 0..records-1} at the set rate. */
final class Production {
  private final AtomicLong produced = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private long startedAt;

  Production(String bootstrap, String topic, Scenario.Workload w) {
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

  /** Waits for the producer to finish, at most that long; throws if it failed. */
  void await(long millis) throws InterruptedException {
    thread.join(millis);
    Throwable e = failure.get();
    if (e != null) {
      throw new IllegalStateException("the producer failed: " + e.getMessage(), e);
    }
  }
}
