package org.recoverybench.fault;

import org.recoverybench.scenario.FaultSpec;

/**
 * S3 unreachable for the spec's duration: the proxy between the engines and the S3 server resets
 * every open connection and refuses new ones; the S3 server itself keeps running.
 */
public final class S3Outage extends AbstractFault {
  S3Outage(FaultSpec spec, FaultEnv env) {
    super(spec, env);
  }

  @Override
  public long start() {
    snapshot();
    var proxy = env.requireS3Proxy(spec.type());
    int open = proxy.open();
    proxy.down();
    detail =
        "the S3 proxy on port "
            + proxy.port()
            + " reset "
            + open
            + " open connections and refused new ones for "
            + spec.duration();
    return System.currentTimeMillis();
  }

  @Override
  public void stop() {
    env.requireS3Proxy(spec.type()).up();
  }

  @Override
  public String role() {
    return "s3";
  }
}
