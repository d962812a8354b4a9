package org.recoverybench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.recoverybench.result.TrialResult;

/** "Methodology": measures, verdict rules, trials, versions and machine, settings, the limits. */
final class MethodologySection {
  private MethodologySection() {}

  static void write(Doc d, ReportModel m, String docs) {
    d.h(2, "Methodology");
    d.p(
        "The data flow, the sink contract and the faults are described in [docs/design.md]("
            + docs
            + "design.md).");
    sources(d, m);
    measures(d);
    verdictRules(d, m);
    trials(d, m);
    versionsAndMachine(d, m);
    settings(d, m);
    limits(d, m);
  }

  /** With several results directories: each one, with the command and commit that produced it. */
  private static void sources(Doc d, ReportModel m) {
    if (m.sources().size() < 2) {
      return;
    }
    d.h(3, "Sources");
    List<List<String>> rows = new ArrayList<>();
    for (ReportModel.Source s : m.sources()) {
      Map<String, Object> run = s.run();
      rows.add(
          List.of(
              "`" + s.shown() + "`",
              run.containsKey("command") ? "`" + run.get("command") + "`" : "no run.json command",
              String.valueOf(run.getOrDefault("commit", "not recorded")),
              String.valueOf(run.getOrDefault("started_at", "–"))));
    }
    d.table(
        List.of("results directory", "command", "commit", "started"),
        List.of(false, false, false, false),
        rows);
  }

  private static void measures(Doc d) {
    d.h(3, "Measures");
    d.bullets(
        List.of(
            "**lost**: ids produced but never written to the sink.",
            "**duplicated ids**: ids written more than once; **extra writes**: writes beyond the"
                + " first of each id (counted from the write log, so upserts count too).",
            "**first write after fault**: from the `kill -9` (or the stop) to the first write of a"
                + " newer incarnation; for a Spark executor kill, where the driver lives on, the"
                + " first write after the kill.",
            "**lag back at baseline**: from the fault until the sink lag (ids produced so far minus"
                + " distinct ids written) is at or below max(2 × its median over the 10 s before"
                + " the fault, that median + one second of production) for 3 samples in a row.",
            "**replay / skip per partition**: at the first restart, the lowest offset the new"
                + " incarnation wrote against the highest offset written before it: `+n`"
                + " re-read n records, `−n` jumped over n, `0` resumed exactly.",
            "**checkpoint KiB / objects**: what was stored under the trial's own S3 prefix when the"
                + " trial ended; the storage chart samples it every second.",
            "**writes/s and latency**: a write's time is when it became visible (its"
                + " transaction's commit time in PostgreSQL, from `track_commit_timestamp`; for a"
                + " prepared transaction, `COMMIT PREPARED`). Latency is that time minus the event"
                + " time stamped by the producer. Before/after split at the fault, the after window"
                + " starting when the lag is back at baseline.",
            "**median (min–max)**: over the trials of a scenario and target; the median of an even"
                + " count is the mean of the two middle values."));
  }

  private static void verdictRules(Doc d, ReportModel m) {
    d.h(3, "Verdict rules");
    List<String> rules = new ArrayList<>();
    for (Claim c : Claims.ALL) {
      rules.add("**" + c.id() + "**: " + c.rule());
    }
    if (!m.failures().isEmpty()) {
      rules.add("**failed trials**: " + Claim.FAILED_RULE);
    }
    d.bullets(rules);
  }

  private static void trials(Doc d, ReportModel m) {
    d.h(3, "Trials");
    d.p(
        "Each scenario ran "
            + m.groups().stream()
                .map(g -> g.trials().size())
                .distinct()
                .sorted()
                .map(String::valueOf)
                .collect(Collectors.joining(" or "))
            + " time(s) per target, each trial on its own topic, consumer group, S3 prefix and"
            + " `run_id`, with the engine's processes started afresh; the lab's servers are shared"
            + " by the trials of a run.");
  }

