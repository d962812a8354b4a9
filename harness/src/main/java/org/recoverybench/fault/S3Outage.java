package org.recoverybench.fault;

import java.util.Set;

/**
 * S3 unreachable for the spec's duration: the proxy between the engines and the S3 server resets
 * every open connection and refuses new ones; the S3 server itself keeps running. Both engines; it
 * needs the S3 proxy, so it does not run with HDFS.
 */
public record S3Outage() implements FaultType {
  public static final S3Outage TYPE = new S3Outage();

  @Override
  public String name() {
    return "s3-outage";
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
  public FaultWorker worker(FaultSpec spec, FaultEnv env) {
    return new Worker(spec, env);
  }

  /** Cuts the proxy at the start, lets it through again at the stop. */
  static final class Worker extends AbstractFault {
    Worker(FaultSpec spec, FaultEnv env) {
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
    public long stop() {
      env.requireS3Proxy(spec.type()).up();
      return System.currentTimeMillis();
    }

    @Override
    public String role() {
      return "s3";
    }
  }
}
