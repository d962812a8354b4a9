package org.recoverybench.fault;

import org.recoverybench.scenario.FaultSpec;

/**
 * PostgreSQL, the sink, unavailable for the spec's duration: its postmaster killed with {@code kill
 * -9} (connections drop, new ones are refused), then started again with its data; prepared (XA)
 * transactions survive the crash, as PostgreSQL keeps them on disk.
 */
public final class DatabaseOutage extends ServiceOutage {
  DatabaseOutage(FaultSpec spec, FaultEnv env) {
    super(spec, env, "postgres");
  }
}
