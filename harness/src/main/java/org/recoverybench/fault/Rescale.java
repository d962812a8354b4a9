package org.recoverybench.fault;

import org.recoverybench.engine.RestartSpec;

/**
 * A rescale: the job or app is stopped (Flink: stop-with-savepoint, or cancel; Spark: a graceful
 * stop) and started from that state with another parallelism (Spark: another number of cores).
 */
public record Rescale(RestartSpec.Stop stop, int parallelism) implements RestartFault {
  @Override
  public RestartSpec spec() {
    return new RestartSpec(stop, parallelism, false, true, null);
  }
}
