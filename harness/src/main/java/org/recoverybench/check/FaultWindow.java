package org.recoverybench.check;

/**
 * When one fault of a trial happened, in epoch ms, as its worker recorded it.
 *
 * @param start the moment the fault landed: the kill signal sent, the proxy cut, the server killed
 * @param stop the moment it ended: the killed process back, the proxy through again, the server
 *     serving again
 * @param zero the zero point of its recovery: the start for a kill (the engine had to recover from
 *     the loss at once), the stop for an outage (the engine kept running and had to resume once the
 *     server was back)
 * @param recoveredBy what counts as recovered (see {@link FaultPoint}): by default a fault counted
 *     from its start needs a new incarnation, one counted from its stop may recover in the same
 */
public record FaultWindow(long start, long stop, long zero, FaultPoint.RecoveredBy recoveredBy) {
  public FaultWindow(long start, long stop, long zero) {
    this(
        start,
        stop,
        zero,
        zero == start && zero != stop
            ? FaultPoint.RecoveredBy.NEW_INCARNATION
            : FaultPoint.RecoveredBy.SAME_INCARNATION);
  }

  public FaultWindow {
    if (stop < start || (zero != start && zero != stop)) {
      throw new IllegalArgumentException(
          "a fault window runs from its start to its stop, and counts from one of them: " + this);
    }
  }

  /** The same window with what counts as its recovery. */
  public FaultWindow recoveredBy(FaultPoint.RecoveredBy by) {
    return new FaultWindow(start, stop, zero, by);
  }

  /**
   * The fault as the recovery measure sees it, run by the incarnation {@code running}. A job taken
   * over by a standby counts from the kill, and its writes from the stop (the job running again).
   */
  public FaultPoint point(Integer running) {
    if (recoveredBy == FaultPoint.RecoveredBy.TAKEN_OVER) {
      return FaultPoint.takenOver(zero, stop);
    }
    return new FaultPoint(zero, zero, recoveredBy, running);
  }

  /**
   * The leader killed at {@code start}, its job taken over by a standby and running again at {@code
   * stop}: recovery counts from the kill.
   */
  public static FaultWindow takenOver(long start, long stop) {
    return new FaultWindow(start, stop, start, FaultPoint.RecoveredBy.TAKEN_OVER);
  }

  /** A kill, a restart, bad data: recovery counts from the start. */
  public static FaultWindow fromStart(long start, long stop) {
    return new FaultWindow(start, stop, start, FaultPoint.RecoveredBy.NEW_INCARNATION);
  }

  /** An outage: recovery counts from the stop. */
  public static FaultWindow fromStop(long start, long stop) {
    return new FaultWindow(start, stop, stop, FaultPoint.RecoveredBy.SAME_INCARNATION);
  }
}
