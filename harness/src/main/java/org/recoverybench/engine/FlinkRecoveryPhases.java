package org.recoverybench.engine;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recoverybench.lab.flink.FlinkRest;
import org.recoverybench.result.RecoveryPhases;

/**
 * The phases of a Flink job's recovery from a kill, from what its REST API tells (a pure function,
 * tested on replies captured from Flink 2.2):
 *
 * <ul>
 *   <li>{@code detected}: the first failure of the job's exception history at or after the kill;
 *   <li>{@code restarting}: the job's {@code RESTARTING} timestamp, where it entered it after the
 *       kill; after a JobManager kill without HA the job was resubmitted instead, and {@code
 *       resubmitted} is the new job's {@code CREATED} timestamp; with HA the standby created the
 *       same job again, {@code taken_over} (its {@code CREATED} timestamp);
 *   <li>{@code restored_checkpoint}: {@code latest.restored} of the job's checkpoints, where it was
 *       restored after the kill (its id apart);
 *   <li>{@code deployed} and {@code running}: the latest {@code DEPLOYING} and {@code RUNNING}
 *       timestamps over the current attempts of the subtasks that were deployed again after the
 *       kill; {@code running} only once every one of them runs (its state and its source
 *       initialised);
 *   <li>{@code first_checkpoint_after_restore}: the first completed checkpoint triggered at or
 *       after {@code running}: its last acknowledgement.
 * </ul>
 */
final class FlinkRecoveryPhases {
  private FlinkRecoveryPhases() {}

  /** What the harness knows of the kill, and what the REST API told of the job running now. */
  record Observed(
      String role,
      long signalledAt,
      boolean resubmitted,
      boolean takenOver,
      List<Long> failureTimes,
      Map<String, Long> jobStateTimes,
      List<FlinkRest.SubtaskTimes> subtasks,
      Optional<FlinkRest.Restored> restored,
      Collection<FlinkRest.Checkpoint> checkpoints) {}

  static RecoveryPhases of(Observed o) {
    long since = o.signalledAt();
    Map<String, Long> at = new LinkedHashMap<>();
    if (o.resubmitted()) {
      at.put(RecoveryPhases.RESUBMITTED, after(o.jobStateTimes().get("CREATED"), since));
    } else if (o.takenOver()) {
      at.put(RecoveryPhases.TAKEN_OVER, after(o.jobStateTimes().get("CREATED"), since));
    } else {
      at.put(
          RecoveryPhases.DETECTED,
          o.failureTimes().stream().filter(t -> t >= since).min(Long::compare).orElse(null));
      at.put(RecoveryPhases.RESTARTING, after(o.jobStateTimes().get("RESTARTING"), since));
    }
    FlinkRest.Restored restored = o.restored().filter(r -> r.restoredAtMs() >= since).orElse(null);
    at.put(RecoveryPhases.RESTORED_CHECKPOINT, restored == null ? null : restored.restoredAtMs());
    Long deployed = null;
    Long running = null;
    List<Map<String, Long>> again =
        o.subtasks().stream()
            .map(FlinkRest.SubtaskTimes::timestamps)
            .filter(t -> t.getOrDefault("DEPLOYING", 0L) >= since)
            .toList();
    if (!again.isEmpty()) {
      deployed = again.stream().mapToLong(t -> t.get("DEPLOYING")).max().getAsLong();
      boolean allRunning =
          again.stream().allMatch(t -> t.getOrDefault("RUNNING", 0L) >= t.get("DEPLOYING"));
      if (allRunning) {
        running = again.stream().mapToLong(t -> t.get("RUNNING")).max().getAsLong();
      }
    }
    at.put(RecoveryPhases.DEPLOYED, deployed);
    at.put(RecoveryPhases.RUNNING, running);
    at.put(
        RecoveryPhases.FIRST_CHECKPOINT_AFTER_RESTORE,
        running == null ? null : firstCompletedTriggeredAtOrAfter(o.checkpoints(), running));
    return new RecoveryPhases(at, restored == null ? null : restored.id());
  }

  /** The time if it is at or after {@code since}, else null (it belongs to an earlier time). */
  private static Long after(Long t, long since) {
    return t != null && t >= since ? t : null;
  }

  /** The last acknowledgement of the first completed checkpoint triggered at or after a time. */
  static Long firstCompletedTriggeredAtOrAfter(
      Collection<FlinkRest.Checkpoint> checkpoints, long at) {
    return checkpoints.stream()
        .filter(c -> c.status().equals("COMPLETED"))
        .filter(c -> c.triggeredAtMs() >= at && c.latestAckAtMs() > 0)
        .min(Comparator.comparingLong(FlinkRest.Checkpoint::triggeredAtMs))
        .map(FlinkRest.Checkpoint::latestAckAtMs)
        .orElse(null);
  }
}
