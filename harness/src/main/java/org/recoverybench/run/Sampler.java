package org.recoverybench.run;

import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.recoverybench.engine.EngineDriver;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.observe.History;
import org.recoverybench.observe.SinkReader;
import org.recoverybench.process.Poll;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Samples a trial once a second into the history: sink rows and distinct ids, sink lag (ids
 * produced so far minus distinct ids written), S3 bytes and objects under the engine's prefix, and
 * completed checkpoints. Prints a progress line every few seconds.
 */
final class Sampler implements Runnable {
  private final History history;
  private final Endpoints endpoints;
  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final String runId;
  private final AtomicLong produced;
  private final EngineDriver driver;
  private final AtomicReference<String> phase;
  private final PrintWriter out;
  private final String label;
  private volatile boolean running = true;
  private long lastPrint;
  private Connection sql;

  Sampler(
      History history,
      Endpoints endpoints,
      S3Client s3,
      String prefix,
      String runId,
      AtomicLong produced,
      EngineDriver driver,
      AtomicReference<String> phase,
      PrintWriter out,
      String label) {
    this.history = history;
    this.endpoints = endpoints;
    this.s3 = s3;
    this.bucket = endpoints.s3Bucket();
    this.prefix = prefix;
    this.runId = runId;
    this.produced = produced;
    this.driver = driver;
    this.phase = phase;
    this.out = out;
    this.label = label;
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
  synchronized void sampleOnce() {
    long ts = System.currentTimeMillis();
    long prod = produced.get();
    Long rows = null, distinct = null, lag = null;
    Integer incarnation = null;
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
      closeSql();
    }
    Long bytes = null, objects = null;
    try {
      LabClients.S3Footprint f = LabClients.footprint(s3, bucket, prefix);
      bytes = f.bytes();
      objects = f.objects();
    } catch (RuntimeException e) {
      // S3 unavailable: no reading this second
    }
    long checkpoints;
    try {
      checkpoints = driver.completedCheckpoints();
    } catch (RuntimeException e) {
      checkpoints = -1;
    }
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
        "max_incarnation",
        incarnation,
        "s3_bytes",
        bytes,
        "s3_objects",
        objects,
        "checkpoints",
        checkpoints);
    if (ts - lastPrint >= 5_000) {
      lastPrint = ts;
      out.printf(
          "%s %-18s produced %6d  written %6s  distinct %6s  lag %6s  checkpoints %3d  s3 %s objects%n",
          label, phase.get(), prod, rows, distinct, lag, checkpoints, objects);
      out.flush();
    }
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
