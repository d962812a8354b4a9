package org.recoverybench.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.recoverybench.check.IncarnationMark;
import org.recoverybench.check.Production;
import org.recoverybench.check.StateCheck;
import org.recoverybench.check.TrialAccounting;
import org.recoverybench.engine.EngineDriver;
import org.recoverybench.engine.ProcessKind;
import org.recoverybench.engine.TrialContext;
import org.recoverybench.fault.FaultEnv;
import org.recoverybench.fault.FaultSpec;
import org.recoverybench.fault.FaultType;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.HdfsEndpoints;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabException;
import org.recoverybench.lab.proxy.TcpProxy;
import org.recoverybench.lab.workload.EventProducer;
import org.recoverybench.observe.History;
import org.recoverybench.observe.ProcessCost;
import org.recoverybench.observe.SinkReader;
import org.recoverybench.observe.Write;
import org.recoverybench.process.Poll;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.Secrets;
import org.recoverybench.result.TrialCost;
import org.recoverybench.result.TrialResult;
import org.recoverybench.scenario.Scenario;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs one trial of one scenario on one engine target, in named phases: create the topic, start the
 * engine, produce, run the fault schedule, drain, stop the engine, check (account for every id and
 * write {@code result.json}).
 */
public final class TrialRunner {
  private final Endpoints endpoints;
  private final Path root;
  private final PrintWriter out;
  private Path engineWork;
  private Lab lab;

  public TrialRunner(Endpoints endpoints, Path root, PrintWriter out) {
    this.endpoints = endpoints;
    this.root = root;
    this.out = out;
  }

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

  public TrialResult run(Scenario scenario, Scenario.Target target, int trial, EngineDriver driver)
      throws Exception {
    Scenario s = scenario.forTarget(target); // the faults this target meets
    String stamp = Long.toString(System.currentTimeMillis(), 36);
    String runId =
        s.name() + "-" + target.engine() + "-" + target.variant() + "-t" + trial + "-" + stamp;
    Path dir =
        root.resolve(s.name())
            .resolve(target.engine() + "-" + target.variant() + "-" + target.sinkMode())
            .resolve("trial-" + trial);
    String label = "[" + s.name() + " " + target.label() + " #" + trial + "]";
    // the engines reach S3 through the harness's TCP proxy, which counts their requests (cost.s3)
    // and cuts or slows them only when a fault says so; an existing cluster's engines need not
    // reach the harness's loopback, so they get the proxy only for a fault that needs it
    boolean proxied =
        s.faults().stream().anyMatch(FaultSpec::needsS3Proxy) || runsOwnEngine(target.engine());
    TcpProxy s3Proxy = proxied ? TcpProxy.forEndpoint(endpoints.s3Endpoint()) : null;
    long t0 = System.currentTimeMillis();
    try (History history = new History(dir.resolve("history.jsonl"));
        Admin admin = LabClients.kafkaAdmin(endpoints);
        S3Client s3 = LabClients.s3(endpoints)) {
      TrialContext ctx = context(s, target, trial, runId, dir, s3Proxy);
      Trial t = new Trial(ctx, label, t0, history, s3Proxy, new AtomicReference<>("setup"), out);
      return run(t, driver, admin, s3);
    } finally {
      driver.close();
      try {
        SinkReader.rollbackPrepared(endpoints, runId); // also after a failed trial
      } catch (SQLException | RuntimeException e) {
        out.printf("%s cannot roll back prepared transactions: %s%n", label, e.getMessage());
      }
      if (s3Proxy != null) {
        s3Proxy.close();
      }
    }
  }

