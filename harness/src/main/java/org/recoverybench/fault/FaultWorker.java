package org.recoverybench.fault;

import java.util.Optional;
import org.recoverybench.engine.RestartOutcome;
import org.recoverybench.result.RecoveryPhases;

/**
 * One fault of a schedule, as it is carried out (after apache/kafka trogdor: an immutable spec, and
 * a worker with start and stop). The runner calls {@link #start()}, waits out the spec's duration
 * from the moment start returned, calls {@link #stop()}, and after the drain asks for the {@link
 * #behaviour()} it saw. Kills, restarts and outages alike.
 */
public interface FaultWorker {
  /**
   * Injects the fault; returns the epoch ms at which it landed: the kill signal sent, the proxy
   * cut, the server killed, the record written, the job stopped.
   */
  long start();

  /**
   * Ends the fault (a killed process brought back, the proxy back, the server started again);
   * returns once the lab's side is back, with the epoch ms at which it was.
   */
  long stop();

  /** The process role or lab service the fault hit; null when none. */
  String role();

  /** The PID killed; null when none. */
  Long pid();

  /** What exactly was done, in a few words (offsets, checkpoint ids, latency); null if nothing. */
  String detail();

  /**
   * Whether recovery is measured from the stop (an outage: the engine kept running and had to
   * resume once the server was back) rather than from the start (a kill).
   */
  boolean recoveryFromStop();

  /**
   * Whether a standby took the killed leader's job over (the same job, not resubmitted), so that
   * its recovery counts from the start and its writes from the stop, when the job ran again (see
   * {@code FaultPoint.RecoveredBy.TAKEN_OVER}).
   */
  default boolean takenOver() {
    return false;
  }

  /** What the engine did about the fault, from its status before the fault and now; or null. */
  String behaviour();

  /**
   * For a stop, a change and a start of the job (a restart fault): what the engine did; else null.
   */
  default RestartOutcome outcome() {
    return null;
  }

  /**
   * A kill's recovery, phase by phase, as the engine recorded it ({@code
   * EngineDriver.recoveryPhases}); empty for other faults, and where the engine tells nothing.
   */
  default Optional<RecoveryPhases> recoveryPhases() {
    return Optional.empty();
  }

  /**
   * Whether the engine has dealt with the fault as far as the sink can show (e.g. a poison record
   * dead-lettered); the drain waits for it as for the last ids, within its quiet period.
   */
  default boolean settled() {
    return true;
  }
}
