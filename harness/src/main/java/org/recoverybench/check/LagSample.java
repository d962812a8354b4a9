package org.recoverybench.check;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.observe.HistoryEvent;

/**
 * The sink lag at one instant: ids produced so far minus distinct ids written so far. {@code lag}
 * is null when it is unknown at that instant (the database was down, the query failed); an unknown
 * lag is never read as 0.
 */
public record LagSample(long ts, Long lag) {
  public LagSample(long ts, long lag) {
    this(ts, Long.valueOf(lag));
  }

  /** A sample whose lag could not be read. */
  public static LagSample unknown(long ts) {
    return new LagSample(ts, (Long) null);
  }

  public boolean known() {
    return lag != null;
  }

  /**
   * The lag of every {@code sample} event of a history: its {@code lag} where the sample has one,
   * else unknown (the sampler leaves it out, and says why in {@code lag_error}, when it could not
   * read the sink).
   */
  public static List<LagSample> of(List<HistoryEvent> events) {
    List<LagSample> out = new ArrayList<>();
    for (HistoryEvent e : events) {
      if ("sample".equals(e.type())) {
        out.add(
            e.data().get("lag") instanceof Number n
                ? new LagSample(e.ts(), n.longValue())
                : unknown(e.ts()));
      }
    }
    return out;
  }
}
