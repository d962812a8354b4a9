package org.recoverybench.run;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.recoverybench.check.Accounting;
import org.recoverybench.check.Checker;
import org.recoverybench.check.FaultPoint;
import org.recoverybench.check.IncarnationMark;
import org.recoverybench.check.LagSample;
import org.recoverybench.check.OffsetSnapshot;
import org.recoverybench.check.Production;
import org.recoverybench.check.Recovery;
import org.recoverybench.check.ResumeOffset;
import org.recoverybench.engine.EngineDriver;
import org.recoverybench.engine.RestartOutcome;
import org.recoverybench.engine.TrialContext;
import org.recoverybench.fault.FaultEnv;
import org.recoverybench.fault.FaultWorker;
import org.recoverybench.fault.Faults;
import org.recoverybench.fault.RestartFault;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.HdfsEndpoints;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.proxy.TcpProxy;
import org.recoverybench.lab.workload.EventProducer;
import org.recoverybench.observe.History;
import org.recoverybench.observe.HistoryEvent;
import org.recoverybench.observe.SinkReader;
import org.recoverybench.observe.Write;
import org.recoverybench.process.Poll;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.Secrets;
import org.recoverybench.result.TrialResult;
import org.recoverybench.scenario.FaultSpec;
import org.recoverybench.scenario.Scenario;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs one trial of one scenario on one engine target: produce, observe, inject the faults on
 * schedule, drain, stop, then account for every id and write {@code result.json}.
 */
public final class TrialRunner {
  /** Window before a fault whose median sink lag is the baseline. */
  static final long BASELINE_WINDOW_MS = 10_000;

  /** Samples in a row at or below the threshold for the lag to count as back at baseline. */
  static final int STABLE_SAMPLES = 3;

  private final Endpoints endpoints;
  private final Path root;
  private final PrintWriter out;

  public TrialRunner(Endpoints endpoints, Path root, PrintWriter out) {
    this.endpoints = endpoints;
    this.root = root;
    this.out = out;
  }

