package org.recoverybench.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.recoverybench.check.FaultPoint;
import org.recoverybench.check.FaultWindow;
import org.recoverybench.check.OffsetSnapshot;
import org.recoverybench.engine.EngineDriver;
import org.recoverybench.engine.RestartOutcome;
import org.recoverybench.fault.FaultEnv;
import org.recoverybench.fault.FaultSpec;
import org.recoverybench.fault.FaultWorker;
import org.recoverybench.fault.GracefulRestart;
import org.recoverybench.lab.LabClients;
import org.recoverybench.observe.History;
import org.recoverybench.process.Poll;
import org.recoverybench.result.RecoveryPhases;
import org.recoverybench.result.TrialResult;
import org.recoverybench.scenario.Scenario;

/**
 * The fault schedule of one trial: for each fault, waits for its trigger, takes the offsets known
 * at that moment, starts its worker, waits out its duration, and stops it; keeps each fault's
 * record and window, and later what the engine did about it.
 */
final class FaultSchedule {
  private final Trial trial;
  private final EngineDriver driver;
  private final Admin admin;
  private final FaultEnv env;
  private final List<TrialResult.FaultRecord> records = new ArrayList<>();
  private final List<FaultWindow> windows = new ArrayList<>();
  private final List<FaultWorker> workers = new ArrayList<>();

  /** Faults whose behaviour is still to be asked for, by their index. */
  private final Map<Integer, FaultWorker> pending = new LinkedHashMap<>();

  private final Set<Long> watched = ConcurrentHashMap.newKeySet();

  FaultSchedule(Trial trial, EngineDriver driver, Admin admin, FaultEnv env) {
    this.trial = trial;
    this.driver = driver;
    this.admin = admin;
    this.env = env;
  }

