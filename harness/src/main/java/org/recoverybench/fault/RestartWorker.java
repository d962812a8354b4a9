package org.recoverybench.fault;

import java.time.Duration;
import org.recoverybench.engine.RestartOutcome;
import org.recoverybench.engine.RestartSpec;

/**
 * A fault that is a stop, a change and a start of the job or app: the engine driver carries out its
 * {@link RestartSpec} ({@code EngineDriver.restart}) at the start; the stop is the fault's start,
 * and the new start its end.
 */
final class RestartWorker extends AbstractFault {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private final RestartSpec restart;
  private RestartOutcome outcome;

  RestartWorker(FaultSpec spec, FaultEnv env, RestartSpec restart) {
    super(spec, env);
    this.restart = restart;
  }

  /**
   * How an upgrade or a rescale stops the job: with a savepoint, or a cancel (then a checkpoint).
   */
  static RestartSpec.Stop stopOf(FaultSpec f) {
    return f.restart().restoreFrom().equals(FaultSpec.RestartOptions.FROM_CHECKPOINT)
        ? RestartSpec.Stop.CANCEL
        : RestartSpec.Stop.SAVEPOINT;
  }

  @Override
  public long start() {
    long at = System.currentTimeMillis();
    env.history()
        .record("restart-begin", "fault", spec.type(), "restart", String.valueOf(spec.restart()));
    outcome = env.driver().restart(restart, TIMEOUT);
    env.history()
        .record(
            "restart",
            "behaviour",
            outcome.behaviour(),
            "restored_from",
            String.valueOf(outcome.restoredFrom()),
            "error",
            String.valueOf(outcome.error()),
            "change",
            String.valueOf(outcome.change()));
    return at;
  }

  @Override
  public long stop() {
    return System.currentTimeMillis(); // the job runs again since the start
  }

  @Override
  public String detail() {
    return outcome.behaviour() + (outcome.error() == null ? "" : " (" + outcome.error() + ")");
  }

  @Override
  public boolean recoveryFromStop() {
    return false;
  }

  /** What the engine did at the start: restored, refused, started without state. */
  @Override
  public String behaviour() {
    return outcome.behaviour();
  }

  @Override
  public RestartOutcome outcome() {
    return outcome;
  }
}