  /** The phases of one trial, in order. */
  private TrialResult run(Trial t, EngineDriver driver, Admin admin, S3Client s3) throws Exception {
    TrialContext ctx = t.ctx();
    if (t.s3Proxy() != null) {
      t.history()
          .record("s3-proxy", "port", t.s3Proxy().port(), "upstream", endpoints.s3Endpoint());
    }
    t.history()
        .record(
            "trial",
            "run_id",
            ctx.runId(),
            "topic",
            ctx.topic(),
            "group",
            ctx.groupId(),
            "prefix",
            ctx.checkpointPrefix());
    t.phase("create-topic");
    EventProducer.createTopic(
        endpoints.kafkaBootstrap(), ctx.topic(), t.scenario().workload().partitions());

    t.phase("engine-start");
    driver.start(ctx, Duration.ofMinutes(3));
    FaultSchedule schedule =
        new FaultSchedule(
            t, driver, admin, new FaultEnv(lab, driver, ctx, t.history(), t.s3Proxy(), s3));
    schedule.watchProcesses();

    markIncarnation(driver, t.history()); // the one that runs before any fault
    ProducerRun production =
        new ProducerRun(
            endpoints.kafkaBootstrap(),
            ctx.topic(),
            t.scenario().workload(),
            t.scenario().producesUntilTail());
    Sampler sampler = sampler(t, driver, s3, production);
    Thread samplerThread = new Thread(sampler, "sampler");
    samplerThread.setDaemon(true);
    samplerThread.start();

    t.phase("produce");
    production.start();
    Production produced;
    try {
      schedule.run(production.startedAt());
      if (t.scenario().producesUntilTail()) {
        t.phase("tail");
        RecoveryTail.run(t, endpoints, production);
      }
      t.phase("drain");
      produced = production.await(t.scenario().run().drainTimeout().toMillis());
    } finally {
      production.halt(); // a failed schedule must not leave the producer going into later trials
    }
    recordProducer(t, produced);
    boolean complete = drain(t, produced, schedule);
    markIncarnation(driver, t.history()); // the one that ran to the end of the drain
    schedule.recordBehaviours();
    Long deadLetters;
    try (Connection c = LabClients.jdbc(endpoints)) {
      deadLetters = SinkReader.deadLetters(c, ctx.runId());
    }

    t.phase("engine-stop");
    Stopped stopped = stop(t, driver, sampler, samplerThread, produced);

    t.phase("check");
    TrialResult result =
        check(t, schedule, stopped, complete, deadLetters, produced).withCost(stopped.cost());
    result = withStateCheck(t, ctx, result);
    ResultFiles.write(root, ctx.dir(), result);
    t.phase("done");
    t.print(
        "done: produced %d, written %d rows / %d distinct, lost %d, duplicated %d (%d extra),"
            + " first write after fault %s ms",
        result.produced(),
        result.rowsWritten(),
        result.distinctWritten(),
        result.lost(),
        result.duplicatedIds(),
        result.extraWrites(),
        result.recoveryFirstWriteMs());
    TrialCost c = result.cost();
    t.print(
        "cost: cpu %d ms (%s per 1000 ids), peak rss %d MiB in %d processes, s3 requests %s (%s"
            + " per hour)",
        c.cpuMs(),
        c.cpuMsPer1000Records(),
        c.peakRssBytes() >> 20,
        c.peakProcesses(),
        c.s3Requests(),
        c.s3RequestsPerHour());
    return result;
  }

  /**
   * A stateful trial's result with the check of every key's final state ({@code sink_state})
   * against the produced ids; a stateless trial's as it is.
   */
  private TrialResult withStateCheck(Trial t, TrialContext ctx, TrialResult result)
      throws SQLException {
    if (!t.scenario().workload().stateful()) {
      return result;
    }
    StateCheck st =
        SinkReader.checkState(
            endpoints,
            ctx.runId(),
            ctx.target().engine(),
            ctx.target().variant(),
            t.scenario().workload().keys(),
            result.produced());
    t.print(
        "state: %d keys expected, %d with state, %d wrong (%d over-counted, %d under-counted,"
            + " %d wrong sum)",
        st.keysExpected(),
        st.keysWithState(),
        st.wrongKeys(),
        st.overCounted(),
        st.underCounted(),
        st.wrongSum());
    return result.withState(st);
  }

