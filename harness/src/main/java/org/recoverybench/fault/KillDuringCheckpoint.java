package org.recoverybench.fault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.recoverybench.engine.ProcessKind;
import org.recoverybench.process.Poll;
import org.recoverybench.result.RecoveryPhases;

/**
 * {@code kill -9} of the process that writes the engine's checkpoint ({@link
 * ProcessKind#CHECKPOINT_WRITER}), while it writes one; both engines. It needs the S3 proxy, so it
 * does not run with HDFS.
 *
 * <ul>
 *   <li>Where the engine reports checkpoints in progress (Flink's REST API), the worker polls it
 *       and kills as soon as one is IN_PROGRESS, and later records what became of that checkpoint.
 *   <li>Otherwise (Spark) the S3 proxy watches the engine's requests and kills the process when the
 *       request that uploads a checkpoint file ({@code EngineDriver.checkpointUploadRequest})
 *       arrives, before the proxy passes it on.
 * </ul>
 */
public record KillDuringCheckpoint() implements FaultType {
  public static final KillDuringCheckpoint TYPE = new KillDuringCheckpoint();

  @Override
  public String name() {
    return "kill-during-checkpoint";
  }

  @Override
  public Set<String> engines() {
    return BOTH;
  }

  @Override
  public boolean needsS3Proxy() {
    return true;
  }

  @Override
  public boolean runsWithHdfs() {
    return false;
  }

  @Override
  public ProcessKind kills() {
    return ProcessKind.CHECKPOINT_WRITER;
  }

  @Override
  public FaultWorker worker(FaultSpec spec, FaultEnv env) {
    return new Worker(spec, env);
  }

  /** Waits for a checkpoint in progress, and kills its writer. */
  static final class Worker extends AbstractFault {
    private static final Duration RECOVER_TIMEOUT = Duration.ofMinutes(3);
    private String role;
    private long pid = -1;
    private String checkpointId;
    private long killedAt;

    Worker(FaultSpec spec, FaultEnv env) {
      super(spec, env);
    }

    @Override
    public long start() {
      snapshot();
      role = env.driver().roleOf(ProcessKind.CHECKPOINT_WRITER);
      Duration limit = env.trial().scenario().run().drainTimeout();
      if (env.driver().exposesCheckpointProgress()) {
        AtomicReference<String> seen = new AtomicReference<>();
        boolean found =
            Poll.until(
                limit,
                Duration.ofMillis(5),
                () -> {
                  seen.set(env.driver().checkpointInProgress());
                  return seen.get() != null;
                });
        if (!found) {
          throw new IllegalStateException("no checkpoint was seen in progress within " + limit);
        }
        pid = env.driver().kill(role);
        long at = System.currentTimeMillis();
        killedAt = at;
        checkpointId = seen.get();
        detail =
            "kill -9 of the "
                + role
                + " pid "
                + pid
                + " while checkpoint "
                + checkpointId
                + " was IN_PROGRESS (REST)";
        return at;
      }
      var proxy = env.requireS3Proxy(spec.type());
      Pattern put = env.driver().checkpointUploadRequest();
      if (put == null) {
        throw new IllegalStateException(
            "the "
                + env.driver().engine()
                + " engine shows neither checkpoints in progress nor uploads");
      }
      CountDownLatch fired = new CountDownLatch(1);
      AtomicLong at = new AtomicLong();
      AtomicReference<String> request = new AtomicReference<>();
      AtomicReference<RuntimeException> failure = new AtomicReference<>();
      proxy.tap(
          put,
          match -> {
            try {
              request.set(match.trim());
              pid = env.driver().kill(role);
              at.set(System.currentTimeMillis());
            } catch (RuntimeException e) {
              failure.set(e);
            } finally {
              fired.countDown();
            }
          });
      try {
        if (!fired.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
          proxy.untap();
          throw new IllegalStateException(
              "the engine sent no checkpoint upload (" + put.pattern() + ") within " + limit);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        proxy.untap();
        throw new IllegalStateException("interrupted while waiting for a checkpoint upload");
      }
      if (failure.get() != null) {
        throw failure.get();
      }
      killedAt = at.get();
      detail =
          "kill -9 of the "
              + role
              + " pid "
              + pid
              + " while its checkpoint upload '"
              + request.get()
              + "' was in flight (held by the S3 proxy)";
      return at.get();
    }

    @Override
    public long stop() {
      env.driver().recover(role, RECOVER_TIMEOUT);
      return System.currentTimeMillis();
    }

    @Override
    public String role() {
      return role;
    }

    @Override
    public Long pid() {
      return pid < 0 ? null : pid;
    }

    @Override
    public boolean recoveryFromStop() {
      return false; // a kill: recovery counts from the kill
    }

    @Override
    public Optional<RecoveryPhases> recoveryPhases() {
      return pid < 0 ? Optional.empty() : env.driver().recoveryPhases(role, killedAt);
    }

    @Override
    public String behaviour() {
      String b = super.behaviour();
      if (checkpointId != null) {
        String status = env.driver().checkpointStatus(checkpointId);
        return "checkpoint "
            + checkpointId
            + " ended "
            + (status == null ? "unknown" : status)
            + "; "
            + b;
      }
      return b;
    }
  }
}