  /** Records the engine's processes started so far, and a process-exit event when each ends. */
  void watchProcesses() {
    History history = trial.history();
    driver
        .processes()
        .forEach(
            (role, pid) -> {
              if (watched.add(pid)) {
                history.record("process-start", "role", role, "pid", pid);
                trial.print("started %s pid %d", role, pid);
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

  /** Runs every fault of the scenario in turn; production started at {@code produceStart}. */
  void run(long produceStart) {
    for (FaultSpec f : trial.scenario().faults()) {
      trial.phase("await-fault:" + f.type());
      awaitTrigger(f, produceStart);
      // what the engine did about the previous fault: until this one starts
      recordBehaviours();
      boolean offsetsKnown = recordOffsets();
      trial.phase("fault:" + f.type());
      TrialRunner.markIncarnation(driver, trial.history()); // the one that runs at the fault
      strike(f);
      if (!offsetsKnown) {
        trial.history().record("note", "text", "no offsets were known at the fault " + f.type());
      }
    }
  }

  /** The committed and checkpointed offsets just before a fault; whether any were known. */
  private boolean recordOffsets() {
    Map<Integer, Long> committed =
        LabClients.committedOffsets(admin, trial.ctx().groupId(), trial.ctx().topic());
    Map<Integer, Long> checkpointed = driver.checkpointedOffsets();
    History h = trial.history();
    h.record("offsets", "kind", OffsetSnapshot.COMMITTED, "offsets", committed);
    h.record("offsets", "kind", OffsetSnapshot.CHECKPOINTED, "offsets", checkpointed);
    return !committed.isEmpty() || !checkpointed.isEmpty();
  }

  /** One fault: its worker's start, its duration, its stop; its window and its record. */
  private void strike(FaultSpec f) {
    FaultWorker wk = f.kind().worker(f, env);
    long start = wk.start();
    trial
        .history()
        .record(
            "fault-start",
            "fault",
            f.type(),
            "role",
            wk.role(),
            "pid",
            wk.pid(),
            "detail",
            wk.detail(),
            "at",
            start);
    RestartOutcome o = wk.outcome();
    if (wk.detail() != null) {
      trial.print("%s: %s", f.type(), wk.detail());
    } else if (o != null) {
      trial.print(
          "%s: %s%s", f.type(), o.behaviour(), o.error() == null ? "" : " (" + o.error() + ")");
    }
    long due = start + f.duration().toMillis();
    Poll.until(
        f.duration().plusSeconds(1),
        Duration.ofMillis(20),
        () -> System.currentTimeMillis() >= due);
    long stop = wk.stop();
    trial.history().record("fault-stop", "fault", f.type(), "role", wk.role(), "at", stop);
    watchProcesses();
    TrialRunner.markIncarnation(driver, trial.history()); // the one that runs after the fault
    windows.add(
        wk.takenOver()
            ? FaultWindow.takenOver(start, stop)
            : (wk.recoveryFromStop()
                    ? FaultWindow.fromStop(start, stop)
                    : FaultWindow.fromStart(start, stop))
                .recoveredBy(recoveredBy(f, wk)));
    long t0 = trial.t0();
    records.add(
        new TrialResult.FaultRecord(
            f.type(),
            wk.role(),
            wk.pid(),
            start - t0,
            stop - t0,
            null,
            null,
            null,
            o == null ? null : o.behaviour(),
            o == null ? null : o.restoredFrom(),
            o == null ? null : o.error(),
            o == null ? null : o.change()));
    pending.put(records.size() - 1, wk);
    workers.add(wk);
  }

  /**
   * What counts as recovered from a fault: a new incarnation where the fault ended the process that
   * runs the work (a kill of a TaskManager, JobManager or driver, a restart, an upgrade); the same
   * one where the work may go on in it (an outage, a Spark executor kill, a poison record).
   */
  private FaultPoint.RecoveredBy recoveredBy(FaultSpec f, FaultWorker wk) {
    boolean restart = wk.outcome() != null || f.kind() instanceof GracefulRestart;
    boolean killedTheWork =
        f.kind().kills() != null
            && wk.role() != null
            && driver.roles().contains(wk.role())
            && !"executor".equals(wk.role());
    return !wk.recoveryFromStop() && (restart || killedTheWork)
        ? FaultPoint.RecoveredBy.NEW_INCARNATION
        : FaultPoint.RecoveredBy.SAME_INCARNATION;
  }

  /**
   * Writes what the engine did into the records of the faults that are done, from the engine's
   * status now against before each fault, and the phases of each kill's recovery as the engine
   * recorded them; and forgets those workers. Called before the next fault and after the drain,
   * while the engine still runs.
   */
  void recordBehaviours() {
    for (Map.Entry<Integer, FaultWorker> e : pending.entrySet()) {
      FaultWorker wk = e.getValue();
      TrialResult.FaultRecord r = withPhases(records.get(e.getKey()), wk);
      String behaviour = wk.behaviour();
      String detail = wk.outcome() == null ? wk.detail() : null;
      if (behaviour != null) { // else only a detail (e.g. the offsets a kill moved), or nothing
        trial.history().record("fault-behaviour", "fault", r.type(), "behaviour", behaviour);
        trial.print("%s: the engine: %s", r.type(), behaviour);
      }
      if (behaviour != null || detail != null) { // a plain kill: its outcome is the recovery
        r =
            new TrialResult.FaultRecord(
                r.type(),
                r.role(),
                r.pid(),
                r.startedAtMs(),
                r.stoppedAtMs(),
                r.firstWriteMs(),
                r.lagBaselineMs(),
                detail,
                behaviour,
                r.restoredFrom(),
                r.error(),
                r.change(),
                r.runningIncarnation(),
                r.phases(),
                r.restoredCheckpointId());
      }
      records.set(e.getKey(), r);
    }
    pending.clear();
  }

  /**
   * A kill's record with the phases of its recovery, in ms after the kill, as the engine recorded
   * them; in the history too. Any other fault's record as it is.
   */
  private TrialResult.FaultRecord withPhases(TrialResult.FaultRecord r, FaultWorker wk) {
    Optional<RecoveryPhases> phases;
    try {
      phases = wk.recoveryPhases();
    } catch (RuntimeException ex) { // the phases are a breakdown: the recovery stands without them
      trial
          .history()
          .record("note", "text", "the phases of " + r.type() + " are unknown: " + ex.getMessage());
      return r;
    }
    if (phases.isEmpty()) {
      return r;
    }
    long killedAt = trial.t0() + r.startedAtMs();
    Map<String, Long> afterKill = phases.get().afterKill(killedAt);
    trial
        .history()
        .record(
            "recovery-phases",
            "fault",
            r.type(),
            "killed_at",
            killedAt,
            "at",
            phases.get().at(),
            "after_kill_ms",
            afterKill,
            "restored_checkpoint_id",
            phases.get().restoredCheckpointId());
    trial.print("%s: recovery phases, ms after the kill: %s", r.type(), afterKill);
    return r.withPhases(afterKill, phases.get().restoredCheckpointId());
  }

  /** Whether the engine has dealt with every fault as far as the sink can show. */
  boolean settled() {
    return workers.stream().allMatch(FaultWorker::settled);
  }

  List<TrialResult.FaultRecord> records() {
    return List.copyOf(records);
  }

  List<FaultWindow> windows() {
    return List.copyOf(windows);
  }

  private void awaitTrigger(FaultSpec f, long produceStart) {
    Scenario s = trial.scenario();
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
}
