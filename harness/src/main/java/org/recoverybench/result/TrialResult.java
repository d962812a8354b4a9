package org.recoverybench.result;

import java.util.List;
import java.util.Map;
import org.recoverybench.check.Accounting;
import org.recoverybench.check.ResumeOffset;

/**
 * One trial's {@code result.json}: the contract that other tools read (docs/design.md). Field names
 * are written in snake_case. Every figure comes from the run's observations through the checker.
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
    String note,
    // bad data: records the engine put in sink_dead_letters (null where not counted)
    Long deadLetters,
    // what the producer did: produced above is what it acknowledged (null in older results)
    Producer producer,
    // what the trial cost the engine: CPU, memory, S3 requests (null in older results)
    TrialCost cost,
    // with keyed state (workload.keys): each key's final state against the produced ids (null
    // without state, and in older results)
    org.recoverybench.check.StateCheck state) {

  /**
   * What the producer did: {@code acknowledged} ids ({@code produced} above, what lost is counted
   * against) of the {@code configured} ones; {@code complete} false, with the {@code error}, when
   * it stopped short; {@code written_unacknowledged}: distinct ids written that it sent but whose
   * acknowledgement it never got (neither lost nor unexpected).
   */
  public record Producer(
      long acknowledged,
      long configured,
      boolean complete,
      String error,
      long writtenUnacknowledged) {}

  /** A result without its cost, as results written before it were. */
  public TrialResult(
      String scenario,
      String engine,
      String variant,
      String sinkMode,
      int trial,
      String runId,
      String command,
      String startedAt,
      long durationMs,
      long produced,
      long rowsWritten,
      long distinctWritten,
      long lost,
      long duplicatedIds,
      long extraWrites,
      long unexpected,
      List<Long> lostExamples,
      List<Accounting.DuplicateExample> duplicateExamples,
      Long recoveryFirstWriteMs,
      Long recoveryLagBaselineMs,
      List<FaultRecord> faults,
      List<ResumeOffset> resumeOffsets,
      List<Integer> incarnations,
      Checkpoint checkpoint,
      Double throughputPerS,
      Long latencyP50Ms,
      Long latencyP99Ms,
      Flow beforeFault,
      Flow afterFault,
      List<Second> timeline,
      Map<String, Object> settings,
      Map<String, String> versions,
      Map<String, Object> machine,
      boolean completed,
      String note,
      Long deadLetters,
      Producer producer) {
    this(
        scenario,
        engine,
        variant,
        sinkMode,
        trial,
        runId,
        command,
        startedAt,
        durationMs,
        produced,
        rowsWritten,
        distinctWritten,
        lost,
        duplicatedIds,
        extraWrites,
        unexpected,
        lostExamples,
        duplicateExamples,
        recoveryFirstWriteMs,
        recoveryLagBaselineMs,
        faults,
        resumeOffsets,
        incarnations,
        checkpoint,
        throughputPerS,
        latencyP50Ms,
        latencyP99Ms,
        beforeFault,
        afterFault,
        timeline,
        settings,
        versions,
        machine,
        completed,
        note,
        deadLetters,
        producer,
        null,
        null);
  }

  /** This result with its cost. */
  public TrialResult withCost(TrialCost c) {
    return with(c, state);
  }

  /** This result with the check of its keyed state. */
  public TrialResult withState(org.recoverybench.check.StateCheck check) {
    return with(cost, check);
  }

  private TrialResult with(TrialCost cost, org.recoverybench.check.StateCheck state) {
    return new TrialResult(
        scenario,
        engine,
        variant,
        sinkMode,
        trial,
        runId,
        command,
        startedAt,
        durationMs,
        produced,
        rowsWritten,
        distinctWritten,
        lost,
        duplicatedIds,
        extraWrites,
        unexpected,
        lostExamples,
        duplicateExamples,
        recoveryFirstWriteMs,
        recoveryLagBaselineMs,
        faults,
        resumeOffsets,
        incarnations,
        checkpoint,
        throughputPerS,
        latencyP50Ms,
        latencyP99Ms,
        beforeFault,
        afterFault,
        timeline,
        settings,
        versions,
        machine,
        completed,
        note,
        deadLetters,
        producer,
        cost,
        state);
  }

  /** A result without the producer's record, as results written before it were. */
  public TrialResult(
      String scenario,
      String engine,
      String variant,
      String sinkMode,
      int trial,
      String runId,
      String command,
      String startedAt,
      long durationMs,
      long produced,
      long rowsWritten,
      long distinctWritten,
      long lost,
      long duplicatedIds,
      long extraWrites,
      long unexpected,
      List<Long> lostExamples,
      List<Accounting.DuplicateExample> duplicateExamples,
      Long recoveryFirstWriteMs,
      Long recoveryLagBaselineMs,
      List<FaultRecord> faults,
      List<ResumeOffset> resumeOffsets,
      List<Integer> incarnations,
      Checkpoint checkpoint,
      Double throughputPerS,
      Long latencyP50Ms,
      Long latencyP99Ms,
      Flow beforeFault,
      Flow afterFault,
      List<Second> timeline,
      Map<String, Object> settings,
      Map<String, String> versions,
      Map<String, Object> machine,
      boolean completed,
      String note,
      Long deadLetters) {
    this(
        scenario,
        engine,
        variant,
        sinkMode,
        trial,
        runId,
        command,
        startedAt,
        durationMs,
        produced,
        rowsWritten,
        distinctWritten,
        lost,
        duplicatedIds,
        extraWrites,
        unexpected,
        lostExamples,
        duplicateExamples,
        recoveryFirstWriteMs,
        recoveryLagBaselineMs,
        faults,
        resumeOffsets,
        incarnations,
        checkpoint,
        throughputPerS,
        latencyP50Ms,
        latencyP99Ms,
        beforeFault,
        afterFault,
        timeline,
        settings,
        versions,
        machine,
        completed,
        note,
        deadLetters,
        null);
  }

  /**
   * A fault as it happened: offsets from the trial start, in ms. {@code detail} says what exactly
   * was done (e.g. the checkpoint in progress at a kill, the poison record's offset); {@code
   * behaviour} what the engine did about it (e.g. job restarts, a dead driver and its error;
   * restored, refused-then-started-without-state). Restart faults (damaged checkpoint, upgrade,
   * rescale) add the state the engine was given ({@code restored_from}), its {@code error} where it
   * refused, and the {@code change} made while the job was down. {@code running_incarnation} is the
   * incarnation the engine ran at the fault, from the history (null where it does not say); a kill
   * has recovered at the first visible write of a higher incarnation, an outage at the first
   * visible write after it ended (see {@code check.FaultPoint}).
   *
   * <p>A kill adds the {@code phases} of its recovery ({@link RecoveryPhases}: each in ms after the
   * kill, in the order they come, null where the phase applies but is not known; the first visible
   * write is {@code first_write_ms}), and {@code restored_checkpoint_id}, the checkpoint a Flink
   * job restored. Both are null for other faults and in older results.
   */
  public record FaultRecord(
      String type,
      String role,
      Long pid,
      long startedAtMs,
      Long stoppedAtMs,
      Long firstWriteMs,
      Long lagBaselineMs,
      String detail,
      String behaviour,
      String restoredFrom,
      String error,
      String change,
      Integer runningIncarnation,
      Map<String, Long> phases,
      Long restoredCheckpointId) {

    /** A fault record without the phases of a recovery, as older results were. */
    public FaultRecord(
        String type,
        String role,
        Long pid,
        long startedAtMs,
        Long stoppedAtMs,
        Long firstWriteMs,
        Long lagBaselineMs,
        String detail,
        String behaviour,
        String restoredFrom,
        String error,
        String change,
        Integer runningIncarnation) {
      this(
          type,
          role,
          pid,
          startedAtMs,
          stoppedAtMs,
          firstWriteMs,
          lagBaselineMs,
          detail,
          behaviour,
          restoredFrom,
          error,
          change,
          runningIncarnation,
          null,
          null);
    }

    /**
     * This record with the phases of its recovery (ms after the kill) and the restored checkpoint.
     */
    public FaultRecord withPhases(Map<String, Long> afterKill, Long restoredCheckpoint) {
      return new FaultRecord(
          type,
          role,
          pid,
          startedAtMs,
          stoppedAtMs,
          firstWriteMs,
          lagBaselineMs,
          detail,
          behaviour,
          restoredFrom,
          error,
          change,
          runningIncarnation,
          afterKill,
          restoredCheckpoint);
    }

    /** A fault record without the incarnation that ran at it, as older results were. */
    public FaultRecord(
        String type,
        String role,
        Long pid,
        long startedAtMs,
        Long stoppedAtMs,
        Long firstWriteMs,
        Long lagBaselineMs,
        String detail,
        String behaviour,
        String restoredFrom,
        String error,
        String change) {
      this(
          type,
          role,
          pid,
          startedAtMs,
          stoppedAtMs,
          firstWriteMs,
          lagBaselineMs,
          detail,
          behaviour,
          restoredFrom,
          error,
          change,
          null);
    }

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
          null,
          null);
    }

    /** An outage or bad-data fault: what was done, and what the engine did. */
    public FaultRecord(
        String type,
        String role,
        Long pid,
        long startedAtMs,
        Long stoppedAtMs,
        Long firstWriteMs,
        Long lagBaselineMs,
        String detail,
        String behaviour) {
      this(
          type,
          role,
          pid,
          startedAtMs,
          stoppedAtMs,
          firstWriteMs,
          lagBaselineMs,
          detail,
          behaviour,
          null,
          null,
          null);
    }

    /** A restart fault: what the engine did at the start, from what, its error, the change. */
    public FaultRecord(
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
      this(
          type,
          role,
          pid,
          startedAtMs,
          stoppedAtMs,
          firstWriteMs,
          lagBaselineMs,
          null,
          behaviour,
          restoredFrom,
          error,
          change);
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
  /**
   * One completed checkpoint: {@code bytes} what it wrote (Flink's increment, Spark's file), {@code
   * stateBytes} the whole state it stands for where the engine says (Flink's {@code state_size};
   * null for Spark and in older results).
   */
  public record PerCheckpoint(
      String id, long bytes, Long durationMs, Long completedAtMs, Long stateBytes) {

    public PerCheckpoint(String id, long bytes, Long durationMs, Long completedAtMs) {
      this(id, bytes, durationMs, completedAtMs, null);
    }
  }

  /**
   * One second of the trial, counted from its start (the origin of the faults' {@code
   * started_at_ms}): visible writes in that second and their latency percentiles.
   */
  public record Second(long second, long writes, Long p50Ms, Long p99Ms) {}

  /** Throughput and latency over a window of the trial. */
  public record Flow(long writes, double perSecond, Long p50Ms, Long p99Ms) {}
}
