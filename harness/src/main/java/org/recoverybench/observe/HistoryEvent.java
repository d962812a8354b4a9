package org.recoverybench.observe;

import java.util.Map;

/**
 * One line of {@code history.jsonl}: what happened when. Types used by the runner:
 *
 * <ul>
 *   <li>{@code phase} (name), {@code fault-start} / {@code fault-stop} (fault, target, pid),
 *   <li>{@code process-start} / {@code process-exit} (role, pid, exit),
 *   <li>{@code sample} (rows, distinct, produced, lag, s3_bytes, s3_objects, checkpoints...): a
 *       sample whose lag could not be read has no {@code lag} and says why in {@code lag_error};
 *       the checker reads it as unknown, never as 0,
 *   <li>{@code offsets} (kind: committed|checkpointed, incarnation, partition → offset),
 *   <li>{@code incarnation} (incarnation): the incarnation the engine ran at that instant, as the
 *       engine tells it (recorded after the start, just before each fault and after each recovery);
 *       the checker takes the incarnation running at a fault from these,
 *   <li>{@code producer} (acknowledged, configured, complete, error): what the producer did; lost
 *       is counted against the acknowledged ids.
 * </ul>
 */
public record HistoryEvent(long ts, String type, Map<String, Object> data) {
  public HistoryEvent {
    data = Map.copyOf(data);
  }

  public static HistoryEvent of(long ts, String type, Object... keyValues) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        m.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return new HistoryEvent(ts, type, m);
  }

  public long getLong(String key, long fallback) {
    Object v = data.get(key);
    return v instanceof Number n ? n.longValue() : fallback;
  }

  public String getString(String key) {
    Object v = data.get(key);
    return v == null ? null : v.toString();
  }
}
