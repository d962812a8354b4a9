package org.recoverybench.fault;

import java.time.Duration;
import java.util.Set;

/**
 * A graceful stop and a start of the same job or app, as in an upgrade without a change ({@code
 * EngineDriver.gracefulRestart}); both engines. It finds the checkpoint to restore from by an S3
 * listing, so it does not run with HDFS.
 */
public record GracefulRestart() implements FaultType {
  public static final GracefulRestart TYPE = new GracefulRestart();
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @Override
  public String name() {
    return "graceful-restart";
  }

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
    return false;
  }

  @Override
  public FaultWorker worker(FaultSpec spec, FaultEnv env) {
    return new Worker(spec, env);
  }

  /** Stops and starts the job at the start; the stop has nothing left to do. */
  static final class Worker extends AbstractFault {
    Worker(FaultSpec spec, FaultEnv env) {
      super(spec, env);
    }

    @Override
    public long start() {
      long at = System.currentTimeMillis();
      env.driver().gracefulRestart(TIMEOUT);
      return at;
    }

    @Override
    public long stop() {
      return System.currentTimeMillis();
    }

    @Override
    public String detail() {
      return null;
    }

    @Override
    public boolean recoveryFromStop() {
      return false;
    }

    @Override
    public String behaviour() {
      return null;
    }
  }
}
