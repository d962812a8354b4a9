package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.recoverybench.result.TrialResult;

/**
 * The workload a trial ran, as the report states its length: the records, their rate, and the
 * seconds of production they make; with an open-ended producer ({@code run.tail_after_recovery}),
 * how long production went on after the recovery. Read from {@code settings.workload} and {@code
 * settings.tail_after_recovery_ms} of a {@code result.json}.
 */
final class Workload {
  private Workload() {}

  /**
   * {@code 15000 records at 500 records/s (30.0 s of production), 3 partitions, 64-byte payloads},
   * then {@code , production on until 60.0 s after the recovery} for an open-ended producer; "–"
   * where the result has no workload.
   */
  static String describe(TrialResult r) {
    Map<String, Object> s = r.settings() == null ? Map.of() : r.settings();
    if (!(s.get("workload") instanceof Map<?, ?> w)) {
      return "–";
    }
    Long records = Format.asLong(w.get("records"));
    Long rate = Format.asLong(w.get("rate_per_second"));
    List<String> parts = new ArrayList<>();
    if (records != null) {
      parts.add(
          records
              + " records"
              + (rate != null && rate > 0
                  ? " at "
                      + rate
                      + " records/s ("
                      + Format.secs(records * 1000 / rate)
                      + " of"
                      + " production)"
                  : ""));
    }
    Long partitions = Format.asLong(w.get("partitions"));
    if (partitions != null) {
      parts.add(partitions + (partitions == 1 ? " partition" : " partitions"));
    }
    Long payload = Format.asLong(w.get("payload_bytes"));
    if (payload != null) {
      parts.add(payload + "-byte payloads");
    }
    Long tail = Format.asLong(s.get("tail_after_recovery_ms"));
    if (tail != null) {
      parts.add("production on until " + Format.secs(tail) + " after the recovery");
    }
    return parts.isEmpty() ? "–" : String.join(", ", parts);
  }

  /** The distinct workloads of a report's trials, in the model's order. */
  static List<String> of(ReportModel m) {
    return m.allResults().stream().map(Workload::describe).distinct().toList();
  }

  /**
   * The length of the trials as run: the ids each produced and the seconds each lasted, median
   * (min–max) over every finished trial.
   */
  static String asRun(ReportModel m) {
    List<Long> produced = new ArrayList<>();
    List<Long> duration = new ArrayList<>();
    for (TrialResult r : m.allResults()) {
      produced.add(r.produced());
      duration.add(r.durationMs());
    }
    return "each trial produced "
        + Stat.of(produced).format()
        + " ids and lasted "
        + Stat.of(duration).seconds();
  }
}
