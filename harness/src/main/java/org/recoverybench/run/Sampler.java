package org.recoverybench.run;

import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.recoverybench.engine.EngineDriver;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.HdfsEndpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.WebHdfs;
import org.recoverybench.observe.History;
import org.recoverybench.observe.ProcessCost;
import org.recoverybench.observe.SinkReader;
import org.recoverybench.process.Poll;
import org.recoverybench.process.ProcStat;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Samples a trial once a second into the history: sink rows and distinct ids, sink lag (ids
 * produced so far minus distinct ids written), bytes and objects under the engine's checkpoint
 * prefix (keys {@code s3_bytes}/{@code s3_objects}, or {@code hdfs_bytes}/{@code hdfs_objects}),
 * completed checkpoints, and the engine's processes: their summed resident memory ({@code
 * rss_bytes}), the CPU time they have used so far ({@code cpu_ms}, a killed process keeps what it
 * had used) and how many are live ({@code engine_processes}). Prints a progress line every few
 * seconds.
 */
final class Sampler implements Runnable {
  private final History history;
  private final Endpoints endpoints;
  private final java.util.function.Supplier<long[]> footprint;
  private final String store;
  private final String runId;
  private final AtomicLong produced;
  private final EngineDriver driver;
  private final AtomicReference<String> phase;
  private final PrintWriter out;
  private final String label;
  private final ProcessCost cost = new ProcessCost();
  private volatile boolean running = true;
  private long lastPrint;
  private Connection sql;

  Sampler(
      History history,
      Endpoints endpoints,
      java.util.function.Supplier<long[]> footprint,
      String store,
      String runId,
      AtomicLong produced,
      EngineDriver driver,
      AtomicReference<String> phase,
      PrintWriter out,
      String label) {
    this.history = history;
    this.endpoints = endpoints;
    this.footprint = footprint;
    this.store = store;
    this.runId = runId;
    this.produced = produced;
    this.driver = driver;
    this.phase = phase;
    this.out = out;
    this.label = label;
  }

  /**
   * Bytes and objects under the trial's checkpoint prefix: an S3 listing, or on HDFS the content
   * summary of the directory (its files are the objects).
   */
  static java.util.function.Supplier<long[]> footprint(
      S3Client s3, String bucket, HdfsEndpoints hdfs, String prefix) {
    if (hdfs != null) {
      return () -> {
        WebHdfs.Footprint f = WebHdfs.footprint(hdfs, prefix);
        return new long[] {f.bytes(), f.files()};
      };
    }
    return () -> {
      LabClients.S3Footprint f = LabClients.footprint(s3, bucket, prefix);
      return new long[] {f.bytes(), f.objects()};
    };
  }

  @Override
  public void run() {
    while (running) {
      long next = System.currentTimeMillis() + 1_000;
      sampleOnce();
      Poll.until(
          Duration.ofMillis(1_000),
          Duration.ofMillis(100),
          () -> !running || System.currentTimeMillis() >= next);
    }
    closeSql();
  }

  void stop() {
    running = false;
  }

  /** One sample; a server that does not answer (an outage) is recorded as such, not fatal. */
  private String lastHousekeepingError;

  synchronized void sampleOnce() {
    long ts = System.currentTimeMillis();
    long prod = produced.get();
    Long rows = null, distinct = null, lag = null;
    Integer incarnation = null;
    String lagError = null; // the lag is then unknown: left out of the sample, never 0
    try {
      if (sql == null || sql.isClosed()) {
        sql = LabClients.jdbc(endpoints);
      }
      SinkReader.Progress p = SinkReader.progress(sql, runId);
      rows = p.rows();
      distinct = p.distinct();
      lag = Math.max(0, prod - p.distinct());
      incarnation = p.maxIncarnation();
    } catch (Exception e) {
      lagError = String.valueOf(e.getMessage());
      closeSql();
    }
    Long bytes = null, objects = null;
    try {
      long[] f = footprint.get();
      bytes = f[0];
      objects = f[1];
    } catch (RuntimeException e) {
      // the store is unavailable: no reading this second
    }
    long checkpoints;
    try {
      checkpoints = driver.completedCheckpoints();
    } catch (RuntimeException e) {
      checkpoints = -1;
    }
    for (String done : housekeeping()) {
      history.record("housekeeping", "engine", driver.engine(), "done", done);
    }
    ProcessCost.Reading engine = readEngine();
    history.record(
        "sample",
        "phase",
        phase.get(),
        "produced",
        prod,
        "rows",
        rows,
        "distinct",
        distinct,
        "lag",
        lag,
        "lag_error",
        lagError,
        "max_incarnation",
        incarnation,
        store + "_bytes",
        bytes,
        store + "_objects",
        objects,
        "checkpoints",
        checkpoints,
        "rss_bytes",
        engine == null ? null : engine.rssBytes(),
        "cpu_ms",
        engine == null ? null : engine.cpuMs(),
        "engine_processes",
        engine == null ? null : engine.processes());
    if (ts - lastPrint >= 5_000) {
      lastPrint = ts;
      out.printf(
          "%s %-18s produced %6d  written %6s  distinct %6s  lag %6s  checkpoints %3d  %s %s objects%n",
          label, phase.get(), prod, rows, distinct, lag, checkpoints, store, objects);
      out.flush();
    }
  }

  /**
   * The operator's routine work (see {@link EngineDriver#housekeeping()}); never throws. A failure
   * is recorded in the history once, not every second it lasts (it is tried again each second).
   */
  private List<String> housekeeping() {
    try {
      List<String> done = driver.housekeeping();
      lastHousekeepingError = null;
      return done;
    } catch (RuntimeException e) {
      String why = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (!why.equals(lastHousekeepingError)) {
        history.record("housekeeping-failed", "engine", driver.engine(), "error", why);
        lastHousekeepingError = why;
      }
      return List.of();
    }
  }

  /** The engine's live processes now, read from /proc; null when they cannot be listed. */
  private ProcessCost.Reading readEngine() {
    Map<Long, long[]> byPid = new HashMap<>();
    try {
      for (Long pid : driver.processes().values()) {
        byPid.put(pid, new long[] {ProcStat.cpuMillis(pid), ProcStat.rssBytes(pid)});
      }
    } catch (RuntimeException e) {
      return null;
    }
    return cost.read(byPid);
  }

  /** What the engine's processes cost over the samples so far. */
  ProcessCost cost() {
    return cost;
  }

  private void closeSql() {
    try {
      if (sql != null) {
        sql.close();
      }
    } catch (Exception ignored) {
      // closing a broken connection
    }
    sql = null;
  }
}
