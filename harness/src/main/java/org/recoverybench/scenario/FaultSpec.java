package org.recoverybench.scenario;

import java.time.Duration;
import java.util.Set;

/**
 * One fault of a schedule: what, when it starts, and how long until it stops (the restart).
 *
 * @param type the fault, one of {@link #TYPES}
 * @param at start this long after the workload starts; or null
 * @param afterCheckpoints start once this many checkpoints (Flink) or batches (Spark) have
 *     completed since the workload started; or 0
 * @param midBatch with afterCheckpoints: start halfway into the next interval rather than right
 *     after the checkpoint
 * @param duration how long the fault lasts: the time between a kill and the restart
 */
public record FaultSpec(
    String type, Duration at, int afterCheckpoints, boolean midBatch, Duration duration) {

  public static final String KILL_TASKMANAGER = "kill-taskmanager";
  public static final String KILL_JOBMANAGER = "kill-jobmanager";
  public static final String KILL_DRIVER = "kill-driver";
  public static final String KILL_EXECUTOR = "kill-executor";
  public static final String GRACEFUL_RESTART = "graceful-restart";

  public static final Set<String> TYPES =
      Set.of(KILL_TASKMANAGER, KILL_JOBMANAGER, KILL_DRIVER, KILL_EXECUTOR, GRACEFUL_RESTART);

  /** Which engines a fault applies to. */
  public boolean appliesTo(String engine) {
    return switch (type) {
      case KILL_TASKMANAGER, KILL_JOBMANAGER -> engine.equals("flink");
      case KILL_DRIVER, KILL_EXECUTOR -> engine.equals("spark");
      default -> true;
    };
  }
}
