package org.recoverybench.fault;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.recoverybench.process.Poll;
import org.recoverybench.scenario.FaultSpec;

/**
 * {@code kill -9} of the process that writes the engine's checkpoint, while it writes one: the
 * engine's first role (Flink: the TaskManager; Spark: the driver).
 *
 * <ul>
 *   <li>Where the engine reports checkpoints in progress (Flink's REST API), the worker polls it
 *       and kills as soon as one is IN_PROGRESS, and later records what became of that checkpoint.
 *   <li>Otherwise (Spark) the S3 proxy watches the engine's requests and kills the driver when the
 *       request that uploads the checkpoint file ({@code PUT .../temp}, which Spark then renames to
 *       {@code checkpoint-<time>}) arrives, before the proxy passes it on.
 * </ul>
 */
public final class KillDuringCheckpoint extends AbstractFault {
  private static final Duration RECOVER_TIMEOUT = Duration.ofMinutes(3);
  private String role;
  private long pid = -1;
  private String checkpointId;

  KillDuringCheckpoint(FaultSpec spec, FaultEnv env) {
    super(spec, env);
  }

  @Override
  public long start() {
    snapshot();
    role = env.driver().roles().get(0);
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
    String bucketPath =
        "/" + env.trial().endpoints().s3Bucket() + "/" + env.trial().checkpointPrefix();
    Pattern put = Pattern.compile("PUT " + Pattern.quote(bucketPath) + "temp[ ?]");
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
  public void stop() {
    env.driver().recover(role, RECOVER_TIMEOUT);
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
