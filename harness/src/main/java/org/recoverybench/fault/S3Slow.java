package org.recoverybench.fault;

import java.time.Duration;
import java.util.Set;

/** S3 slow for the spec's duration: the proxy delivers every chunk, each way, that much later. */
public record S3Slow() implements FaultType {
  public static final S3Slow TYPE = new S3Slow();

  @Override
  public String name() {
    return "s3-slow";
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
  public boolean needsDuration() {
    return true;
  }

  @Override
  public Set<String> options() {
    return Set.of(FaultSpec.LATENCY);
  }

  @Override
  public FaultWorker worker(FaultSpec spec, FaultEnv env) {
    return new Worker(spec, env);
  }

  /** Slows the proxy at the start, speeds it up again at the stop. */
  static final class Worker extends AbstractFault {
    Worker(FaultSpec spec, FaultEnv env) {
      super(spec, env);
    }

    @Override
    public long start() {
      snapshot();
      var proxy = env.requireS3Proxy(spec.type());
      proxy.latency(spec.latency());
      detail = "the S3 proxy added " + spec.latency() + " each way for " + spec.duration();
      return System.currentTimeMillis();
    }

    @Override
    public long stop() {
      env.requireS3Proxy(spec.type()).latency(Duration.ZERO);
      return System.currentTimeMillis();
    }

    @Override
    public String role() {
      return "s3";
    }
  }
}
