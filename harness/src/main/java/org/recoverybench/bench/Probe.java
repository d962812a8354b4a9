package org.recoverybench.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.recoverybench.engine.EngineDriver;
import org.recoverybench.engine.EngineDrivers;
import org.recoverybench.engine.SparkCheckpoints;
import org.recoverybench.engine.TrialContext;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.workload.EventProducer;
import org.recoverybench.observe.SinkReader;
import org.recoverybench.process.Poll;
import org.recoverybench.result.BenchResult;
import org.recoverybench.result.TrialResult;
import org.recoverybench.scenario.Scenario;

/**
 * One engine target in the bench: its steady throughput while it drains a backlog that was in the
 * topic before it started, then its latency at a fixed rate below saturation, and its checkpoints.
 */
final class Probe {
  private final Lab lab;
  private final Lab flinkLab;
  private final Path workDir;
  private final PrintWriter out;

  /** {@code flinkLab} is the lab the Flink targets see: the same servers, and a shared cluster. */
  Probe(Lab lab, Lab flinkLab, Path workDir, PrintWriter out) {
    this.lab = lab;
    this.flinkLab = flinkLab;
    this.workDir = workDir;
    this.out = out;
  }

  /**
   * Runs {@code target} at {@code parallelism} on {@code topic}, which holds {@code backlog}
   * records; then produces ids {@code latencyFrom..} at {@code rate} per second for {@code
   * latencySeconds} and measures their latency.
   */
  BenchResult.Throughput run(
      Scenario.Target target,
      int parallelism,
      Duration checkpointInterval,
      String topic,
      int partitions,
      long backlog,
      long latencyFrom,
      int rate,
      int latencySeconds,
      double limit,
      double copyLimit)
      throws Exception {
    String label =
        target.engine() + "-" + target.variant() + "-" + target.sinkMode() + "-p" + parallelism;
    String runId = "bench-" + label + "-" + Long.toString(System.currentTimeMillis(), 36);
    Scenario s =
        new Scenario(
            "bench-throughput",
            "steady throughput on a backlog, then latency at a fixed rate",
            new Scenario.Workload(partitions, backlog, 0, BenchCommand.PAYLOAD_BYTES),
            List.of(target),
            new Scenario.EngineSettings(
                checkpointInterval,
                parallelism,
                Duration.ofSeconds(6),
                Duration.ofSeconds(2),
                "earliest"),
            List.of(),
            new Scenario.RunSettings(Duration.ofMinutes(5), Duration.ofMinutes(2), 1));
    Path dir = workDir.resolve(label);
    Files.createDirectories(dir);
    TrialContext ctx =
        new TrialContext(
            s,
            target,
            1,
            runId,
            topic,
            "group-" + runId,
            "checkpoints/" + runId + "/",
            lab.endpoints(),
            dir);
    EngineDriver driver =
        EngineDrivers.create(target, target.engine().equals("flink") ? flinkLab : lab, dir);
    try {
      long started = System.currentTimeMillis();
      driver.start(ctx, Duration.ofMinutes(3));
      long ready = System.currentTimeMillis();
      Drain.Outcome drain =
          Drain.watch(lab.endpoints(), runId, backlog, Duration.ofSeconds(60), () -> false);
      // measured before the latency phase adds its rows
      Double perSecond = drain.complete() ? Drain.writeRate(lab.endpoints(), runId) : null;
      Double visible = Drain.rate(drain.samples(), backlog);
      out.printf(
          "  %-40s %s%n",
          label,
          drain.complete()
              ? String.format(Locale.ROOT, "%,.0f records/s", perSecond)
              : "stalled at " + drain.samples().get(drain.samples().size() - 1).rows() + " rows");
      out.flush();
      Double p50 = null;
      Double p99 = null;
      if (drain.complete() && latencySeconds > 0) {
        long n = (long) rate * latencySeconds;
        try (EventProducer p =
            new EventProducer(
                lab.endpoints().kafkaBootstrap(), topic, partitions, BenchCommand.PAYLOAD_BYTES)) {
          p.produce(latencyFrom, latencyFrom + n, rate);
        }
        Drain.watch(lab.endpoints(), runId, backlog + n, Duration.ofSeconds(30), () -> false);
        double[] lat = latency(runId, latencyFrom, latencyFrom + n);
        p50 = lat[0];
        p99 = lat[1];
        out.printf("  %-40s latency at %,d/s: p50 %.0f ms, p99 %.0f ms%n", label, rate, p50, p99);
        out.flush();
      }
      long expected = backlog + (p50 == null ? 0 : (long) rate * latencySeconds);
      long[] counts = Drain.counts(lab.endpoints(), runId);
      // a short drain can end before the first checkpoint: wait for one, so every target has
      // checkpoint figures (at most two intervals; the waiting is not part of any rate)
      Poll.until(
          checkpointInterval.multipliedBy(2).plusSeconds(10),
          Duration.ofMillis(200),
          () -> driver.completedCheckpoints() >= 1);
      List<TrialResult.PerCheckpoint> checkpoints = checkpoints(driver, dir);
      Map<String, Object> settings = driver.settings();
      driver.stop();
      return new BenchResult.Throughput(
          target.engine(),
          target.variant(),
          target.sinkMode(),
          parallelism,
          backlog,
          expected,
          counts[0],
          counts[1],
          drain.complete(),
          perSecond,
          visible,
          perSecond == null || limit <= 0 ? null : perSecond / limit,
          perSecond == null || copyLimit <= 0 ? null : perSecond / copyLimit,
          ready - started,
          rate,
          latencySeconds,
          p50,
          p99,
          BenchResult.CheckpointFigures.of(checkpoints),
          drain.samples().stream().map(x -> new long[] {x.atMs() - ready, x.rows()}).toList(),
          settings);
    } finally {
      driver.close();
      SinkReader.rollbackPrepared(lab.endpoints(), runId);
    }
  }

  /** p50 and p99 of (visible in the sink - event time) of the ids in [from, to), in ms. */
  private double[] latency(String runId, long from, long to) throws SQLException {
    try (Connection c = LabClients.jdbc(lab.endpoints())) {
      String visibleAt = SinkReader.visibleAt(c);
      String sql =
          "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms),"
              + " percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) FROM ("
              + " SELECT extract(epoch FROM ("
              + visibleAt
              + " - event_time)) * 1000 AS ms FROM sink_writes"
              + " WHERE run_id = ? AND event_id >= ? AND event_id < ?) t";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, runId);
        ps.setLong(2, from);
        ps.setLong(3, to);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new double[] {rs.getDouble(1), rs.getDouble(2)};
        }
      }
    }
  }

  /**
   * The engine's checkpoints: Flink's from its REST API (through the driver); Spark's from its
   * driver log, where each checkpoint file written is one line with its size and duration.
   */
  private static List<TrialResult.PerCheckpoint> checkpoints(EngineDriver driver, Path dir)
      throws IOException {
    List<TrialResult.PerCheckpoint> fromDriver = driver.checkpoints();
    if (fromDriver.stream().anyMatch(c -> c.durationMs() != null)) {
      return fromDriver;
    }
    return sparkCheckpointWrites(dir);
  }

  /** Every checkpoint write of the Spark driver logs under {@code dir}, as the driver logged it. */
  static List<TrialResult.PerCheckpoint> sparkCheckpointWrites(Path dir) throws IOException {
    return SparkCheckpoints.writes(SparkCheckpoints.driverLogsUnder(dir)).stream()
        .map(w -> new TrialResult.PerCheckpoint(w.file(), w.bytes(), w.ms(), null))
        .toList();
  }
}
