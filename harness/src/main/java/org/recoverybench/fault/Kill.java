package org.recoverybench.fault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.recoverybench.engine.ProcessKind;
import org.recoverybench.result.RecoveryPhases;

/**
 * {@code kill -9} of the PID of one engine process; after the spec's duration the process is
 * brought back as an operator or supervisor would ({@code EngineDriver.recover}). Which process a
 * kind names is the engine driver's knowledge ({@code EngineDriver.roleOf}).
 *
 * @param name the type's name
 * @param engine the one engine whose process it kills
 * @param kills the kind of process killed
 * @param runsWithHdfs whether it runs with {@code checkpoint_store: hdfs} (a JobManager restart
 *     lists the retained checkpoints on S3)
 */
public record Kill(String name, String engine, ProcessKind kills, boolean runsWithHdfs)
    implements FaultType {
  public static final Kill TASKMANAGER =
      new Kill("kill-taskmanager", "flink", ProcessKind.WORKER, true);
  public static final Kill JOBMANAGER =
      new Kill("kill-jobmanager", "flink", ProcessKind.COORDINATOR, false);
  public static final Kill DRIVER = new Kill("kill-driver", "spark", ProcessKind.COORDINATOR, true);
  public static final Kill EXECUTOR = new Kill("kill-executor", "spark", ProcessKind.WORKER, true);

  private static final Duration RECOVER_TIMEOUT = Duration.ofMinutes(3);

  @Override
  public Set<String> engines() {
    return Set.of(engine);
  }

  @Override
  public boolean needsS3Proxy() {
    return false;
  }

  @Override
  public FaultWorker worker(FaultSpec spec, FaultEnv env) {
    return new Worker(spec, env, kills);
  }

  /** Kills at the start, brings the process back at the stop. */
  static final class Worker extends AbstractFault {
    private final ProcessKind kind;
    private String role;
    private Long pid;
    private boolean takenOver;
    private long killedAt;

    Worker(FaultSpec spec, FaultEnv env, ProcessKind kind) {
      super(spec, env);
      this.kind = kind;
    }

    @Override
    public long start() {
      role = env.driver().roleOf(kind);
      takenOver = env.driver().takesOver(role);
      if (takenOver) {
        snapshot(); // what a takeover did is told against this: submissions, restarts
      }
      pid = env.driver().kill(role);
      long at = System.currentTimeMillis();
      killedAt = at;
      env.history().record("kill", "role", role, "pid", pid, "signal", "KILL");
      return at;
    }

    @Override
    public long stop() {
      env.driver().recover(role, RECOVER_TIMEOUT);
      long now = System.currentTimeMillis();
      // a takeover ends when the engine ran the job again, by its own record, not when we saw it
      return takenOver
          ? Math.max(killedAt, Math.min(now, env.driver().runningAgainAt().orElse(now)))
          : now;
    }

    @Override
    public boolean takenOver() {
      return takenOver;
    }

    @Override
    public Optional<RecoveryPhases> recoveryPhases() {
      return role == null ? Optional.empty() : env.driver().recoveryPhases(role, killedAt);
    }

    @Override
    public String role() {
      return role;
    }

    @Override
    public Long pid() {
      return pid;
    }

    @Override
    public String detail() {
      return null; // the role and the PID say it all
    }

    @Override
    public boolean recoveryFromStop() {
      return false;
    }

    /**
     * A kill's outcome is the recovery the checker measures: nothing more is recorded, except after
     * a takeover, where the engine's status against before the kill shows that nobody resubmitted
     * the job (its submissions and {@code flink run}s unchanged).
     */
    @Override
    public String behaviour() {
      return takenOver ? super.behaviour() : null;
    }
  }
}
