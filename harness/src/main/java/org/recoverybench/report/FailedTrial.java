package org.recoverybench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.recoverybench.result.ResultFiles;

/**
 * A trial that did not finish: its directory ({@code <scenario>/<engine>-<variant>-<sink
 * mode>/trial-<n>/}) holds {@code error.txt} and no {@code result.json}. The report counts it in
 * its totals and shows it as "failed" wherever it would have counted.
 */
record FailedTrial(
    String scenario, String engine, String variant, String sinkMode, int trial, String reason) {
  static final String ERROR = "error.txt";

  /** Sink modes, longest first: the end of a trial's target directory name. */
  private static final List<String> SINK_MODES = List.of("exactly-once", "upsert", "append");

  String target() {
    return engine + " / " + variant + " / " + sinkMode;
  }

  /** Every failed trial under {@code root}, in path order. */
  static List<FailedTrial> find(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().equals(ERROR))
          .filter(p -> !Files.exists(p.resolveSibling(ResultFiles.RESULT)))
          .sorted()
          .map(FailedTrial::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  /** The failed trial of an {@code error.txt}: where it lies names it, its first line is why. */
  static FailedTrial read(Path error) {
    Path trialDir = error.getParent();
    Path targetDir = trialDir.getParent();
    String trialName = trialDir.getFileName().toString();
    String target = targetDir.getFileName().toString();
    String scenario = targetDir.getParent().getFileName().toString();
    int trial = trialName.matches("trial-\\d+") ? Integer.parseInt(trialName.substring(6)) : 0;
    String reason;
    try {
      reason =
          Files.readString(error, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + error + ": " + e.getMessage(), e);
    }
    int dash = target.indexOf('-');
    String engine = dash < 0 ? target : target.substring(0, dash);
    String rest = dash < 0 ? "" : target.substring(dash + 1);
    String sink =
        SINK_MODES.stream().filter(m -> rest.endsWith("-" + m)).findFirst().orElse("unknown");
    String variant =
        sink.equals("unknown") ? rest : rest.substring(0, rest.length() - sink.length() - 1);
    return new FailedTrial(
        scenario, engine, variant, sink, trial, reason.isEmpty() ? "no reason given" : reason);
  }
}
