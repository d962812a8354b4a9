package org.recoverybench.fault;

import java.util.Set;
import org.recoverybench.engine.RestartSpec;

/**
 * An upgrade: the job or app is stopped (Flink: stop-with-savepoint, or cancel keeping its
 * checkpoints; Spark: a graceful stop), and the changed code, with one operator more, is started
 * from that state; both engines. It takes {@code restore_from} and {@code uids} (Flink: whether
 * both versions of the job set explicit operator uids). It lists the checkpoints on S3, so it does
 * not run with HDFS.
 */
public record Upgrade() implements FaultType {
  public static final Upgrade TYPE = new Upgrade();

  @Override
  public String name() {
    return "upgrade";
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
    return Set.of(FaultSpec.RESTORE_FROM, FaultSpec.UIDS);
  }

  @Override
  public FaultWorker worker(FaultSpec spec, FaultEnv env) {
    RestartSpec.Stop stop = RestartWorker.stopOf(spec);
    return new RestartWorker(
        spec, env, new RestartSpec(stop, 0, true, spec.restart().uids(), null));
  }
}
