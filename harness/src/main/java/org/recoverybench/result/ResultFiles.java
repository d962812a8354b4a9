package org.recoverybench.result;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Writing and reading {@code result.json} and {@code summary.csv}. */
public final class ResultFiles {
  public static final String RESULT = "result.json";
  public static final String SUMMARY = "summary.csv";
  public static final List<String> SUMMARY_COLUMNS =
      List.of(
          "scenario",
          "engine",
          "variant",
          "sink_mode",
          "trial",
          "produced",
          "rows_written",
          "distinct_written",
          "lost",
          "duplicated_ids",
          "extra_writes",
          "recovery_first_write_ms",
          "recovery_lag_baseline_ms",
          "checkpoint_bytes",
          "checkpoint_objects",
          "throughput_per_s",
          "latency_p50_ms",
          "latency_p99_ms",
          "completed",
          "result");

  private ResultFiles() {}

  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** Writes {@code dir/result.json} atomically and appends a row to {@code root/summary.csv}. */
  public static Path write(Path root, Path dir, TrialResult r) {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(RESULT + ".tmp");
      mapper().writeValue(tmp.toFile(), r);
      Path target = dir.resolve(RESULT);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      appendSummary(root, root.relativize(target).toString(), r);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the result in " + dir + ": " + e.getMessage(), e);
    }
  }

  public static TrialResult read(Path file) {
    try {
      return mapper().readValue(file.toFile(), TrialResult.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // one line: the file, where in it, and what is wrong (not the parser's source dump)
      var at = e.getLocation();
      throw new BadResultException(
          file
              + (at != null ? ":" + at.getLineNr() + ":" + at.getColumnNr() : "")
              + ": not a valid result: "
              + e.getOriginalMessage().replaceAll("\\s+", " "),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Every result.json under a directory, in path order. */
  public static List<Path> find(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().equals(RESULT)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  static String summaryRow(String path, TrialResult r) {
    List<Object> v = new ArrayList<>();
    v.add(r.scenario());
    v.add(r.engine());
    v.add(r.variant());
    v.add(r.sinkMode());
    v.add(r.trial());
    v.add(r.produced());
    v.add(r.rowsWritten());
    v.add(r.distinctWritten());
    v.add(r.lost());
    v.add(r.duplicatedIds());
    v.add(r.extraWrites());
    v.add(r.recoveryFirstWriteMs());
    v.add(r.recoveryLagBaselineMs());
    v.add(r.checkpoint() == null ? null : r.checkpoint().bytes());
    v.add(r.checkpoint() == null ? null : r.checkpoint().objects());
    v.add(
        r.throughputPerS() == null ? null : String.format(Locale.ROOT, "%.1f", r.throughputPerS()));
    v.add(r.latencyP50Ms());
    v.add(r.latencyP99Ms());
    v.add(r.completed());
    v.add(path);
    return String.join(",", v.stream().map(o -> o == null ? "" : csv(o.toString())).toList());
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static synchronized void appendSummary(Path root, String path, TrialResult r)
      throws IOException {
    Path summary = root.resolve(SUMMARY);
    if (!Files.exists(summary)) {
      Files.writeString(summary, String.join(",", SUMMARY_COLUMNS) + "\n", StandardCharsets.UTF_8);
    }
    Files.writeString(
        summary, summaryRow(path, r) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }
}
