package org.recoverybench.check;

import java.util.ArrayList;
import java.util.List;
import org.recoverybench.observe.HistoryEvent;

/**
 * A line of the history saying which incarnation the engine ran at an instant: the number its sink
 * rows carry in their {@code incarnation} column (Flink: the job's incarnation base plus the task
 * attempt; Spark: which start of the driver). History event type {@value #TYPE} with the key
 * {@value #KEY}. The runner records one when the engine has started, just before each fault, and
 * after each fault's recovery, from the engine itself, never from the sink's rows.
 */
public record IncarnationMark(long ts, int incarnation) {
  public static final String TYPE = "incarnation";
  public static final String KEY = "incarnation";

  /** The marks of a history, in its order. */
  public static List<IncarnationMark> of(List<HistoryEvent> events) {
    List<IncarnationMark> out = new ArrayList<>();
    for (HistoryEvent e : events) {
      if (TYPE.equals(e.type()) && e.data().get(KEY) instanceof Number n) {
        out.add(new IncarnationMark(e.ts(), n.intValue()));
      }
    }
    return out;
  }

  /**
   * The incarnation running at {@code ts}: the highest one marked at or before it (incarnations
   * only grow); null when no mark came before it.
   */
  public static Integer runningAt(List<IncarnationMark> marks, long ts) {
    Integer best = null;
    for (IncarnationMark m : marks) {
      if (m.ts() <= ts && (best == null || m.incarnation() > best)) {
        best = m.incarnation();
      }
    }
    return best;
  }
}
