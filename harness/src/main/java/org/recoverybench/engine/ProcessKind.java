package org.recoverybench.engine;

/**
 * The kind of engine process a kill hits, as faults name it; each engine driver maps it to one of
 * its roles ({@link EngineDriver#roleOf}).
 */
public enum ProcessKind {
  /** The process that holds the job: Flink's JobManager, Spark's driver. */
  COORDINATOR,
  /** A process that runs the job's tasks: a Flink TaskManager, a Spark executor. */
  WORKER,
  /** The process that writes the checkpoint: a Flink TaskManager, the Spark driver. */
  CHECKPOINT_WRITER
}