  public TrialResult run(Scenario s, Scenario.Target target, int trial, EngineDriver driver)
      throws Exception {
    String stamp = Long.toString(System.currentTimeMillis(), 36);
    String runId =
        s.name() + "-" + target.engine() + "-" + target.variant() + "-t" + trial + "-" + stamp;
    Path dir =
        root.resolve(s.name())
            .resolve(target.engine() + "-" + target.variant() + "-" + target.sinkMode())
            .resolve("trial-" + trial);
    String topic = "rb-" + runId;
    String group = "rb-" + runId;
    String prefix = "checkpoints/" + runId + "/";
    // the engines reach S3 through the harness's TCP proxy when a fault needs it
    TcpProxy s3Proxy = Faults.needsS3Proxy(s) ? TcpProxy.forEndpoint(endpoints.s3Endpoint()) : null;
    HdfsEndpoints hdfs = null;
    if (s.needsHdfs()) {
      hdfs =
          (lab == null ? java.util.Optional.<HdfsEndpoints>empty() : lab.hdfs())
              .orElseThrow(
                  () ->
                      new org.recoverybench.lab.LabException(
                          "scenario "
                              + s.name()
                              + " checkpoints to HDFS (settings.checkpoint_store: hdfs), but the"
                              + " lab runs no HDFS"));
    }
    TrialContext ctx =
        new TrialContext(
            s, target, trial, runId, topic, group, prefix, engineEndpoints(s3Proxy), dir, hdfs);
    Scenario.Workload w = s.workload();
    long t0 = System.currentTimeMillis();
    String label = "[" + s.name() + " " + target.label() + " #" + trial + "]";
    try (History history = new History(dir.resolve("history.jsonl"));
        Admin admin = LabClients.kafkaAdmin(endpoints);
        S3Client s3 = LabClients.s3(endpoints)) {
      AtomicReference<String> phase = new AtomicReference<>("setup");
      if (s3Proxy != null) {
        history.record("s3-proxy", "port", s3Proxy.port(), "upstream", endpoints.s3Endpoint());
      }
      AtomicLong produced = new AtomicLong();
      history.record("trial", "run_id", runId, "topic", topic, "group", group, "prefix", prefix);
      phase(history, phase, "create-topic");
      EventProducer.createTopic(endpoints.kafkaBootstrap(), topic, w.partitions());

      phase(history, phase, "engine-start");
      driver.start(ctx, Duration.ofMinutes(3));
      driver
          .processes()
          .forEach(
              (role, pid) -> {
                history.record("process-start", "role", role, "pid", pid);
                out.printf("%s started %s pid %d%n", label, role, pid);
              });
      out.flush();
      markIncarnation(driver, history);

      java.util.Set<Long> watched = java.util.concurrent.ConcurrentHashMap.newKeySet();
      watchExits(driver, history, watched);

      // one sample a second, until the trial ends
      Sampler sampler =
          new Sampler(
              history,
              endpoints,
              Sampler.footprint(s3, endpoints.s3Bucket(), hdfs, prefix),
              hdfs != null ? "hdfs" : "s3",
              runId,
              produced,
              driver,
              phase,
              out,
              label);
      Thread samplerThread = new Thread(sampler, "sampler");
      samplerThread.setDaemon(true);
      samplerThread.start();

      phase(history, phase, "produce");
      long produceStart = System.currentTimeMillis();
      AtomicReference<Throwable> producerFailure = new AtomicReference<>();
      Thread producer =
          new Thread(
              () -> {
                try (EventProducer p =
                    new EventProducer(
                        endpoints.kafkaBootstrap(), topic, w.partitions(), w.payloadBytes())) {
                  long chunk = Math.max(1, w.ratePerSecond() == 0 ? 5_000 : w.ratePerSecond() / 5);
                  for (long from = 0; from < w.records(); from += chunk) {
                    long to = Math.min(w.records(), from + chunk);
                    p.produce(from, to, w.ratePerSecond());
                    produced.set(to);
                  }
                } catch (Throwable e) {
                  producerFailure.set(e);
                }
              },
              "producer");
      producer.setDaemon(true);
      producer.start();

      List<TrialResult.FaultRecord> faultRecords = new ArrayList<>();
      List<long[]> faultTimes = new ArrayList<>();
      List<FaultPoint.RecoveredBy> kinds = new ArrayList<>();
      Map<Integer, FaultWorker> workers = new LinkedHashMap<>();
      List<FaultWorker> toSettle = new ArrayList<>();
      for (FaultSpec f : s.faults()) {
        phase(history, phase, "await-fault:" + f.type());
        awaitTrigger(f, s, driver, produceStart);
        // what the engine did about the previous fault: until this one starts
        behaviours(workers, faultRecords, history, label);
        Map<Integer, Long> committed = LabClients.committedOffsets(admin, group, topic);
        Map<Integer, Long> checkpointed = driver.checkpointedOffsets();
        long now = System.currentTimeMillis();
        history.record("offsets", "kind", OffsetSnapshot.COMMITTED, "offsets", committed);
        history.record("offsets", "kind", OffsetSnapshot.CHECKPOINTED, "offsets", checkpointed);
        phase(history, phase, "fault:" + f.type());
        markIncarnation(driver, history); // the incarnation that runs at the fault
        String role = roleOf(f);
        Long pid = null;
        long start;
        long reference = -1;
        boolean outage = false; // the engine may ride it out: recovered once writes follow its end
        RestartFault restartFault = RestartFault.of(f, s3, endpoints.s3Bucket());
        RestartOutcome outcome = null;
        if (Faults.handles(f.type())) {
          FaultWorker wk =
              Faults.create(f, new FaultEnv(lab, driver, ctx, history, s3Proxy)); // fault package
          start = wk.start();
          role = wk.role();
          pid = wk.pid();
          history.record(
              "fault-start", "fault", f.type(), "role", role, "pid", pid, "detail", wk.detail());
          out.printf("%s %s: %s%n", label, f.type(), wk.detail());
          out.flush();
          long due = start + f.duration().toMillis();
          Poll.until(f.duration().plusSeconds(1), Duration.ofMillis(20), () -> now() >= due);
          wk.stop();
          outage = wk.recoveryFromStop();
          reference = outage ? System.currentTimeMillis() : start;
          workers.put(faultRecords.size(), wk);
          toSettle.add(wk);
        } else if (restartFault != null) {
          start = System.currentTimeMillis();
          history.record("fault-start", "fault", f.type(), "restart", String.valueOf(f.restart()));
          outcome = driver.restart(restartFault.spec(), Duration.ofMinutes(3));
          history.record(
              "restart",
              "behaviour",
              outcome.behaviour(),
              "restored_from",
              String.valueOf(outcome.restoredFrom()),
              "error",
              String.valueOf(outcome.error()),
              "change",
              String.valueOf(outcome.change()));
          out.printf(
              "%s %s: %s%s%n",
              label,
              f.type(),
              outcome.behaviour(),
              outcome.error() == null ? "" : " (" + outcome.error() + ")");
        } else if (role == null) {
          start = System.currentTimeMillis();
          history.record("fault-start", "fault", f.type());
          driver.gracefulRestart(Duration.ofMinutes(3));
        } else {
          start = System.currentTimeMillis();
          pid = driver.kill(role);
          history.record(
              "fault-start", "fault", f.type(), "role", role, "pid", pid, "signal", "KILL");
          if (!f.duration().isZero()) {
            Poll.until(f.duration(), f.duration(), () -> false); // the outage lasts this long
          }
          driver.recover(role, Duration.ofMinutes(3));
        }
        long stop = System.currentTimeMillis();
        history.record("fault-stop", "fault", f.type(), "role", role);
        watchExits(driver, history, watched);
        driver
            .processes()
            .forEach(
                (r, p) -> {
                  history.record("process-start", "role", r, "pid", p);
                  out.printf("%s started %s pid %d%n", label, r, p);
                });
        markIncarnation(driver, history); // the one that runs after the fault
        long zero = reference < 0 ? start : reference;
        boolean newIncarnation =
            restartFault != null
                || (role == null && !Faults.handles(f.type()))
                || (role != null && driver.roles().contains(role) && !"executor".equals(role));
        faultTimes.add(new long[] {start, stop, zero, outage ? Math.max(zero, stop) : zero});
        kinds.add(
            newIncarnation
                ? FaultPoint.RecoveredBy.NEW_INCARNATION
                : FaultPoint.RecoveredBy.SAME_INCARNATION);
        faultRecords.add(
            new TrialResult.FaultRecord(
                f.type(),
                role,
                pid,
                start - t0,
                stop - t0,
                null,
                null,
                outcome == null ? null : outcome.behaviour(),
                outcome == null ? null : outcome.restoredFrom(),
                outcome == null ? null : outcome.error(),
                outcome == null ? null : outcome.change()));
        if (committed.isEmpty() && checkpointed.isEmpty()) {
          history.record("note", "text", "no offsets were known at the fault " + now);
        }
      }

      phase(history, phase, "drain");
      Duration quiet =
          // long enough for a replacement process to start on a loaded machine (seen: 15-30 s)
          Duration.ofMillis(Math.max(45_000, 4 * s.settings().checkpointInterval().toMillis()));
      long drainDeadline = System.currentTimeMillis() + s.run().drainTimeout().toMillis();
      producer.join(s.run().drainTimeout().toMillis());
      Production production = production(producer, producerFailure, produced, w.records());
      history.record(
          "producer",
          "acknowledged",
          production.acknowledged(),
          "configured",
          production.configured(),
          "complete",
          production.complete(),
          "error",
          production.error());
      if (!production.complete()) {
        out.printf(
            "%s the producer stopped after %d of %d ids: %s%n",
            label, production.acknowledged(), production.configured(), production.error());
      }
      boolean complete = false;
      long lastChange = System.currentTimeMillis();
      long lastRows = -1;
      while (System.currentTimeMillis() < drainDeadline) {
        // a fresh connection each time: the database may have been restarted by a fault
        SinkReader.Progress p;
        try (Connection c = LabClients.jdbc(endpoints)) {
          p = SinkReader.progress(c, runId);
        }
        if (p.distinct() >= production.acknowledged()
            && toSettle.stream().allMatch(FaultWorker::settled)) {
          complete = true;
          break;
        }
        if (p.rows() != lastRows) {
          lastRows = p.rows();
          lastChange = System.currentTimeMillis();
        } else if (System.currentTimeMillis() - lastChange > quiet.toMillis()) {
          break; // nothing new for a while: what is missing will not come
        }
        Poll.until(Duration.ofMillis(500), Duration.ofMillis(500), () -> false);
      }
      behaviours(workers, faultRecords, history, label);
      Long deadLetters;
      try (Connection c = LabClients.jdbc(endpoints)) {
        deadLetters = SinkReader.deadLetters(c, runId);
      }
      markIncarnation(driver, history); // the one that ran to the end of the drain
      phase(history, phase, "engine-stop");
      List<TrialResult.PerCheckpoint> perCheckpoint = driver.checkpoints();
      Map<String, Object> engineSettings = driver.settings();
      driver.stop();
      // a job that gave up leaves its prepared (XA) transactions behind: they hold locks on the
      // sink table that block DDL and, queued behind it, every later writer
      List<String> orphaned = SinkReader.rollbackPrepared(endpoints, runId);
      if (!orphaned.isEmpty()) {
        history.record("orphaned-prepared-transactions", "rolled_back", orphaned);
        out.printf(
            "%s rolled back %d prepared transactions the engine left behind%n",
            label, orphaned.size());
      }
      sampler.stop();
      samplerThread.join(5_000);
      sampler.sampleOnce();
      if (engineWork != null) {
        copyLogs(engineWork, dir.resolve("logs"), Secrets.of(endpoints));
      }
      phase(history, phase, "check");

      List<Write> writes = SinkReader.writes(endpoints, runId, target.engine(), target.variant());
      List<HistoryEvent> events = history.events();
      TrialResult result =
          assemble(
              s,
              target,
              trial,
              runId,
              t0,
              production,
              writes,
              events,
              faultRecords,
              faultTimes,
              kinds,
              perCheckpoint,
              engineSettings,
              complete,
              hdfs != null ? hdfs.uri(prefix) : "s3://" + endpoints.s3Bucket() + "/" + prefix,
              deadLetters);
      ResultFiles.write(root, dir, result);
      phase(history, phase, "done");
      out.printf(
          "%s done: produced %d, written %d rows / %d distinct, lost %d, duplicated %d (%d extra), first write after fault %s ms%n",
          label,
          result.produced(),
          result.rowsWritten(),
          result.distinctWritten(),
          result.lost(),
          result.duplicatedIds(),
          result.extraWrites(),
          result.recoveryFirstWriteMs());
      out.flush();
      return result;
    } finally {
      driver.close();
      try {
        SinkReader.rollbackPrepared(endpoints, runId); // also after a failed trial
      } catch (java.sql.SQLException | RuntimeException e) {
        out.printf("%s cannot roll back prepared transactions: %s%n", label, e.getMessage());
      }
      if (s3Proxy != null) {
        s3Proxy.close();
      }
    }
  }

