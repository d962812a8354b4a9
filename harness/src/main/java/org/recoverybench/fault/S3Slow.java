package org.recoverybench.fault;

import java.time.Duration;
import org.recoverybench.scenario.FaultSpec;

/** S3 slow for the spec's duration: the proxy delivers every chunk, each way, that much later. */
public final class S3Slow extends AbstractFault {
  S3Slow(FaultSpec spec, FaultEnv env) {
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
  public void stop() {
    env.requireS3Proxy(spec.type()).latency(Duration.ZERO);
  }

  @Override
  public String role() {
    return "s3";
  }
}
