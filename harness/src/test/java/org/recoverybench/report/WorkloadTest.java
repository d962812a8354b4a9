package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recoverybench.result.TrialResult;

/** The workload's length as the report states it, and the units of the per-trial table. */
class WorkloadTest {

  private static TrialResult withSettings(TrialResult r, Map<String, Object> settings) {
    TrialResult.Checkpoint c = r.checkpoint();
    Map<String, Object> s = new LinkedHashMap<>(r.settings());
    s.putAll(settings);
    return new TrialResult(
        r.scenario(),
        r.engine(),
        r.variant(),
        r.sinkMode(),
        r.trial(),
        r.runId(),
        r.command(),
        r.startedAt(),
        r.durationMs(),
        r.produced(),
        r.rowsWritten(),
        r.distinctWritten(),
        r.lost(),
        r.duplicatedIds(),
        r.extraWrites(),
        r.unexpected(),
        r.lostExamples(),
        r.duplicateExamples(),
        r.recoveryFirstWriteMs(),
        r.recoveryLagBaselineMs(),
        r.faults(),
        r.resumeOffsets(),
        r.incarnations(),
        c,
        r.throughputPerS(),
        r.latencyP50Ms(),
        r.latencyP99Ms(),
        r.beforeFault(),
        r.afterFault(),
        r.timeline(),
        s,
        r.versions(),
        r.machine(),
        r.completed(),
        r.note(),
        r.deadLetters(),
        r.producer(),
        r.cost(),
        r.state());
  }

  @Test
  void theWorkloadGivesItsRecordsRateAndSecondsOfProduction() {
    Trials t = Trials.of("baseline", "flink", "datastream", "exactly-once");
    t.produced = 15_000;
    TrialResult r =
        withSettings(
            t.build(),
            Map.of(
                "workload",
                Map.of(
                    "partitions",
                    3,
                    "records",
                    15_000,
                    "rate_per_second",
                    500,
                    "payload_bytes",
                    64)));
    assertThat(Workload.describe(r))
        .isEqualTo(
            "15000 records at 500 records/s (30.0 s of production), 3 partitions, 64-byte"
                + " payloads");
    TrialResult tail = withSettings(r, Map.of("tail_after_recovery_ms", 60_000L));
    assertThat(Workload.describe(tail))
        .isEqualTo(
            "15000 records at 500 records/s (30.0 s of production), 3 partitions, 64-byte"
                + " payloads, production on until 60.0 s after the recovery");
  }

  @Test
  void theReportStatesTheWorkloadAndGivesCheckpointSizesInKiB() {
    Trials a = Trials.of("baseline", "flink", "datastream", "exactly-once");
    a.durationMs = 40_000;
    Trials b = Trials.of("baseline", "flink", "datastream", "exactly-once").trial(2);
    b.durationMs = 50_000;
    b.checkpointBytes = 20_480;
    Trials c = Trials.of("baseline", "flink", "datastream", "exactly-once").trial(3);
    c.durationMs = 90_000;
    String md =
        Report.build(
                Trials.model(
                    List.of(
                        a.trialData(List.of()), b.trialData(List.of()), c.trialData(List.of()))))
            .markdown();
    assertThat(md)
        .contains(
            "Workload: 1000 records at 500 records/s (2.0 s of production), 3 partitions; each"
                + " trial produced 1000 ids and lasted 50.0 (40.0–90.0) s.")
        .contains(
            "| flink / datastream / exactly-once | 1000 records at 500 records/s (2.0 s of"
                + " production), 3 partitions | 5.0 s |")
        .contains("| checkpoint KiB / objects | complete |")
        .contains("| 0 | – | – | – | 10 / 4 | yes |")
        .contains("| 0 | – | – | – | 20 / 4 | yes |");
  }
}
