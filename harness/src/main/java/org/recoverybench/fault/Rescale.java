package org.recoverybench.fault;

import java.util.Set;
import org.recoverybench.engine.RestartSpec;

/**
 * A rescale: the job or app is stopped (Flink: stop-with-savepoint, or cancel; Spark: a graceful
 * stop) and started from that state with another {@code parallelism} (Spark: another number of
 * cores); both engines. It takes {@code restore_from} and {@code parallelism}. It lists the
 * checkpoints on S3, so it does not run with HDFS.
 */
public record Rescale() implements FaultType {
  public static final Rescale TYPE = new Rescale();

  @Override
  public String name() {
    return "rescale";
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
  public Set<String> options() {
    return Set.of(FaultSpec.RESTORE_FROM, FaultSpec.PARALLELISM);
  }

  @Override
  public FaultWorker worker(FaultSpec spec, FaultEnv env) {
    RestartSpec.Stop stop = RestartWorker.stopOf(spec);
    return new RestartWorker(
        spec, env, new RestartSpec(stop, spec.restart().parallelism(), false, true, null));
  }
}
