package org.recoverybench.fault;

/**
 * One fault of a schedule, as it is carried out (after apache/kafka trogdor: an immutable spec, and
 * a worker with start and stop). The runner calls {@link #start()}, waits out the spec's duration,
 * calls {@link #stop()}, and after the drain asks for the {@link #behaviour()} it saw.
 */
public interface FaultWorker {
  /** Injects the fault; returns the epoch ms at which it took effect. */
  long start();

  /** Ends the fault (a restart, the proxy back); returns once the lab's side is back. */
  void stop();

  /** The process role or lab service the fault hit; null when none. */
  String role();

  /** The PID killed; null when none. */
  Long pid();

  /** What exactly was done, in a few words (offsets, checkpoint ids, latency). */
  String detail();

  /**
   * Whether recovery is measured from the stop (an outage: the engine kept running and had to
   * resume once the server was back) rather than from the start (a kill).
   */
  boolean recoveryFromStop();

  /** What the engine did about the fault, from its status before the fault and now. */
  String behaviour();

  /**
   * Whether the engine has dealt with the fault as far as the sink can show (e.g. a poison record
   * dead-lettered); the drain waits for it as for the last ids, within its quiet period.
   */
  default boolean settled() {
    return true;
  }
}
