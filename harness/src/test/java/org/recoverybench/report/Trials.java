package org.recoverybench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recoverybench.check.ResumeOffset;
import org.recoverybench.result.TrialResult;

/** Hand-written trial results for the report's unit tests: defaults plus what a test sets. */
final class Trials {
  String scenario = "baseline";
  String engine = "flink";
  String variant = "datastream";
  String sinkMode = "exactly-once";
  int trial = 1;
  long produced = 1000;
  long lost;
  long duplicated;
  Long firstWrite;
  Long lagBack;
  long durationMs = 60_000;
  String startingOffsets;
  List<TrialResult.FaultRecord> faults = new ArrayList<>();
  List<ResumeOffset> resumes = new ArrayList<>();
  List<TrialResult.PerCheckpoint> checkpoints = new ArrayList<>();
  long checkpointBytes = 10_240;
  long checkpointObjects = 4;
  Double throughput = 500.0;
  Long p50 = 900L;
  Long p99 = 4_000L;
  TrialResult.Flow before;
  TrialResult.Flow after;
  List<TrialResult.Second> timeline = new ArrayList<>();
  Map<String, Object> machine = new LinkedHashMap<>(Map.of("cores", 2, "load_average_1m", 1.5));

  static Trials of(String scenario, String engine, String variant, String sinkMode) {
    Trials t = new Trials();
    t.scenario = scenario;
    t.engine = engine;
    t.variant = variant;
    t.sinkMode = sinkMode;
    return t;
  }

  Trials trial(int n) {
    trial = n;
    return this;
  }

  Trials harm(long lost, long duplicated) {
    this.lost = lost;
    this.duplicated = duplicated;
    return this;
  }

  /** A kill at 20 s whose restart wrote first after {@code ms}. */
  Trials fault(String type, Long ms) {
    faults.add(new TrialResult.FaultRecord(type, "x", 42L, 20_000, 21_000L, ms, ms));
    firstWrite = ms;
    lagBack = ms == null ? null : ms + 1_000;
    before = new TrialResult.Flow(10_000, 500.0, 800L, 3_000L);
    after = new TrialResult.Flow(9_000, 450.0, 1_000L, 5_000L);
    return this;
  }

  /** Partition p resumed at {@code from}, having last written {@code last}. */
  Trials resume(int p, long from, Long last, Long checkpointed, Long committed) {
    long replayed = last == null ? 0 : Math.max(0, last + 1 - from);
    long skipped = last == null ? 0 : Math.max(0, from - (last + 1));
    resumes.add(
        new ResumeOffset(p, 2, from, last, checkpointed, committed, replayed, skipped, "unknown"));
    return this;
  }

  Trials checkpointsEvery(long ms, int count) {
    for (int i = 0; i < count; i++) {
      checkpoints.add(new TrialResult.PerCheckpoint("chk-" + i, 1000, 100L, 1_000_000 + i * ms));
    }
    return this;
  }

  TrialResult build() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("workload", Map.of("partitions", 3, "records", produced, "rate_per_second", 500));
    settings.put("checkpoint_interval_ms", 5000L);
    settings.put("session_timeout_ms", 6000L);
    settings.put("heartbeat_interval_ms", 2000L);
    settings.put("parallelism", 1);
    settings.put("engine", Map.of("sink_mode", sinkMode));
    if (startingOffsets != null) {
      settings.put("starting_offsets", startingOffsets);
    }
    return new TrialResult(
        scenario,
        engine,
        variant,
        sinkMode,
        trial,
        scenario + "-" + engine + "-" + variant + "-t" + trial,
        "recoverybench compare --trials 3",
        "2026-11-24T00:00:00Z",
        durationMs,
        produced,
        produced + duplicated - lost,
        produced - lost,
        lost,
        duplicated,
        duplicated,
        0,
        List.of(),
        List.of(),
        firstWrite,
        lagBack,
        faults,
        resumes,
        List.of(1, 2),
        new TrialResult.Checkpoint(
            "s3://b/p/",
            checkpointBytes,
            checkpointObjects,
            checkpointBytes,
            checkpointObjects,
            checkpoints),
        throughput,
        p50,
        p99,
        before,
        after,
        timeline,
        settings,
        Map.of("flink", "2.2.0", "spark", "4.2.0"),
        machine,
        true,
        "",
        null);
  }

  ReportModel.Trial trialData(List<ReportModel.Sample> samples) {
    return new ReportModel.Trial(build(), java.nio.file.Path.of("."), samples);
  }

  static ReportModel model(List<ReportModel.Trial> trials) {
    return ReportModel.of(Map.of(), trials);
  }
}
