package org.recoverybench.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The phases of one kill's recovery as the engine recorded them (its REST API, its logs): the epoch
 * ms at which each phase was reached, null where the phase applies to the kill but is not known,
 * and the id of the checkpoint the engine restored (Flink), null where none or not known. Which
 * phases apply depends on the engine and on what was killed (docs/design.md, "What is measured");
 * {@link #ORDER} is the order in which they come, and in which they are written.
 */
public record RecoveryPhases(Map<String, Long> at, Long restoredCheckpointId) {
  /** The engine noticed the loss: Flink's exception history, the Spark driver's log. */
  public static final String DETECTED = "detected";

  /** Flink: the job switched to RESTARTING. */
  public static final String RESTARTING = "restarting";

  /** Flink without HA after a JobManager kill: the resubmitted job was created. */
  public static final String RESUBMITTED = "resubmitted";

  /** Flink with HA after a JobManager kill: the standby's JobManager created the job again. */
  public static final String TAKEN_OVER = "taken_over";

  /** Spark after a driver kill: the new driver process started. */
  public static final String RESTARTED = "restarted";

  /** Flink: the JobManager restored the job's state from a checkpoint. */
  public static final String RESTORED_CHECKPOINT = "restored_checkpoint";

  /** The last subtask (Flink) or the new executor (Spark) was deployed. */
  public static final String DEPLOYED = "deployed";

  /**
   * Flink: the last subtask is RUNNING (its state and source initialised); Spark: the new driver's
   * stream started.
   */
  public static final String RUNNING = "running";

  /** Spark after a driver kill: the new driver ran its first batch. */
  public static final String FIRST_BATCH = "first_batch";

  /** Flink: the first checkpoint triggered after {@link #RUNNING} completed. */
  public static final String FIRST_CHECKPOINT_AFTER_RESTORE = "first_checkpoint_after_restore";

  /** The first visible write that counts as recovered: the checker's {@code first_write_ms}. */
  public static final String FIRST_VISIBLE_WRITE = "first_visible_write";

  /** Every phase, in the order in which a recovery reaches them. */
  public static final List<String> ORDER =
      List.of(
          DETECTED,
          RESTARTING,
          RESUBMITTED,
          TAKEN_OVER,
          RESTARTED,
          RESTORED_CHECKPOINT,
          DEPLOYED,
          RUNNING,
          FIRST_BATCH,
          FIRST_CHECKPOINT_AFTER_RESTORE,
          FIRST_VISIBLE_WRITE);

  public RecoveryPhases {
    Map<String, Long> ordered = new LinkedHashMap<>();
    for (String phase : ORDER) {
      if (at.containsKey(phase)) {
        ordered.put(phase, at.get(phase));
      }
    }
    if (ordered.size() != at.size()) {
      throw new IllegalArgumentException("unknown recovery phases in " + at.keySet());
    }
    at = Collections.unmodifiableMap(ordered);
  }

  /** Each phase as ms after the kill (epoch ms {@code killedAt}), in {@link #ORDER}; null kept. */
  public Map<String, Long> afterKill(long killedAt) {
    Map<String, Long> out = new LinkedHashMap<>();
    at.forEach((phase, t) -> out.put(phase, t == null ? null : t - killedAt));
    return out;
  }

  /** A map of phases (null values allowed) in {@link #ORDER}: for building and for tests. */
  public static Map<String, Long> of(Object... phaseAndAt) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < phaseAndAt.length; i += 2) {
      Object v = phaseAndAt[i + 1];
      m.put((String) phaseAndAt[i], v == null ? null : ((Number) v).longValue());
    }
    return m;
  }

  /**
   * The phases of a record ({@code phases} of a fault: ms after the kill) with the first visible
   * write added at its place; null stays null (a fault without phases).
   */
  public static Map<String, Long> withFirstVisibleWrite(
      Map<String, Long> afterKill, Long firstWriteMs) {
    if (afterKill == null) {
      return null;
    }
    Map<String, Long> m = new LinkedHashMap<>(afterKill);
    m.put(FIRST_VISIBLE_WRITE, firstWriteMs);
    return new RecoveryPhases(m, null).at();
  }
}