  /** The trial's context: its own topic, group and checkpoint prefix; S3 behind the proxy. */
  private TrialContext context(
      Scenario s, Scenario.Target target, int trial, String runId, Path dir, TcpProxy s3Proxy) {
    HdfsEndpoints hdfs = null;
    if (s.needsHdfs()) {
      hdfs =
          (lab == null ? Optional.<HdfsEndpoints>empty() : lab.hdfs())
              .orElseThrow(
                  () ->
                      new LabException(
                          "scenario "
                              + s.name()
                              + " checkpoints to HDFS (settings.checkpoint_store: hdfs), but the"
                              + " lab runs no HDFS"));
    }
    List<ProcessKind> kills =
        s.faults().stream()
            .map(FaultSpec::kind)
            .map(FaultType::kills)
            .filter(k -> k != null)
            .toList();
    String topic = "rb-" + runId;
    return new TrialContext(
        s,
        target,
        trial,
        runId,
        topic,
        topic,
        "checkpoints/" + runId + "/",
        engineEndpoints(s3Proxy),
        dir,
        hdfs,
        kills);
  }

  /** One sample a second, until the trial ends. */
  private Sampler sampler(Trial t, EngineDriver driver, S3Client s3, ProducerRun production) {
    TrialContext ctx = t.ctx();
    return new Sampler(
        t.history(),
        endpoints,
        Sampler.footprint(s3, endpoints.s3Bucket(), ctx.hdfs(), ctx.checkpointPrefix()),
        ctx.hdfs() != null ? "hdfs" : "s3",
        ctx.runId(),
        production.produced(),
        driver,
        t.phase(),
        out,
        t.label());
  }

  /**
   * Waits until the sink holds every produced id and every fault is settled, or nothing new has
   * come for a quiet period, or the drain timeout; returns whether the sink is complete.
   */
  private boolean drain(Trial t, Production production, FaultSchedule schedule)
      throws InterruptedException, SQLException {
    Scenario s = t.scenario();
    Duration quiet =
        // long enough for a replacement process to start on a loaded machine (seen: 15-30 s)
        Duration.ofMillis(Math.max(45_000, 4 * s.settings().checkpointInterval().toMillis()));
    long drainDeadline = System.currentTimeMillis() + s.run().drainTimeout().toMillis();
    long lastChange = System.currentTimeMillis();
    long lastRows = -1;
    while (System.currentTimeMillis() < drainDeadline) {
      // a fresh connection each time: the database may have been restarted by a fault
      SinkReader.Progress p;
      try (Connection c = LabClients.jdbc(endpoints)) {
        p = SinkReader.progress(c, t.runId());
      }
      if (p.distinct() >= production.acknowledged() && schedule.settled()) {
        return true;
      }
      if (p.rows() != lastRows) {
        lastRows = p.rows();
        lastChange = System.currentTimeMillis();
      } else if (System.currentTimeMillis() - lastChange > quiet.toMillis()) {
        return false; // nothing new for a while: what is missing will not come
      }
      Poll.until(Duration.ofMillis(500), Duration.ofMillis(500), () -> false);
    }
    return false;
  }

  /** What the engine told about itself before it stopped, and what it cost. */
  private record Stopped(
      List<TrialResult.PerCheckpoint> perCheckpoint,
      Map<String, Object> engineSettings,
      TrialCost cost) {}

