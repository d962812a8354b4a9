package org.recoverybench.job;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.recoverybench.contract.SinkSql;

/**
 * One key's state after a record, as the sinks upsert it into {@code sink_state}: a value copied
 * out of the row, so a writer can keep the newest one per key until it writes a batch.
 */
public record StateUpdate(
    String runId,
    String engine,
    String variant,
    long key,
    long count,
    long sum,
    long lastEventId,
    int incarnation)
    implements Serializable {

  /** The state a row carries (see {@link FoldState}); null for a row of the stateless pipeline. */
  public static StateUpdate of(SinkRow r) {
    if (r.stateKey < 0) {
      return null;
    }
    return new StateUpdate(
        r.runId,
        r.engine,
        r.variant,
        r.stateKey,
        r.stateCount,
        r.stateSum,
        r.eventId,
        r.incarnation);
  }

  /** Binds to {@link SinkSql#UPSERT_STATE}. */
  public void bind(PreparedStatement ps) throws SQLException {
    SinkSql.bindState(ps, runId, engine, variant, key, count, sum, lastEventId, incarnation);
  }
}