  /**
   * Writes what the engine did into the records of the faults that are done, from the engine's
   * status now against before each fault, and forgets those workers.
   */
  private void behaviours(
      Map<Integer, FaultWorker> workers,
      List<TrialResult.FaultRecord> faultRecords,
      History history,
      String label) {
    for (Map.Entry<Integer, FaultWorker> e : workers.entrySet()) {
      TrialResult.FaultRecord r = faultRecords.get(e.getKey());
      String behaviour = e.getValue().behaviour();
      history.record("fault-behaviour", "fault", r.type(), "behaviour", behaviour);
      out.printf("%s %s: the engine: %s%n", label, r.type(), behaviour);
      faultRecords.set(
          e.getKey(),
          new TrialResult.FaultRecord(
              r.type(),
              r.role(),
              r.pid(),
              r.startedAtMs(),
              r.stoppedAtMs(),
              null,
              null,
              e.getValue().detail(),
              behaviour));
    }
    workers.clear();
  }

  /**
   * What the producer did: complete, or stopped short (it failed, or still ran when the drain
   * timeout ended, and is then interrupted) with the ids it had acknowledged.
   */
  private static Production production(
      Thread producer, AtomicReference<Throwable> failure, AtomicLong acknowledged, long records)
      throws InterruptedException {
    if (producer.isAlive()) {
      producer.interrupt(); // it must not go on producing into a later trial
      producer.join(30_000);
      return Production.incomplete(
          acknowledged.get(), records, "still producing when the drain timeout ended");
    }
    Throwable t = failure.get();
    if (t != null) {
      return Production.incomplete(acknowledged.get(), records, "the producer failed: " + t);
    }
    return Production.complete(records);
  }

