package org.recoverybench.engine;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recoverybench.lab.flink.FlinkRest;
import org.recoverybench.result.RecoveryPhases;

/**
 * The phases of a Flink job's recovery from a kill, from what its REST API and its JobManager's log
 * tell (a pure function, tested on replies captured from Flink 2.2):
 *
 * <ul>
 *   <li>{@code detected}: the first failure of the job's exception history at or after the kill
 *       (the history keeps the latest 16: the driver keeps each one it reads while a recovery is
 *       pending);
 *   <li>{@code restarting}: the first time the job switched to {@code RESTARTING} after the kill,
 *       from the JobManager's log (the REST API's {@code timestamps} keep only the latest, which
 *       stands in where the log has none); after a JobManager kill without HA the job was
 *       resubmitted instead, and {@code resubmitted} is the new job's {@code CREATED} timestamp;
 *       with HA the standby created the same job again, {@code taken_over} (its {@code CREATED}
 *       timestamp);
 *   <li>{@code restored_checkpoint}: {@code latest.restored} of the job's checkpoints, where it was
 *       restored after the kill (its id apart): the last restore, that of the attempt that runs;
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
      Collection<Long> failureTimes,
      Map<String, Long> jobStateTimes,
      List<Long> restartsLogged,
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
      // the REST API keeps only the latest RESTARTING: a job that finds no free slot restarts
      // again every second until a TaskManager comes; the JobManager's log has the first
      Long latest = after(o.jobStateTimes().get("RESTARTING"), since);
      Long first =
          o.restartsLogged().stream().filter(t -> t >= since).min(Long::compare).orElse(null);
      at.put(RecoveryPhases.RESTARTING, earliest(first, latest));
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

  /**
   * When the JobManager's log says the job switched to {@code RESTARTING} ({@code Job <name> (<id>)
   * switched from state RUNNING to RESTARTING.}), epoch ms, in the order logged; its layout ({@code
   * flink-conf/log4j.properties}) stamps each line with {@code yyyy-MM-dd HH:mm:ss,SSS} in the
   * JobManager's zone.
   */
  static List<Long> restartsLogged(List<String> jobManagerLog, String jobId, ZoneId zone) {
    String switched = "(" + jobId + ") switched from state ";
    List<Long> out = new ArrayList<>();
    for (String l : jobManagerLog) {
      if (l.length() > 23 && l.contains(switched) && l.endsWith(" to RESTARTING.")) {
        try {
          out.add(
              LocalDateTime.parse(l.substring(0, 23), LOG_TIME)
                  .atZone(zone)
                  .toInstant()
                  .toEpochMilli());
        } catch (DateTimeParseException e) {
          // not a line of the layout: skipped
        }
      }
    }
    return out;
  }

  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  /** The earlier of two times, either of which may be unknown (null). */
  private static Long earliest(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Long.valueOf(Math.min(a, b));
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