  private static void versionsAndMachine(Doc d, ReportModel m) {
    d.h(3, "Versions and machine");
    List<TrialResult> all = m.allResults();
    Map<String, String> versions = all.isEmpty() ? Map.of() : new TreeMap<>(all.get(0).versions());
    List<List<String>> vrows = new ArrayList<>();
    versions.forEach((k, v) -> vrows.add(List.of(k, v)));
    d.table(List.of("part", "version"), List.of(false, false), vrows);
    if (all.isEmpty()) {
      return;
    }
    Map<String, Object> machine = all.get(0).machine();
    List<Long> loads = new ArrayList<>();
    for (TrialResult r : all) {
      Object l = r.machine() == null ? null : r.machine().get("load_average_1m");
      if (l instanceof Number n) {
        loads.add(Math.round(n.doubleValue() * 100));
      }
    }
    Stat load = Stat.of(loads);
    d.p(
        "Machine: "
            + machine.get("os")
            + ", "
            + machine.get("arch")
            + ", "
            + machine.get("cores")
            + " cores, "
            + machine.get("memory_mib")
            + " MiB"
            + (load.isEmpty()
                ? ""
                : "; 1-minute load average when each result was taken "
                    + load.format(v -> String.format(Locale.ROOT, "%.2f", v / 100.0)))
            + ". Every engine process, the lab servers and the harness share this machine.");
  }

  private static void settings(Doc d, ReportModel m) {
    d.h(3, "Settings");
    Map<String, TrialResult> firstByTarget = new LinkedHashMap<>();
    for (ReportModel.Group g : m.groups()) {
      firstByTarget.putIfAbsent(g.target(), g.results().get(0));
    }
    List<List<String>> rows = new ArrayList<>();
    firstByTarget.forEach((target, r) -> rows.add(settingsRow(target, r)));
    d.table(
        List.of(
            "target",
            "workload",
            "checkpoint / batch interval",
            "Kafka session timeout",
            "Kafka heartbeat",
            "parallelism",
            "engine settings"),
        List.of(false, false, true, true, true, true, false),
        rows);
  }

  private static List<String> settingsRow(String target, TrialResult r) {
    Map<String, Object> s = r.settings() == null ? Map.of() : r.settings();
    Object engine = s.get("engine");
    return List.of(
        target,
        Workload.describe(r),
        Format.secs(Format.asLong(s.get("checkpoint_interval_ms"))),
        Format.secs(Format.asLong(s.get("session_timeout_ms"))),
        Format.secs(Format.asLong(s.get("heartbeat_interval_ms"))),
        String.valueOf(s.get("parallelism")),
        engine instanceof Map<?, ?> em
            ? em.entrySet().stream()
                .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`")
                .collect(Collectors.joining(", "))
            : "–");
  }

  private static void limits(Doc d, ReportModel m) {
    d.h(3, "Limits of this lab");
    d.bullets(
        List.of(
            "One Kafka broker (replication factor 1), one S3 server (S3Proxy on its filesystem"
                + " backend, no network between it and the engines) and one PostgreSQL, all on"
                + " loopback: production S3 latency and consistency are not reproduced.",
            "Flink runs one JobManager without high availability: after a JobManager kill the"
                + " harness acts as the supervisor, restarting it and resubmitting from the latest"
                + " retained checkpoint. Kubernetes or ZooKeeper HA would restart it differently.",
            "Spark runs its driver locally (and a standalone master and worker for executor"
                + " kills); the restart after a driver kill is done by the harness, as YARN or a"
                + " supervisor would.",
            "Small workloads ("
                + m.rates()
                + " records/s): counts of lost and duplicated ids scale with the rate and the"
                + " checkpoint interval; the kinds of outcome do not.",
            "Timings depend on the machine's load (recorded above) and on heartbeat and timeout"
                + " settings (table above); counts do not."));
  }
}