  /**
   * Records the incarnation the engine runs now, where it can tell (see {@link IncarnationMark}).
   */
  private static void markIncarnation(EngineDriver driver, History history) {
    java.util.OptionalInt n = driver.incarnation();
    if (n.isPresent()) {
      history.record(IncarnationMark.TYPE, IncarnationMark.KEY, n.getAsInt());
    }
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  /** The endpoints the engines get: the lab's, with S3 behind the proxy when there is one. */
  private Endpoints engineEndpoints(TcpProxy s3Proxy) {
    if (s3Proxy == null) {
      return endpoints;
    }
    Endpoints e = endpoints;
    return new Endpoints(
        e.kafkaBootstrap(),
        s3Proxy.endpoint(),
        e.s3Region(),
        e.s3Bucket(),
        e.s3AccessKey(),
        e.s3SecretKey(),
        e.jdbcUrl(),
        e.jdbcUser(),
        e.jdbcPassword());
  }

  /** Records a process-exit event when each newly seen engine process ends. */
  private static void watchExits(
      EngineDriver driver, History history, java.util.Set<Long> watched) {
    driver
        .processes()
        .forEach(
            (role, pid) -> {
              if (watched.add(pid)) {
                ProcessHandle.of(pid)
                    .ifPresent(
                        h ->
                            h.onExit()
                                .thenRun(
                                    () ->
                                        history.record("process-exit", "role", role, "pid", pid)));
              }
            });
  }

  /** Copies the engine's logs of this trial into the results, so a result can be explained. */
  /** Copies the engines' logs into the results, with the lab's secrets redacted. */
  static void copyLogs(Path from, Path to, java.util.Collection<String> secrets) {
    if (!java.nio.file.Files.isDirectory(from)) {
      return;
    }
    try (var files = java.nio.file.Files.walk(from)) {
      for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        String n = f.getFileName().toString();
        if ((n.endsWith(".log") || n.endsWith(".out")) && java.nio.file.Files.size(f) < 50L << 20) {
          Path target = to.resolve(from.relativize(f).toString().replace('/', '_'));
          java.nio.file.Files.createDirectories(to);
          Secrets.copyRedacted(f, target, secrets);
        }
      }
    } catch (java.io.IOException e) {
      // logs are a courtesy: the result stands without them
    }
  }

