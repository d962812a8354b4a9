package org.recoverybench.fault;

import org.recoverybench.engine.RestartSpec;

/**
 * An upgrade: the job or app is stopped (Flink: stop-with-savepoint, or cancel keeping its
 * checkpoints; Spark: a graceful stop), and the changed code, with one operator more, is started
 * from that state.
 *
 * @param stop {@code SAVEPOINT} or {@code CANCEL} (restore from the latest retained checkpoint)
 * @param uids Flink: whether both versions of the job set explicit operator uids
 */
public record Upgrade(RestartSpec.Stop stop, boolean uids) implements RestartFault {
  @Override
  public RestartSpec spec() {
    return new RestartSpec(stop, 0, true, uids, null);
  }
}
