package org.recoverybench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The scenario files the matrix tests read. */
public final class MatrixTestFiles {
  private MatrixTestFiles() {}

  /** Stands in for scenarios/early-crash.yaml where this checkout does not have it yet. */
  public static final String EARLY_CRASH =
      """
      name: early-crash
      workload: {partitions: 3, records: 3000, rate_per_second: 200}
      targets:
        - {engine: flink, variant: datastream, sink_mode: exactly-once}
        - {engine: spark, variant: recoverable, sink_mode: append}
      faults:
        - {type: kill-jobmanager, at: 2s, duration: 8s, engine: flink}
        - {type: kill-driver, at: 2s, duration: 8s, engine: spark}
      """;

  /** The repository's scenario files, with an early-crash file if the checkout has none. */
  public static Path scenarios(Path tmp) throws IOException {
    Path repo = Path.of(System.getProperty("user.dir")).getParent().resolve("scenarios");
    Path dir = Files.createDirectories(tmp.resolve("scenarios"));
    try (Stream<Path> s = Files.list(repo)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    if (!Files.exists(dir.resolve("early-crash.yaml"))) {
      Files.writeString(dir.resolve("early-crash.yaml"), EARLY_CRASH);
    }
    return dir;
  }
}
