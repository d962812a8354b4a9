package org.recoverybench.scenario;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.recoverybench.fault.FaultSpec;
import org.recoverybench.fault.FaultType;
import org.recoverybench.fault.FaultTypes;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Reads and validates scenario files; every error names the file, the line and the field. */
public final class ScenarioLoader {
  public static final Set<String> ENGINES = Set.of("flink", "spark");
  public static final Set<String> FLINK_VARIANTS = Set.of("datastream");
  public static final Set<String> SPARK_VARIANTS =
      Set.of("as-written", "recoverable", "transactional", "structured", "structured-idempotent");
  public static final Set<String> SINK_MODES = Set.of("append", "upsert", "exactly-once");
  static final String TAIL_AFTER_RECOVERY = "tail_after_recovery";
  static final String STATE_CHECKPOINT_INTERVAL = "state_checkpoint_interval";
  private static final Set<String> SETTINGS_FIELDS =
      Set.of(
          "checkpoint_interval",
          "parallelism",
          "session_timeout",
          "heartbeat_interval",
          "starting_offsets",
          "on_parse_error",
          "checkpoints_retained",
          "standby_taskmanagers",
          "checkpoint_store",
          "driver_restarts",
          "flink_ha",
          "spark_supervision",
          "flink_restart",
          STATE_CHECKPOINT_INTERVAL);
  public static final Set<String> STARTING_OFFSETS = Set.of("engine-default", "earliest", "latest");
  public static final Set<String> ON_PARSE_ERROR = Set.of("fail", "dead-letter");
  public static final Set<String> CHECKPOINT_STORES =
      Set.of(Scenario.EngineSettings.STORE_S3, Scenario.EngineSettings.STORE_HDFS);
  public static final Set<String> FLINK_HA =
      Set.of(Scenario.EngineSettings.HA_NONE, Scenario.EngineSettings.HA_ZOOKEEPER);
  public static final Set<String> FLINK_RESTART =
      Set.of(Scenario.EngineSettings.RESTART_FIXED, Scenario.EngineSettings.RESTART_EXPONENTIAL);
  public static final Set<String> SPARK_SUPERVISION =
      Set.of(
          Scenario.EngineSettings.SUPERVISION_HARNESS, Scenario.EngineSettings.SUPERVISION_CLUSTER);

  private ScenarioLoader() {}

  public static Scenario load(Path file) {
    String name = file.toString();
    try (Reader r = Files.newBufferedReader(file)) {
      return parse(name, r);
    } catch (NoSuchFileException e) {
      throw new ScenarioException(name + ": no such scenario file");
    } catch (IOException e) {
      throw new ScenarioException(name + ": cannot read: " + e.getMessage());
    }
  }

