package org.recoverybench.engine;

/**
 * What an engine did at a {@link RestartSpec}'s start.
 *
 * @param behaviour one of {@link #RESTORED}, {@link #NEW_CONTEXT}, {@link #STARTED_EMPTY}, {@link
 *     #REFUSED_STARTED_EMPTY}
 * @param restoredFrom the checkpoint or savepoint the start was given (Flink) or the checkpoint
 *     directory (Spark); null if none
 * @param error the engine's error where it refused to start from its checkpoint; null otherwise
 * @param change what was changed while the job was down; null if nothing
 */
public record RestartOutcome(String behaviour, String restoredFrom, String error, String change) {
  /** Started from the checkpoint or savepoint (Flink) or recovered its context (Spark). */
  public static final String RESTORED = "restored";

  /** Spark: the driver built a new StreamingContext (no usable checkpoint, or as written). */
  public static final String NEW_CONTEXT = "new-context";

  /** No checkpoint was left to restore from, so the job started without state. */
  public static final String STARTED_EMPTY = "started-without-state";

  /**
   * The engine refused to start from the checkpoint (the error says why); the operator then started
   * it without state (Flink: no {@code -s}; Spark: an empty checkpoint directory).
   */
  public static final String REFUSED_STARTED_EMPTY = "refused-then-started-without-state";
}
