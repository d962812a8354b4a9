package org.recoverybench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.result.BenchResult;
import org.recoverybench.result.ResultFiles;

/**
 * {@code recoverybench bench} as a user runs it, shortened: its own embedded lab, the three limits,
 * one Flink and one Spark target, no recovery phase. Every count is checked exactly; no rate is,
 * since speed lives in the bench's output, not in tests.
 */
class BenchITCase {
  @Test
  void aShortBenchAccountsForEveryRecordOfEveryWriter() throws Exception {
    Path dir = WorkDirs.freshForTest("bench-itcase");
    Path out = dir.resolve("results");
    try (CliProcess cli =
        CliProcess.start(
            dir.resolve("cli"),
            Map.of(),
            "bench",
            "--records",
            "20000",
            "--partitions",
            "2",
            "--latency-rate",
            "1000",
            "--latency-seconds",
            "2",
            "--parallelism",
            "1",
            "--spark-cores",
            "1",
            "--targets",
            "flink-append,spark-recoverable-append",
            "--skip",
            "recovery",
            "--out",
            out.toString(),
            "--work-dir",
            dir.resolve("work").toString())) {
      assertThat(cli.awaitExit(Duration.ofMinutes(10))).as(cli.stdout()).isZero();
      assertThat(cli.stdout()).contains("Report: ", "Bench done in");
    }
    BenchResult b =
        ResultFiles.mapper().readValue(out.resolve(BenchResult.FILE).toFile(), BenchResult.class);

    // three limits (JDBC batch, JDBC upsert, COPY), one writer each: every id once
    assertThat(b.limits())
        .extracting(BenchResult.Limit::method)
        .containsExactly("jdbc-batch", "jdbc-upsert", "copy");
    for (BenchResult.Limit l : b.limits()) {
      assertThat(l.complete()).as(l.method()).isTrue();
      assertThat(l.rowsWritten()).as(l.method() + " rows").isEqualTo(20_000);
      assertThat(l.distinctWritten()).as(l.method() + " distinct").isEqualTo(20_000);
      assertThat(l.perSecond()).as(l.method() + " rate").isNotNull().isPositive();
    }

    // Flink append drains the 20,000, then 2,000 latency records (ids 20,000..21,999); Spark reads
    // those too as part of its backlog, then its own 2,000: no faults, so every id exactly once
    assertThat(b.throughput())
        .extracting(BenchResult.Throughput::label)
        .containsExactly("flink/datastream/append p1", "spark/recoverable/append p1");
    BenchResult.Throughput flink = b.throughput().get(0);
    BenchResult.Throughput spark = b.throughput().get(1);
    assertThat(flink.records()).isEqualTo(20_000);
    assertThat(flink.expected()).isEqualTo(22_000);
    assertThat(flink.rowsWritten()).isEqualTo(22_000);
    assertThat(flink.distinctWritten()).isEqualTo(22_000);
    assertThat(spark.records()).isEqualTo(22_000);
    assertThat(spark.expected()).isEqualTo(24_000);
    assertThat(spark.rowsWritten()).isEqualTo(24_000);
    assertThat(spark.distinctWritten()).isEqualTo(24_000);
    for (BenchResult.Throughput t : b.throughput()) {
      assertThat(t.complete()).as(t.label()).isTrue();
      assertThat(t.perSecond()).as(t.label()).isNotNull().isPositive();
      assertThat(t.ratioToLimit()).as(t.label()).isNotNull().isPositive();
      assertThat(t.latencyP50Ms()).as(t.label()).isNotNull();
      assertThat(t.latencyP99Ms()).as(t.label()).isGreaterThanOrEqualTo(t.latencyP50Ms());
      assertThat(t.checkpoints().count()).as(t.label() + " checkpoints").isPositive();
      assertThat(t.checkpoints().durationMedianMs()).as(t.label()).isNotNull();
    }
    // the goals not measured in this run are neither met nor missed
    assertThat(b.goals()).hasSize(4);
    assertThat(b.goals().get(1).met()).as("upsert not measured").isNull();
    assertThat(b.goals().get(2).met()).as("exactly-once not measured").isNull();
    assertThat(b.goals().get(3).met()).as("no recovery phase").isNull();
    assertThat(b.goals().get(0).measured()).isEqualTo(flink.ratioToLimit());

    String md = Files.readString(out.resolve("report.md"));
    assertThat(md).contains("## Benchmark", "| flink / datastream / append | 1 |");
    assertThat(out.resolve("charts/bench-throughput.svg")).isRegularFile();
  }
}