  public static Scenario parse(String fileName, Reader reader) {
    Node root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ScenarioException(fileName + ":" + line + ": not valid YAML: " + e.getProblem());
    }
    if (root == null) {
      throw new ScenarioException(fileName + ":1: the file is empty");
    }
    YamlNode top = new YamlNode(fileName, "", root);
    Map<String, YamlNode> f =
        top.fields(
            Set.of("name", "description", "workload", "targets", "settings", "faults", "run"));
    String name = required(top, f, "name").text();
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      throw f.get("name").error("'" + name + "' must be lower-case words joined by '-'");
    }
    String description = f.containsKey("description") ? f.get("description").text() : "";
    Scenario.Workload workload = workload(required(top, f, "workload"));
    List<Scenario.Target> targets = targets(required(top, f, "targets"));
    if (workload.stateful()) {
      for (Scenario.Target t : targets) {
        refuseStateless(f.get("workload"), workload, t);
      }
    }
    Scenario.EngineSettings settings = settings(f.get("settings"));
    if (settings.stateCheckpointInterval() != null) {
      checkStateCheckpointInterval(f.get("settings"), workload, targets, settings);
    }
    List<FaultSpec> faults = new ArrayList<>();
    if (f.containsKey("faults")) {
      for (YamlNode item : f.get("faults").items()) {
        faults.add(fault(item));
      }
      for (int i = 0; i < faults.size(); i++) {
        FaultSpec fs = faults.get(i);
        YamlNode item = f.get("faults").items().get(i);
        if (fs.engine() != null) {
          if (!fs.appliesTo(fs.engine())) {
            throw item.error(fs.type() + " does not apply to " + fs.engine());
          }
          if (targets.stream().noneMatch(t -> t.engine().equals(fs.engine()))) {
            throw item.error("the scenario has no " + fs.engine() + " target for this fault");
          }
          continue;
        }
        for (Scenario.Target t : targets) {
          if (!fs.appliesTo(t.engine())) {
            throw item.error(
                fs.type()
                    + " does not apply to the "
                    + t.engine()
                    + " target "
                    + t.label()
                    + " (give the fault 'engine' to meet only one engine's targets)");
          }
        }
      }
    }
    if (settings.hdfs()) {
      for (int i = 0; i < faults.size(); i++) {
        if (!faults.get(i).kind().runsWithHdfs()) {
          throw f.get("faults")
              .items()
              .get(i)
              .error(
                  faults.get(i).type()
                      + " does not run with checkpoint_store: hdfs (it reaches the checkpoints"
                      + " through S3); with hdfs: "
                      + String.join(", ", hdfsFaults()));
        }
      }
    }
    refuseFaultsTheSupervisionCannotRun(f, settings, targets, faults);
    Scenario.RunSettings run = run(f.get("run"), workload, faults);
    return new Scenario(name, description, workload, targets, settings, faults, run);
  }

  /**
   * Refuses, with one line, a target that cannot run the stateful pipeline of {@code workload}:
   * Spark Structured Streaming keeps no state here, and the Spark transactional variant needs each
   * key's records to come from one Kafka partition.
   */
  private static void refuseStateless(YamlNode at, Scenario.Workload w, Scenario.Target t) {
    if (!t.engine().equals("spark")) {
      return;
    }
    if (t.variant().startsWith("structured")) {
      throw at.error(
          "'keys' (a stateful pipeline) runs on Flink and on the Spark DStream variants"
              + " (as-written, recoverable, transactional); the target "
              + t.label()
              + " is Structured Streaming, which keeps no state here (out of the scope of issue"
              + " 17)");
    }
    if (t.variant().equals("transactional") && w.keys() % w.partitions() != 0) {
      throw at.error(
          "'keys' ("
              + w.keys()
              + ") must be a multiple of 'partitions' ("
              + w.partitions()
              + ") for the target "
              + t.label()
              + ": it writes each key's state in the transaction of the one Kafka partition"
              + " that key's records come from (id i goes to partition i % partitions, key i %"
              + " keys)");
    }
  }

  /**
   * {@code state_checkpoint_interval}: the checkpoint interval of a Spark {@code mapWithState}
   * state DStream, so it needs a stateful workload and a Spark DStream target, and it must be a
   * multiple of Spark's batch interval (Spark refuses any other when the context starts).
   */
  private static void checkStateCheckpointInterval(
      YamlNode settingsNode,
      Scenario.Workload w,
      List<Scenario.Target> targets,
      Scenario.EngineSettings s) {
    YamlNode n = settingsNode.fields(SETTINGS_FIELDS).get(STATE_CHECKPOINT_INTERVAL);
    if (!w.stateful()) {
      throw n.error(
          "'"
              + STATE_CHECKPOINT_INTERVAL
              + "' needs workload.keys (it is the checkpoint interval of Spark's state)");
    }
    if (targets.stream()
        .noneMatch(t -> t.engine().equals("spark") && !t.variant().startsWith("structured"))) {
      throw n.error(
          "'"
              + STATE_CHECKPOINT_INTERVAL
              + "' applies to Spark DStream targets only (mapWithState); the scenario has none");
    }
    Duration d = s.stateCheckpointInterval();
    Duration batch = s.sparkBatchInterval();
    if (d.isZero() || d.isNegative() || d.toMillis() % batch.toMillis() != 0) {
      throw n.error(
          "'"
              + STATE_CHECKPOINT_INTERVAL
              + "' ("
              + d.toMillis()
              + " ms) must be a multiple of Spark's batch interval ("
              + batch.toSeconds()
              + " s, from checkpoint_interval)");
    }
  }

  /**
   * The faults that do not run with the scenario's supervision: damaged checkpoints under Flink HA,
   * and restarts by the harness under the Spark cluster's own supervision; each refused as one
   * line.
   */
  private static void refuseFaultsTheSupervisionCannotRun(
      Map<String, YamlNode> f,
      Scenario.EngineSettings settings,
      List<Scenario.Target> targets,
      List<FaultSpec> faults) {
    if (settings.flinkHaZooKeeper() && targets.stream().anyMatch(t -> t.engine().equals("flink"))) {
      for (int i = 0; i < faults.size(); i++) {
        if (faults.get(i).kind() instanceof org.recoverybench.fault.CheckpointDamage
            && faults.get(i).meets("flink")) {
          throw f.get("faults")
              .items()
              .get(i)
              .error(
                  faults.get(i).type()
                      + " does not run with flink_ha: zookeeper yet (it kills the JobManager and"
                      + " resubmits the job; a standby would take the old job over)");
        }
      }
    }
    if (settings.sparkClusterSupervision()
        && targets.stream().anyMatch(t -> t.engine().equals("spark"))) {
      for (int i = 0; i < faults.size(); i++) {
        var kind = faults.get(i).kind();
        boolean restartsTheDriver =
            kind instanceof org.recoverybench.fault.CheckpointDamage
                || kind instanceof org.recoverybench.fault.GracefulRestart
                || kind instanceof org.recoverybench.fault.Upgrade
                || kind instanceof org.recoverybench.fault.Rescale
                || kind instanceof org.recoverybench.fault.MovedOffsets;
        if (restartsTheDriver && faults.get(i).meets("spark")) {
          throw f.get("faults")
              .items()
              .get(i)
              .error(
                  faults.get(i).type()
                      + " does not run with spark_supervision: cluster (the harness would stop"
                      + " and start the driver itself, and the Worker would relaunch it too);"
                      + " with cluster: kills, outages, slow S3 and poison records");
        }
      }
    }
  }

  /** The fault types that run with {@code checkpoint_store: hdfs}, sorted. */
  public static List<String> hdfsFaults() {
    return FaultTypes.ALL.stream()
        .filter(FaultType::runsWithHdfs)
        .map(FaultType::name)
        .sorted()
        .toList();
  }

  private static YamlNode required(YamlNode parent, Map<String, YamlNode> f, String key) {
    YamlNode n = f.get(key);
    if (n == null) {
      throw parent.error("the field '" + key + "' is required");
    }
    return n;
  }

  private static Scenario.Workload workload(YamlNode n) {
    Map<String, YamlNode> f =
        n.fields(
            Set.of(
                "partitions",
                "records",
                "duration",
                "rate_per_second",
                "payload_bytes",
                "keys",
                "state_bytes"));
    int rate =
        f.containsKey("rate_per_second")
            ? (int) f.get("rate_per_second").integer(0, 10_000_000)
            : 0;
    long records;
    if (f.containsKey("duration")) {
      if (f.containsKey("records")) {
        throw f.get("records")
            .error("give 'records' or 'duration', not both ('duration' makes rate × duration ids)");
      }
      if (rate == 0) {
        throw f.get("duration").error("'duration' needs a 'rate_per_second' above 0");
      }
      records = recordsFor(f.get("duration"), rate);
    } else {
      records = required(n, f, "records").integer(1, 1_000_000_000L);
    }
    long keys = f.containsKey("keys") ? f.get("keys").integer(1, 10_000_000) : 0;
    int stateBytes =
        f.containsKey("state_bytes") ? (int) f.get("state_bytes").integer(0, 1_000_000) : 0;
    if (stateBytes > 0 && keys == 0) {
      throw f.get("state_bytes").error("'state_bytes' needs 'keys'");
    }
    return new Scenario.Workload(
        (int) required(n, f, "partitions").integer(1, 1024),
        records,
        rate,
        f.containsKey("payload_bytes") ? (int) f.get("payload_bytes").integer(0, 1_000_000) : 64,
        keys,
        stateBytes);
  }

  /** The ids a workload of {@code duration} at {@code rate} per second produces. */
  static long recordsFor(YamlNode duration, int rate) {
    long records = duration.duration().toMillis() * rate / 1000;
    if (records < 1 || records > 1_000_000_000L) {
      throw duration.error(
          "makes " + records + " ids at " + rate + "/s; it must make between 1 and 1000000000");
    }
    return records;
  }

  private static List<Scenario.Target> targets(YamlNode n) {
    List<Scenario.Target> out = new ArrayList<>();
    for (YamlNode item : n.items()) {
      Map<String, YamlNode> f = item.fields(Set.of("engine", "variant", "sink_mode"));
      String engine = required(item, f, "engine").oneOf(ENGINES);
      String variant =
          engine.equals("flink")
              ? (f.containsKey("variant") ? f.get("variant").oneOf(FLINK_VARIANTS) : "datastream")
              : required(item, f, "variant").oneOf(SPARK_VARIANTS);
      String sinkMode = required(item, f, "sink_mode").oneOf(SINK_MODES);
      if (engine.equals("spark")) {
        boolean tx = variant.equals("transactional") || variant.equals("structured-idempotent");
        if (tx != sinkMode.equals("exactly-once")) {
          throw f.get("sink_mode")
              .error(
                  "the Spark variant "
                      + variant
                      + (tx ? " writes exactly-once only" : " supports append or upsert"));
        }
      }
      Scenario.Target t = new Scenario.Target(engine, variant, sinkMode);
      if (out.contains(t)) {
        throw item.error("the target " + t.label() + " is listed twice");
      }
      out.add(t);
    }
    if (out.isEmpty()) {
      throw n.error("at least one target is required");
    }
    return out;
  }

  private static Scenario.EngineSettings settings(YamlNode n) {
    Duration interval = Duration.ofSeconds(5);
    int parallelism = 1;
    Duration session = Duration.ofSeconds(6);
    Duration heartbeat = Duration.ofSeconds(2);
    String starting = "engine-default";
    String onParseError = "fail";
    int retained = 0;
    int standby = 0;
    String store = Scenario.EngineSettings.STORE_S3;
    int driverRestarts = 0;
    String flinkHa = Scenario.EngineSettings.HA_NONE;
    String sparkSupervision = Scenario.EngineSettings.SUPERVISION_HARNESS;
    String flinkRestart = Scenario.EngineSettings.RESTART_FIXED;
    Duration stateCheckpoint = null;
    if (n != null) {
      Map<String, YamlNode> f = n.fields(SETTINGS_FIELDS);
      if (f.containsKey(STATE_CHECKPOINT_INTERVAL)) {
        stateCheckpoint = f.get(STATE_CHECKPOINT_INTERVAL).duration();
      }
      if (f.containsKey("flink_restart")) {
        flinkRestart = f.get("flink_restart").oneOf(FLINK_RESTART);
      }
      if (f.containsKey("spark_supervision")) {
        sparkSupervision = f.get("spark_supervision").oneOf(SPARK_SUPERVISION);
        if (sparkSupervision.equals(Scenario.EngineSettings.SUPERVISION_CLUSTER)
            && f.containsKey("driver_restarts")) {
          throw f.get("driver_restarts")
              .error(
                  "driver_restarts is the harness's supervision of the driver; with"
                      + " spark_supervision: cluster the Spark Worker relaunches it (--supervise)");
        }
      }
      if (f.containsKey("flink_ha")) {
        flinkHa = f.get("flink_ha").oneOf(FLINK_HA);
      }
      if (f.containsKey("driver_restarts")) {
        driverRestarts = (int) f.get("driver_restarts").integer(0, 100);
      }
      if (f.containsKey("checkpoint_store")) {
        store = f.get("checkpoint_store").oneOf(CHECKPOINT_STORES);
      }
      if (f.containsKey("standby_taskmanagers")) {
        standby = (int) f.get("standby_taskmanagers").integer(0, 4);
      }
      if (f.containsKey("checkpoints_retained")) {
        retained = (int) f.get("checkpoints_retained").integer(1, 1000);
      }
      if (f.containsKey("checkpoint_interval")) {
        interval = f.get("checkpoint_interval").duration();
      }
      if (f.containsKey("parallelism")) {
        parallelism = (int) f.get("parallelism").integer(1, 64);
      }
      if (f.containsKey("session_timeout")) {
        session = f.get("session_timeout").duration();
      }
      if (f.containsKey("heartbeat_interval")) {
        heartbeat = f.get("heartbeat_interval").duration();
      }
      if (f.containsKey("starting_offsets")) {
        starting = f.get("starting_offsets").oneOf(STARTING_OFFSETS);
      }
      if (f.containsKey("on_parse_error")) {
        onParseError = f.get("on_parse_error").oneOf(ON_PARSE_ERROR);
      }
      if (heartbeat.compareTo(session) >= 0) {
        throw (f.containsKey("heartbeat_interval") ? f.get("heartbeat_interval") : n)
            .error("the heartbeat interval must be shorter than the session timeout");
      }
    }
    return new Scenario.EngineSettings(
        interval,
        parallelism,
        session,
        heartbeat,
        starting,
        onParseError,
        retained,
        standby,
        store,
        driverRestarts,
        flinkHa,
        sparkSupervision,
        flinkRestart,
        stateCheckpoint);
  }

  private static FaultSpec fault(YamlNode n) {
    Map<String, YamlNode> f =
        n.fields(
            Set.of(
                "type",
                "at",
                "after_checkpoints",
                "mid_batch",
                "duration",
                "latency",
                "restore_from",
                "uids",
                "parallelism",
                FaultSpec.ENGINE));
    String type = required(n, f, "type").oneOf(FaultTypes.names());
    FaultType kind = FaultTypes.of(type);
    Duration at = f.containsKey("at") ? f.get("at").duration() : null;
    int after =
        f.containsKey("after_checkpoints")
            ? (int) f.get("after_checkpoints").integer(1, 10_000)
            : 0;
    if ((at == null) == (after == 0)) {
      throw n.error("give exactly one of 'at' (a time) or 'after_checkpoints' (a count)");
    }
    boolean mid = f.containsKey("mid_batch") && f.get("mid_batch").bool();
    if (mid && after == 0) {
      throw f.get("mid_batch").error("mid_batch needs after_checkpoints");
    }
    Duration duration = f.containsKey("duration") ? f.get("duration").duration() : Duration.ZERO;
    Duration latency = Duration.ZERO;
    if (kind.options().contains(FaultSpec.LATENCY)) {
      latency = f.containsKey("latency") ? f.get("latency").duration() : Duration.ZERO;
      if (latency.isZero()) {
        throw n.error(type + " needs 'latency', the delay the proxy adds (e.g. 500ms)");
      }
    } else if (f.containsKey("latency")) {
      throw f.get("latency")
          .error(
              "'latency' applies to " + String.join(", ", FaultTypes.taking("latency")) + " only");
    }
    if (kind.needsDuration() && duration.isZero()) {
      throw n.error(type + " needs 'duration', how long it lasts (e.g. 20s)");
    }
    String engine = f.containsKey(FaultSpec.ENGINE) ? f.get(FaultSpec.ENGINE).oneOf(ENGINES) : null;
    return new FaultSpec(
        type, at, after, mid, duration, latency, restartOptions(kind, n, f), engine);
  }

  /** restore_from, uids and parallelism: only for the types that take them. */
  private static FaultSpec.RestartOptions restartOptions(
      FaultType kind, YamlNode n, Map<String, YamlNode> f) {
    List<String> restartFields =
        List.of(FaultSpec.RESTORE_FROM, FaultSpec.UIDS, FaultSpec.PARALLELISM);
    if (!kind.options().contains(FaultSpec.RESTORE_FROM)) {
      for (String k : restartFields) {
        if (f.containsKey(k)) {
          throw f.get(k)
              .error(
                  "'" + k + "' applies only to " + typesTaking(FaultSpec.RESTORE_FROM) + " faults");
        }
      }
      return null;
    }
    for (String k : restartFields) {
      if (f.containsKey(k) && !kind.options().contains(k)) {
        throw f.get(k).error("'" + k + "' applies only to " + typesTaking(k) + " faults");
      }
    }
    String from =
        f.containsKey(FaultSpec.RESTORE_FROM)
            ? f.get(FaultSpec.RESTORE_FROM)
                .oneOf(
                    Set.of(
                        FaultSpec.RestartOptions.FROM_SAVEPOINT,
                        FaultSpec.RestartOptions.FROM_CHECKPOINT))
            : FaultSpec.RestartOptions.FROM_SAVEPOINT;
    boolean uids = !f.containsKey(FaultSpec.UIDS) || f.get(FaultSpec.UIDS).bool();
    int parallelism = 0;
    if (kind.options().contains(FaultSpec.PARALLELISM)) {
      parallelism = (int) required(n, f, FaultSpec.PARALLELISM).integer(1, 64);
    }
    return new FaultSpec.RestartOptions(from, uids, parallelism);
  }

  private static String typesTaking(String option) {
    return String.join(" and ", FaultTypes.taking(option));
  }

  private static Scenario.RunSettings run(
      YamlNode n, Scenario.Workload workload, List<FaultSpec> faults) {
    Duration drain = Duration.ofMinutes(3);
    Duration grace = Duration.ofSeconds(120);
    int trials = 1;
    Duration tail = null;
    if (n != null) {
      Map<String, YamlNode> f =
          n.fields(Set.of("drain_timeout", "recovery_grace", "trials", TAIL_AFTER_RECOVERY));
      if (f.containsKey(TAIL_AFTER_RECOVERY)) {
        YamlNode t = f.get(TAIL_AFTER_RECOVERY);
        tail = t.duration();
        if (faults.isEmpty()) {
          throw t.error("needs a fault to recover from (the scenario has none)");
        }
        if (workload.ratePerSecond() == 0) {
          throw t.error("needs workload.rate_per_second above 0 (the producer runs on until then)");
        }
      }
      if (f.containsKey("drain_timeout")) {
        drain = f.get("drain_timeout").duration();
      }
      if (f.containsKey("recovery_grace")) {
        grace = f.get("recovery_grace").duration();
      }
      if (f.containsKey("trials")) {
        trials = (int) f.get("trials").integer(1, 1000);
      }
    }
    return new Scenario.RunSettings(drain, grace, trials, tail);
  }
}
