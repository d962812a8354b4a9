package org.recoverybench.fault;

import java.time.Duration;
import java.util.Set;
import org.recoverybench.lab.LabException;
import org.recoverybench.lab.LabService;
import org.recoverybench.process.Poll;

/**
 * A lab server killed with {@code kill -9} of its PID, and started again on the same ports with the
 * same data when the fault stops; both engines, with S3 or HDFS. Its clients (the engines) keep
 * running and must reconnect.
 *
 * <ul>
 *   <li>{@code kafka-restart}: the Kafka broker, started again after the spec's duration (0 is
 *       allowed: at once);
 *   <li>{@code db-outage}: PostgreSQL, the sink, for the spec's duration: its postmaster killed
 *       (connections drop, new ones are refused), then started again with its data; prepared (XA)
 *       transactions survive the crash, as PostgreSQL keeps them on disk.
 * </ul>
 *
 * @param name the type's name
 * @param service the lab service ({@code Lab.service}) killed
 * @param needsDuration whether the scenario must say how long the outage lasts
 */
public record ServiceOutage(String name, String service, boolean needsDuration)
    implements FaultType {
  public static final ServiceOutage KAFKA = new ServiceOutage("kafka-restart", "kafka", false);
  public static final ServiceOutage DATABASE = new ServiceOutage("db-outage", "postgres", true);

  private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(2);

  @Override
  public Set<String> engines() {
    return BOTH;
  }

  @Override
  public boolean needsS3Proxy() {
    return false;
  }

  @Override
  public boolean runsWithHdfs() {
    return true;
  }

  @Override
  public FaultWorker worker(FaultSpec spec, FaultEnv env) {
    return new Worker(spec, env, service);
  }

  /** Kills the server at the start, starts it again at the stop and waits until it serves. */
  static final class Worker extends AbstractFault {
    private final String service;
    private long pid = -1;

    Worker(FaultSpec spec, FaultEnv env, String service) {
      super(spec, env);
      this.service = service;
    }

    @Override
    public long start() {
      LabService s = env.lab().service(service);
      snapshot();
      pid = s.pid();
      if (pid < 0) {
        throw new IllegalStateException(service + " is not running, so it cannot be killed");
      }
      s.kill();
      long at = System.currentTimeMillis();
      detail = "kill -9 of " + service + " pid " + pid + ", started again after " + spec.duration();
      return at;
    }

    @Override
    public long stop() {
      LabService s = env.lab().service(service);
      s.start();
      long deadline = System.currentTimeMillis() + RESTART_TIMEOUT.toMillis();
      while (true) {
        try {
          // a server in crash recovery may answer the probe, then drop the first session
          s.awaitHealthy(Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())));
          break;
        } catch (LabException e) {
          if (!s.isRunning() || System.currentTimeMillis() >= deadline) {
            throw e;
          }
          env.history().record("note", "text", service + " not ready yet: " + e.getMessage());
          Poll.until(Duration.ofMillis(500), Duration.ofMillis(500), () -> false);
        }
      }
      long back = System.currentTimeMillis();
      env.history().record("service-start", "service", service, "pid", s.pid());
      return back;
    }

    @Override
    public String role() {
      return service;
    }

    @Override
    public Long pid() {
      return pid < 0 ? null : pid;
    }
  }
}
