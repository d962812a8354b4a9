package org.recoverybench.observe;

import java.util.Map;

/**
 * One line of {@code history.jsonl}: what happened when. Types used by the runner:
 *
 * <ul>
 *   <li>{@code phase} (name), {@code fault-start} / {@code fault-stop} (fault, target, pid),
 *   <li>{@code process-start} / {@code process-exit} (role, pid, exit),
 *   <li>{@code sample} (rows, distinct, produced, lag, s3_bytes, s3_objects, checkpoints...),
 *   <li>{@code offsets} (kind: committed|checkpointed, incarnation, partition → offset).
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
