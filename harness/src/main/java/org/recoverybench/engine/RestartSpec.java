package org.recoverybench.engine;

/**
 * A stop, a change, and a start of the same job or app, as an operator does it for an upgrade, a
 * rescale, or after a crash whose checkpoint was then damaged.
 *
 * @param stop how the running job or app ends
 * @param parallelism the parallelism of the new start (Flink: job parallelism; Spark: {@code
 *     local[N]} cores); 0 keeps the scenario's
 * @param extraOperator the new start runs the upgraded code, with one more operator
 * @param explicitUids Flink: the new start sets explicit operator uids (the job's default); Spark
 *     ignores it
 * @param change run between the stop and the start (e.g. damage the latest checkpoint); returns a
 *     line saying what it did, or null; may be null
 */
public record RestartSpec(
    Stop stop, int parallelism, boolean extraOperator, boolean explicitUids, Change change) {

  /** How the running job or app ends before the start. */
  public enum Stop {
    /** {@code kill -9} of the process that holds the job (Flink JobManager, Spark driver). */
    KILL,
    /** Flink: cancel (the checkpoints are retained); Spark: SIGTERM (a graceful stop). */
    CANCEL,
    /** Flink: stop-with-savepoint; Spark, which has no savepoints: SIGTERM. */
    SAVEPOINT
  }

  /** What is done while the job is down. */
  @FunctionalInterface
  public interface Change {
    String apply(EngineDriver driver);
  }
}
