package org.recoverybench.fault;

import java.time.Duration;
import org.recoverybench.lab.LabService;
import org.recoverybench.scenario.FaultSpec;

/**
 * A lab server killed with {@code kill -9} of its PID, and started again on the same ports with the
 * same data when the fault stops. Its clients (the engines) keep running and must reconnect.
 */
abstract class ServiceOutage extends AbstractFault {
  private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(2);
  private final String service;
  private long pid = -1;

  ServiceOutage(FaultSpec spec, FaultEnv env, String service) {
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
  public void stop() {
    LabService s = env.lab().service(service);
    s.start();
    long deadline = System.currentTimeMillis() + RESTART_TIMEOUT.toMillis();
    while (true) {
      try {
        // a server in crash recovery may answer the probe, then drop the first session
        s.awaitHealthy(Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())));
        break;
      } catch (org.recoverybench.lab.LabException e) {
        if (!s.isRunning() || System.currentTimeMillis() >= deadline) {
          throw e;
        }
        env.history().record("note", "text", service + " not ready yet: " + e.getMessage());
        org.recoverybench.process.Poll.until(
            Duration.ofMillis(500), Duration.ofMillis(500), () -> false);
      }
    }
    env.history().record("service-start", "service", service, "pid", s.pid());
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