  private static void phase(History h, AtomicReference<String> phase, String name) {
    phase.set(name);
    h.record("phase", "name", name);
  }

  private Path engineWork;
  private Lab lab;

  /** The lab whose services outage faults kill and restart (set by the suite runner). */
  public TrialRunner lab(Lab lab) {
    this.lab = lab;
    return this;
  }

  /** Where the driver keeps its work files for this trial (set by the suite runner). */
  public TrialRunner engineWorkDir(Path dir) {
    this.engineWork = dir;
    return this;
  }

  static String roleOf(FaultSpec f) {
    return switch (f.type()) {
      case FaultSpec.KILL_TASKMANAGER -> "taskmanager";
      case FaultSpec.KILL_JOBMANAGER -> "jobmanager";
      case FaultSpec.KILL_DRIVER -> "driver";
      case FaultSpec.KILL_EXECUTOR -> "executor";
      default -> null;
    };
  }

  private static void awaitTrigger(
      FaultSpec f, Scenario s, EngineDriver driver, long produceStart) {
    Duration limit = s.run().drainTimeout();
    if (f.at() != null) {
      long due = produceStart + f.at().toMillis();
      Poll.until(limit, Duration.ofMillis(50), () -> System.currentTimeMillis() >= due);
      return;
    }
    boolean reached =
        Poll.until(
            limit,
            Duration.ofMillis(100),
            () -> driver.completedCheckpoints() >= f.afterCheckpoints());
    if (!reached) {
      throw new IllegalStateException(
          "the engine completed only "
              + driver.completedCheckpoints()
              + " of the "
              + f.afterCheckpoints()
              + " checkpoints that trigger "
              + f.type()
              + " within "
              + limit);
    }
    if (f.midBatch()) {
      long due = System.currentTimeMillis() + s.settings().checkpointInterval().toMillis() / 2;
      Poll.until(limit, Duration.ofMillis(20), () -> System.currentTimeMillis() >= due);
    }
  }

