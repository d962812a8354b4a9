package org.recoverybench.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recoverybench.lab.flink.FlinkRest;
import org.recoverybench.result.TrialResult;

/**
 * What the REST API of a Flink cluster tells of the trial's jobs: their state, restarts, failures
 * and checkpoints; and the error lines of {@code flink run} and of stack traces, made short.
 */
final class FlinkJobStatus {
  private FlinkJobStatus() {}

  /** The first line of the job's failure and its root cause, from the REST API. */
  static String failureCause(FlinkRest rest, String id) {
    Optional<FlinkRest.Exceptions> ex = rest.exceptions(id, 1);
    if (ex.isEmpty()) {
      return "no exception reported";
    }
    String trace = ex.get().rootException();
    if (trace.isEmpty() && !ex.get().history().isEmpty()) {
      trace = ex.get().history().get(0);
    }
    return causeLine(trace);
  }

  /** The root cause that {@code flink run} printed: its last "Caused by", else its last line. */
  static String cliError(String output) {
    String last = "";
    String cause = null;
    for (String l : output.lines().map(String::strip).toList()) {
      if (l.startsWith("Caused by: ")) {
        cause = l.substring("Caused by: ".length());
      }
      if (!l.isEmpty()) {
        last = l;
      }
    }
    return cause != null ? cause : last;
  }

  /** {@code first line [root cause: last "Caused by" line]} of a stack trace. */
  static String causeLine(String trace) {
    List<String> lines = trace.lines().map(String::strip).toList();
    if (lines.isEmpty()) {
      return "no exception reported";
    }
    String first = lines.get(0);
    String root = null;
    for (String l : lines) {
      if (l.startsWith("Caused by: ")) {
        root = l.substring("Caused by: ".length());
      }
    }
    return root == null || root.equals(first) ? first : first + " [root cause: " + root + "]";
  }

  /** The last {@code Caused by:} line of a stack trace, or its first line; at most 200 chars. */
  static String rootCause(String trace) {
    String root = trace.lines().findFirst().orElse("");
    for (String l : trace.lines().toList()) {
      if (l.startsWith("Caused by: ")) {
        root = l.substring("Caused by: ".length());
      }
    }
    return root.length() > 200 ? root.substring(0, 200) + "..." : root;
  }

  /**
   * The job's state, its restarts ({@code numRestarts}), its failures (entries of the exception
   * history), checkpoints completed and failed, and the root cause of its latest exception, from
   * the REST API; plus how often the job was submitted.
   */
  static Map<String, Object> status(FlinkRest rest, String jobId, int submissions) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_state", rest.jobState(jobId).orElse("unknown"));
    m.put("job_submissions", (long) submissions);
    try {
      rest.jobMetric(jobId, "numRestarts").ifPresent(n -> m.put("restarts", n));
      rest.checkpointCounts(jobId)
          .ifPresent(
              c -> {
                m.put("checkpoints_completed", c.completed());
                m.put("checkpoints_failed", c.failed());
              });
      rest.exceptions(jobId, 1000)
          .ifPresent(
              ex -> {
                // each entry is one failure that the job failed over from (or failed on); the
                // history keeps web.exception-history-size (16) of them
                m.put("failures", (long) ex.history().size());
                if (!ex.history().isEmpty()) {
                  m.put("last_exception", rootCause(ex.history().get(0)));
                }
              });
    } catch (RuntimeException e) {
      m.put("status_error", e.getMessage());
    }
    return m;
  }

  /** The completed checkpoints of every job, as {@code job/chk-N}, in the order completed. */
  static List<TrialResult.PerCheckpoint> checkpoints(FlinkRest rest, List<String> jobIds) {
    List<TrialResult.PerCheckpoint> out = new ArrayList<>();
    for (String id : jobIds) {
      for (FlinkRest.Checkpoint c : rest.checkpointHistory(id)) {
        if (c.status().equals("COMPLETED")) {
          out.add(
              new TrialResult.PerCheckpoint(
                  id.substring(0, 8) + "/chk-" + c.id(),
                  c.sizeBytes(),
                  c.endToEndMs(),
                  c.latestAckAtMs(),
                  c.stateBytes()));
        }
      }
    }
    out.sort(Comparator.comparing(TrialResult.PerCheckpoint::completedAtMs));
    return out;
  }

  /** The id of a checkpoint IN_PROGRESS in {@code /jobs/<id>/checkpoints}, as {@code job/chk-N}. */
  static String checkpointInProgress(FlinkRest rest, String jobId) {
    for (FlinkRest.Checkpoint c : rest.checkpointHistory(jobId)) {
      if (c.status().equals("IN_PROGRESS")) {
        return jobId.substring(0, 8) + "/chk-" + c.id();
      }
    }
    return null;
  }

  /** The status of checkpoint {@code job/chk-N} of one of the jobs, or null if none knows it. */
  static String checkpointStatus(FlinkRest rest, List<String> jobIds, String id) {
    String[] parts = id.split("/chk-", 2);
    for (String job : jobIds) {
      if (job.startsWith(parts[0])) {
        Optional<String> status = rest.checkpointStatus(job, Long.parseLong(parts[1]));
        if (status.isPresent()) {
          return status.get();
        }
      }
    }
    return null;
  }
}
