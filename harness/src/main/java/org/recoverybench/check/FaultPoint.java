package org.recoverybench.check;

/**
 * One fault as the recovery measure sees it.
 *
 * <p>What "recovered" means depends on what the fault did to the process that runs the work:
 *
 * <ul>
 *   <li>{@link RecoveredBy#NEW_INCARNATION}: the fault ended that process (a kill of a TaskManager,
 *       a JobManager or a driver; a restart, an upgrade). Whatever the old incarnation still makes
 *       visible after the zero point (a commit in flight, a prepared transaction a restore commits)
 *       is not recovery: recovered means the first visible write of an incarnation above {@code
 *       runningIncarnation}, the one that ran at the zero point, i.e. one that started after it.
 *   <li>{@link RecoveredBy#SAME_INCARNATION}: the work may go on in the same incarnation (an outage
 *       of a server, a Spark executor kill where the driver lives on, a poison record). Recovered
 *       means the first visible write, of any incarnation, at or after {@code end}: the moment the
 *       fault was over (the server back; for a fault with no end of its own, the zero point).
 *   <li>{@link RecoveredBy#TAKEN_OVER}: the fault ended the process that led the work, and a
 *       standby took the same job over (Flink's JobManager with high availability). The job's tasks
 *       start again under the incarnation numbers they had (a new leader counts attempts from 0),
 *       so no incarnation tells the new tasks' writes from the old ones': recovered means the first
 *       visible write at or after {@code end}, the moment the engine reports the job running again,
 *       counted from {@code zero}, the kill.
 * </ul>
 *
 * @param zero when the fault landed: recovery times count from here
 * @param end when the fault was over; the zero point for a fault without a duration
 * @param recoveredBy what counts as recovered
 * @param runningIncarnation the incarnation the engine ran at the zero point, as the history
 *     records it; null when the history does not say (then, as a fallback, the highest incarnation
 *     that wrote before the zero point stands for it)
 */
public record FaultPoint(long zero, long end, RecoveredBy recoveredBy, Integer runningIncarnation) {

  /** What counts as recovered, see {@link FaultPoint}. */
  public enum RecoveredBy {
    NEW_INCARNATION,
    SAME_INCARNATION,
    TAKEN_OVER
  }

  public FaultPoint {
    if (end < zero) {
      throw new IllegalArgumentException(
          "a fault that ended (" + end + ") before it landed " + zero);
    }
  }

  /** A kill (or restart) at {@code zero} of the process that ran incarnation {@code running}. */
  public static FaultPoint kill(long zero, Integer running) {
    return new FaultPoint(zero, zero, RecoveredBy.NEW_INCARNATION, running);
  }

  /**
   * A kill at {@code zero} of the leader whose job a standby took over, running again at {@code
   * end}.
   */
  public static FaultPoint takenOver(long zero, long end) {
    return new FaultPoint(zero, end, RecoveredBy.TAKEN_OVER, null);
  }

  /** A fault the engine may ride out in the same incarnation, from {@code zero} to {@code end}. */
  public static FaultPoint sameIncarnation(long zero, long end, Integer running) {
    return new FaultPoint(zero, end, RecoveredBy.SAME_INCARNATION, running);
  }
}