  @SuppressWarnings("unchecked")
  static TrialResult assemble(
      Scenario s,
      Scenario.Target target,
      int trial,
      String runId,
      long t0,
      Production production,
      List<Write> writes,
      List<HistoryEvent> events,
      List<TrialResult.FaultRecord> faults,
      List<long[]> faultTimes,
      List<FaultPoint.RecoveredBy> kinds,
      List<TrialResult.PerCheckpoint> perCheckpoint,
      Map<String, Object> engineSettings,
      boolean complete,
      String location,
      Long deadLetters) {
    Scenario.Workload w = s.workload();
    Accounting acc = Checker.accounting(production, writes, 10);
    List<LagSample> lag = LagSample.of(events); // unknown where the sampler could not read it
    List<IncarnationMark> marks = IncarnationMark.of(events);
    List<OffsetSnapshot> snapshots = new ArrayList<>();
    long maxBytes = 0, maxObjects = 0, lastBytes = 0, lastObjects = 0;
    for (HistoryEvent e : events) {
      if (e.type().equals("sample")) {
        // the footprint under the prefix: s3_* on S3, hdfs_* on HDFS (files as objects)
        lastBytes = e.getLong("s3_bytes", e.getLong("hdfs_bytes", lastBytes));
        lastObjects = e.getLong("s3_objects", e.getLong("hdfs_objects", lastObjects));
        maxBytes = Math.max(maxBytes, lastBytes);
        maxObjects = Math.max(maxObjects, lastObjects);
      } else if (e.type().equals("offsets")) {
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        Object raw = e.data().get("offsets");
        if (raw instanceof Map<?, ?> m) {
          m.forEach(
              (k, v) -> offsets.put(Integer.parseInt(k.toString()), ((Number) v).longValue()));
        }
        snapshots.add(new OffsetSnapshot(e.ts(), e.getString("kind"), offsets));
      }
    }
    long tolerance = Math.max(100, w.ratePerSecond());
    long grace = s.run().recoveryGrace().toMillis();
    List<TrialResult.FaultRecord> faultOut = new ArrayList<>();
    Recovery first = null;
    for (int i = 0; i < faults.size(); i++) {
      long[] ft = faultTimes.get(i);
      // ft: start, stop, zero point (an outage counts from its stop, a kill from its start), end
      Integer running = IncarnationMark.runningAt(marks, ft[2]);
      FaultPoint point = new FaultPoint(ft[2], ft[3], kinds.get(i), running);
      Recovery r =
          Checker.recovery(
              point, writes, lag, BASELINE_WINDOW_MS, tolerance, STABLE_SAMPLES, grace);
      if (first == null) {
        first = r;
      }
      TrialResult.FaultRecord f = faults.get(i);
      faultOut.add(
          new TrialResult.FaultRecord(
              f.type(),
              f.role(),
              f.pid(),
              f.startedAtMs(),
              f.stoppedAtMs(),
              r.firstWriteMs(),
              r.lagBaselineMs(),
              f.detail(),
              f.behaviour(),
              f.restoredFrom(),
              f.error(),
              f.change(),
              running));
    }
    List<ResumeOffset> resume = Checker.resumeOffsets(writes, snapshots);
    long firstTs = writes.stream().mapToLong(Write::writtenAt).min().orElse(t0);
    long lastTs = writes.stream().mapToLong(Write::writtenAt).max().orElse(t0) + 1;
    Checker.Flow all = Checker.flow(writes, firstTs, lastTs);
    TrialResult.Flow before = null;
    TrialResult.Flow after = null;
    if (!faultTimes.isEmpty()) {
      long f0 = faultTimes.get(0)[0];
      before = flow(Checker.flow(writes, firstTs, f0));
      long resumeAt =
          faultTimes.get(0)[2]
              + (first != null && first.lagBaselineMs() != null
                  ? first.lagBaselineMs()
                  : first != null && first.firstWriteMs() != null ? first.firstWriteMs() : 0);
      after = flow(Checker.flow(writes, resumeAt, lastTs));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put(
        "workload",
        Map.of(
            "partitions",
            w.partitions(),
            "records",
            w.records(),
            "rate_per_second",
            w.ratePerSecond(),
            "payload_bytes",
            w.payloadBytes()));
    settings.put("checkpoint_interval_ms", s.settings().checkpointInterval().toMillis());
    settings.put("parallelism", s.settings().parallelism());
    settings.put("session_timeout_ms", s.settings().sessionTimeout().toMillis());
    settings.put("heartbeat_interval_ms", s.settings().heartbeatInterval().toMillis());
    settings.put("starting_offsets", s.settings().startingOffsets());
    if (s.settings().standbyTaskManagers() > 0) {
      settings.put("standby_taskmanagers", s.settings().standbyTaskManagers());
    }
    if (s.settings().checkpointsRetained() > 0) {
      settings.put("checkpoints_retained", s.settings().checkpointsRetained());
    }
    settings.put("checkpoint_store", s.settings().checkpointStore());
    if (s.settings().hdfs()) {
      // the HDFS client settings both engines got
      settings.put("hdfs", new LinkedHashMap<String, Object>(HdfsEndpoints.CLIENT_SETTINGS));
    }
    settings.put("engine", engineSettings);
    return new TrialResult(
        s.name(),
        target.engine(),
        target.variant(),
        target.sinkMode(),
        trial,
        runId,
        RunInfo.command(),
        Instant.ofEpochMilli(t0).toString(),
        System.currentTimeMillis() - t0,
        acc.produced(),
        acc.rowsWritten(),
        acc.distinctWritten(),
        acc.lost(),
        acc.duplicatedIds(),
        acc.extraWrites(),
        acc.unexpected(),
        acc.lostExamples(),
        acc.duplicateExamples(),
        first == null ? null : first.firstWriteMs(),
        first == null ? null : first.lagBaselineMs(),
        faultOut,
        resume,
        Checker.incarnations(writes),
        new TrialResult.Checkpoint(
            location, lastBytes, lastObjects, maxBytes, maxObjects, perCheckpoint),
        all.perSecond(),
        all.p50Ms(),
        all.p99Ms(),
        before,
        after,
        Checker.timeline(writes, t0).stream()
            .map(b -> new TrialResult.Second(b.second(), b.writes(), b.p50Ms(), b.p99Ms()))
            .toList(),
        settings,
        RunInfo.versions(),
        RunInfo.machine(),
        complete,
        complete ? "" : "the sink never held every produced id before the drain ended",
        deadLetters,
        new TrialResult.Producer(
            production.acknowledged(),
            production.configured(),
            production.complete(),
            production.error(),
            acc.writtenUnacknowledged()));
  }

  private static TrialResult.Flow flow(Checker.Flow f) {
    return new TrialResult.Flow(f.writes(), f.perSecond(), f.p50Ms(), f.p99Ms());
  }
}
