package org.recoverybench.result;

import java.util.List;
import java.util.Map;
import org.recoverybench.check.Accounting;
import org.recoverybench.check.ResumeOffset;

/**
 * One trial's {@code result.json}: the contract that other tools read (DESIGN.md). Field names are
 * written in snake_case. Every figure comes from the run's observations through the checker.
 */
public record TrialResult(
    // identity
    String scenario,
    String engine,
    String variant,
    String sinkMode,
    int trial,
    String runId,
    String command,
    String startedAt,
    long durationMs,
    // counts
    long produced,
    long rowsWritten,
    long distinctWritten,
    long lost,
    long duplicatedIds,
    long extraWrites,
    long unexpected,
    List<Long> lostExamples,
    List<Accounting.DuplicateExample> duplicateExamples,
    // recovery
    Long recoveryFirstWriteMs,
    Long recoveryLagBaselineMs,
    List<FaultRecord> faults,
    List<ResumeOffset> resumeOffsets,
    List<Integer> incarnations,
    // checkpoints
    Checkpoint checkpoint,
    // throughput and latency
    Double throughputPerS,
    Long latencyP50Ms,
    Long latencyP99Ms,
    Flow beforeFault,
    Flow afterFault,
    List<Second> timeline,
    // where it ran
    Map<String, Object> settings,
    Map<String, String> versions,
    Map<String, Object> machine,
    boolean completed,
    String note) {

  /**
   * A fault as it happened: offsets from the trial start, in ms. For a restart fault (damaged
   * checkpoint, upgrade, rescale) also what the engine did at the start: {@code behaviour} (e.g.
   * restored, refused-then-started-without-state), the state it was given ({@code restored_from}),
   * the engine's {@code error} where it refused, and the {@code change} made while the job was
   * down; these are null for other faults.
   */
  public record FaultRecord(
      String type,
      String role,
      Long pid,
      long startedAtMs,
      Long stoppedAtMs,
      Long firstWriteMs,
      Long lagBaselineMs,
      String behaviour,
      String restoredFrom,
      String error,
      String change) {
    public FaultRecord(
        String type,
        String role,
        Long pid,
        long startedAtMs,
        Long stoppedAtMs,
        Long firstWriteMs,
        Long lagBaselineMs) {
      this(
          type,
          role,
          pid,
          startedAtMs,
          stoppedAtMs,
          firstWriteMs,
          lagBaselineMs,
          null,
          null,
          null,
          null);
    }
  }

  /** The engine's checkpoint storage under its own S3 prefix. */
  public record Checkpoint(
      String location,
      long bytes,
      long objects,
      long maxBytes,
      long maxObjects,
      List<PerCheckpoint> perCheckpoint) {}

  /** One checkpoint as the engine reported it (Flink REST) or as S3 shows it (Spark). */
  public record PerCheckpoint(String id, long bytes, Long durationMs, Long completedAtMs) {}

  /**
   * One second of the trial, counted from its start (the origin of the faults' {@code
   * started_at_ms}): visible writes in that second and their latency percentiles.
   */
  public record Second(long second, long writes, Long p50Ms, Long p99Ms) {}

  /** Throughput and latency over a window of the trial. */
  public record Flow(long writes, double perSecond, Long p50Ms, Long p99Ms) {}
}
