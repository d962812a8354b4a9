package org.recoverybench.decision;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's state at the end of a trial, read from the behaviour its faults recorded ({@code
 * driver_alive=false}, {@code job_state=FAILED}, a failed batch, an exception). A trial without a
 * behaviour record (a plain kill, the baseline) ended with the engine running: the runner drains
 * and stops it gracefully.
 *
 * @param halted the engine was not running at the end, or restarting in a loop
 * @param reportedFailure the engine reported a failure of its own during the trial
 * @param detail what was read, for the report
 */
public record EngineState(boolean halted, boolean reportedFailure, String detail) {

  public static final EngineState UNKNOWN = new EngineState(false, false, "unknown");
  public static final EngineState RUNNING = new EngineState(false, false, "running");

  private static final Pattern JOB_STATE = Pattern.compile("job_state=([A-Z_]+)");
  private static final Pattern DRIVER_ALIVE = Pattern.compile("driver_alive=(true|false)");
  private static final Pattern CHANGE = Pattern.compile("(\\w+) (\\d+)->(\\d+)");

  /** The state after the last fault that recorded one; running when none did. */
  public static EngineState atEnd(List<String> behaviours) {
    EngineState s = RUNNING;
    boolean failed = false;
    for (String b : behaviours) {
      if (b == null || b.isBlank()) {
        continue;
      }
      EngineState one = of(b);
      failed |= one.reportedFailure();
      s = one;
    }
    return new EngineState(s.halted(), failed, s.detail());
  }

  /** One behaviour record. */
  static EngineState of(String behaviour) {
    boolean halted = false;
    String detail = "running";
    Matcher job = JOB_STATE.matcher(behaviour);
    if (job.find()) {
      String state = job.group(1);
      halted = !state.equals("RUNNING") && !state.equals("FINISHED");
      detail = "Flink job " + state;
    }
    Matcher driver = DRIVER_ALIVE.matcher(behaviour);
    if (driver.find()) {
      halted = driver.group(1).equals("false");
      detail = halted ? "Spark driver exited" : "Spark driver running";
    }
    return new EngineState(halted, reportsFailure(behaviour), detail);
  }

  /** A failed batch, a job failure, or an error the engine logged. */
  private static boolean reportsFailure(String behaviour) {
    if (behaviour.contains("last_error=") || behaviour.contains("last_exception=")) {
      return true;
    }
    Matcher m = CHANGE.matcher(behaviour);
    while (m.find()) {
      String what = m.group(1);
      boolean grew = Long.parseLong(m.group(3)) > Long.parseLong(m.group(2));
      if (grew && (what.equals("failed_batch_jobs") || what.equals("failures"))) {
        return true;
      }
    }
    return false;
  }
}
