package org.recoverybench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.recoverybench.check.ResumeOffset;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;

/**
 * {@code report.md}: every trial of a results directory in one table, with the definitions of the
 * measures. Every figure is read from the result.json files beside it.
 */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static Path write(Path resultsDir) {
    List<TrialResult> results = new ArrayList<>();
    for (Path f : ResultFiles.find(resultsDir)) {
      results.add(ResultFiles.read(f));
    }
    results.sort(
        Comparator.comparing(TrialResult::scenario)
            .thenComparing(TrialResult::engine)
            .thenComparing(TrialResult::variant)
            .thenComparingInt(TrialResult::trial));
    Path out = resultsDir.resolve("report.md");
    try {
      Files.writeString(out, render(results), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
    return out;
  }

  static String render(List<TrialResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append("# recoverybench results\n\n");
    if (!results.isEmpty()) {
      sb.append("Produced by: `").append(results.get(0).command()).append("`\n\n");
    }
    sb.append(
            "| scenario | engine / variant / sink | trial | produced | written | distinct | lost |")
        .append(" duplicated ids | extra writes | first write after fault | lag back at baseline |")
        .append(" resume vs. last written (per partition) | checkpoint bytes / objects |")
        .append(" writes/s | latency p50 / p99 |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
    for (TrialResult r : results) {
      sb.append("| ")
          .append(r.scenario())
          .append(" | ")
          .append(r.engine())
          .append(" / ")
          .append(r.variant())
          .append(" / ")
          .append(r.sinkMode())
          .append(" | ")
          .append(r.trial())
          .append(" | ")
          .append(r.produced())
          .append(" | ")
          .append(r.rowsWritten())
          .append(" | ")
          .append(r.distinctWritten())
          .append(" | ")
          .append(r.lost())
          .append(" | ")
          .append(r.duplicatedIds())
          .append(" | ")
          .append(r.extraWrites())
          .append(" | ")
          .append(ms(r.recoveryFirstWriteMs()))
          .append(" | ")
          .append(ms(r.recoveryLagBaselineMs()))
          .append(" | ")
          .append(resume(r.resumeOffsets()))
          .append(" | ")
          .append(
              r.checkpoint() == null
                  ? "-"
                  : r.checkpoint().bytes() + " / " + r.checkpoint().objects())
          .append(" | ")
          .append(
              r.throughputPerS() == null
                  ? "-"
                  : String.format(java.util.Locale.ROOT, "%.0f", r.throughputPerS()))
          .append(" | ")
          .append(ms(r.latencyP50Ms()))
          .append(" / ")
          .append(ms(r.latencyP99Ms()))
          .append(" |\n");
    }
    sb.append("\n## Definitions\n\n");
    sb.append("- **lost**: ids produced but never written to the sink.\n");
    sb.append(
        "- **duplicated ids**: ids written more than once; **extra writes**: writes beyond the first of each id.\n");
    sb.append(
        "- **first write after fault**: from the `kill -9` (or stop) to the first write of a newer incarnation (for a Spark executor kill, where the driver lives on: the first write after the kill).\n");
    sb.append(
        "- **lag back at baseline**: from the fault until the sink lag (ids produced so far minus distinct ids written) is at or below max(2 × its median over the 10 s before the fault, that median + one second of production) for 3 samples in a row.\n");
    sb.append(
        "- **resume vs. last written**: per partition, the lowest offset the new incarnation wrote against the highest offset written before it; `+n replayed` re-read n records, `-n skipped` jumped over n.\n");
    sb.append(
        "- **checkpoint bytes / objects**: what was stored under the trial's own S3 prefix when the trial ended.\n");
    sb.append(
        "- **latency**: when the write became visible (its transaction's commit time in PostgreSQL, from `track_commit_timestamp`; for a prepared transaction that is `COMMIT PREPARED`) minus the event time stamped by the producer. Recovery times use the same visibility time.\n");
    return sb.toString();
  }

  private static String ms(Long v) {
    return v == null ? "-" : v + " ms";
  }

  static String resume(List<ResumeOffset> offsets) {
    if (offsets == null || offsets.isEmpty()) {
      return "-";
    }
    return offsets.stream()
        .map(
            o ->
                "p"
                    + o.partition()
                    + "@"
                    + o.resumedFrom()
                    + (o.replayed() > 0 ? " +" + o.replayed() + " replayed" : "")
                    + (o.skipped() > 0 ? " -" + o.skipped() + " skipped" : "")
                    + (o.replayed() == 0 && o.skipped() == 0 ? " exact" : ""))
        .collect(Collectors.joining("; "));
  }
}