  /** Stops the engine and the sampler; rolls back what the engine left prepared; keeps its logs. */
  private Stopped stop(
      Trial t, EngineDriver driver, Sampler sampler, Thread samplerThread, Production produced)
      throws InterruptedException, SQLException {
    List<TrialResult.PerCheckpoint> perCheckpoint = driver.checkpoints();
    Map<String, Object> engineSettings = driver.settings();
    driver.stop();
    // a job that gave up leaves its prepared (XA) transactions behind: they hold locks on the
    // sink table that block DDL and, queued behind it, every later writer
    List<String> orphaned = SinkReader.rollbackPrepared(endpoints, t.runId());
    if (!orphaned.isEmpty()) {
      t.history().record("orphaned-prepared-transactions", "rolled_back", orphaned);
      t.print("rolled back %d prepared transactions the engine left behind", orphaned.size());
    }
    sampler.stop();
    samplerThread.join(5_000);
    sampler.sampleOnce();
    // the proxy started with the trial (t0) and has carried every request of the engine since
    Long s3Requests = t.s3Proxy() == null ? null : t.s3Proxy().requests().total();
    long s3Millis = System.currentTimeMillis() - t.t0();
    ProcessCost pc = sampler.cost();
    TrialCost cost =
        TrialCost.of(
            pc.totalCpuMs(),
            pc.peakRssBytes(),
            pc.peakProcesses(),
            produced.acknowledged(),
            s3Requests,
            s3Millis);
    if (engineWork != null) {
      copyLogs(engineWork, t.ctx().dir().resolve("logs"), Secrets.of(endpoints));
    }
    return new Stopped(perCheckpoint, engineSettings, cost);
  }

  /** Reads the sink's ledger and accounts for the trial. */
  private TrialResult check(
      Trial t,
      FaultSchedule schedule,
      Stopped stopped,
      boolean complete,
      Long deadLetters,
      Production production)
      throws SQLException {
    TrialContext ctx = t.ctx();
    Scenario.Target target = ctx.target();
    List<Write> writes =
        SinkReader.writes(endpoints, ctx.runId(), target.engine(), target.variant());
    String prefix = ctx.checkpointPrefix();
    String location =
        ctx.hdfs() != null ? ctx.hdfs().uri(prefix) : "s3://" + endpoints.s3Bucket() + "/" + prefix;
    return TrialAccounting.account(
        new TrialAccounting.Observed(
            t.scenario(),
            target,
            ctx.trial(),
            ctx.runId(),
            t.t0(),
            System.currentTimeMillis(),
            writes,
            t.history().events(),
            schedule.records(),
            schedule.windows(),
            stopped.perCheckpoint(),
            TrialSettings.of(t.scenario(), stopped.engineSettings()),
            complete,
            location,
            deadLetters,
            new TrialAccounting.Provenance(
                RunInfo.command(), RunInfo.versions(), RunInfo.machine()),
            production));
  }

  /** The producer's outcome, in the history and on the console when it stopped short. */
  private static void recordProducer(Trial t, Production p) {
    t.history()
        .record(
            "producer",
            "acknowledged",
            p.acknowledged(),
            "configured",
            p.configured(),
            "complete",
            p.complete(),
            "error",
            p.error());
    if (!p.complete()) {
      t.print(
          "the producer stopped after %d of %d ids: %s",
          p.acknowledged(), p.configured(), p.error());
    }
  }

  /** Records the incarnation the engine runs now, where it can tell ({@link IncarnationMark}). */
  static void markIncarnation(EngineDriver driver, History history) {
    OptionalInt n = driver.incarnation();
    if (n.isPresent()) {
      history.record(IncarnationMark.TYPE, IncarnationMark.KEY, n.getAsInt());
    }
  }

  /** Whether the harness starts this engine's processes (not an existing cluster's). */
  private boolean runsOwnEngine(String engine) {
    if (lab == null) {
      return true;
    }
    return (engine.equals("flink") ? lab.engines().flink() : lab.engines().spark()).isEmpty();
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

  /** Copies the engines' logs of this trial into the results, with the lab's secrets redacted. */
  static void copyLogs(Path from, Path to, Collection<String> secrets) {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (var files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String n = f.getFileName().toString();
        if ((n.endsWith(".log") || n.endsWith(".out")) && Files.size(f) < 50L << 20) {
          Path target = to.resolve(from.relativize(f).toString().replace('/', '_'));
          Files.createDirectories(to);
          Secrets.copyRedacted(f, target, secrets);
        }
      }
    } catch (IOException e) {
      // logs are a courtesy: the result stands without them
    }
  }
}
