package org.recoverybench.scenario;

import java.time.Duration;
import java.util.List;
import org.recoverybench.fault.FaultSpec;

/**
 * One scenario: a workload, the engine targets it runs on, engine settings and a fault schedule.
 * Every field is documented in {@code scenarios/README.md}.
 */
public record Scenario(
    String name,
    String description,
    Workload workload,
    List<Target> targets,
    EngineSettings settings,
    List<FaultSpec> faults,
    RunSettings run) {

  /**
   * What the producer writes: ids {@code 0..records-1} over {@code partitions}. With {@code keys}
   * above 0 the pipeline is stateful: record id {@code i} carries key {@code i % keys}, and each
   * key's count and sum (plus {@code stateBytes} of payload) is kept in the engine's state.
   */
  public record Workload(
      int partitions,
      long records,
      int ratePerSecond,
      int payloadBytes,
      long keys,
      int stateBytes) {

    /** A stateless workload, as every scenario had before {@code keys}. */
    public Workload(int partitions, long records, int ratePerSecond, int payloadBytes) {
      this(partitions, records, ratePerSecond, payloadBytes, 0, 0);
    }

    public boolean stateful() {
      return keys > 0;
    }
  }

  /** One engine and variant to run the scenario on. */
  public record Target(String engine, String variant, String sinkMode) {
    public String label() {
      return engine + "/" + variant + "/" + sinkMode;
    }
  }

  /**
   * Settings applied alike to both engines: the checkpoint interval is Flink's checkpoint interval
   * and Spark's batch (and so checkpoint) interval; the consumer timeouts are given to both; so is
   * the policy for records that cannot be parsed ({@code fail} or {@code dead-letter}). {@code
   * checkpointsRetained} is Flink's {@code execution.checkpointing.num-retained} (0 keeps the job's
   * default); Spark keeps its own fixed number of checkpoint files. {@code standbyTaskManagers} is
   * the number of Flink TaskManagers started beside the one the job needs, so that a restart after
   * a TaskManager is lost finds free slots at once instead of waiting for a replacement process.
   * {@code checkpointStore} is where both engines checkpoint: {@code s3} (the lab's S3 server) or
   * {@code hdfs} (the lab's NameNode and DataNode). {@code driverRestarts} is how often the
   * harness, as a supervisor would ({@code spark-submit --supervise}, a Kubernetes restart policy),
   * starts a Spark driver again with the same arguments when it exits by itself (0: never, as the
   * original app runs); Flink restarts its job by its own restart strategy. {@code flinkHa} is
   * {@code none} (a killed JobManager is started again and the job resubmitted from its latest
   * checkpoint, as a user without HA does it) or {@code zookeeper} (JobManager high availability
   * with the lab's ZooKeeper and a standby JobManager, which takes the job over by itself). {@code
   * sparkSupervision} is {@code harness} (the driver is its own JVM, started again by the harness
   * after a kill) or {@code cluster} (the driver is submitted to the standalone cluster in cluster
   * deploy mode with {@code --supervise}, so that the Spark Worker relaunches it by itself). {@code
   * flinkRestart} is the Flink job's restart strategy: {@code fixed-delay} (60 attempts, 1 s apart)
   * or {@code exponential-delay} (from 1 s, doubling up to 10 s, 20 attempts in a row before the
   * job fails, starting again after 60 s without a failure). {@code stateCheckpointInterval} is how
   * often a stateful Spark pipeline ({@code workload.keys}, {@code mapWithState}) checkpoints its
   * state DStream; null leaves Spark's default, 10 batch intervals.
   */
  public record EngineSettings(
      Duration checkpointInterval,
      int parallelism,
      Duration sessionTimeout,
      Duration heartbeatInterval,
      String startingOffsets,
      String onParseError,
      int checkpointsRetained,
      int standbyTaskManagers,
      String checkpointStore,
      int driverRestarts,
      String flinkHa,
      String sparkSupervision,
      String flinkRestart,
      Duration stateCheckpointInterval) {

    public static final String STORE_S3 = "s3";
    public static final String STORE_HDFS = "hdfs";

    /**
     * Flink without JobManager high availability: a killed JobManager is replaced and resubmitted.
     */
    public static final String HA_NONE = "none";

    /** Flink with ZooKeeper high availability: a standby JobManager takes over, no resubmission. */
    public static final String HA_ZOOKEEPER = "zookeeper";

    /** The Spark driver is the harness's child JVM; the harness starts it again after a kill. */
    public static final String SUPERVISION_HARNESS = "harness";

    /** The Spark driver runs in cluster deploy mode with --supervise: the Worker relaunches it. */
    public static final String SUPERVISION_CLUSTER = "cluster";

    /** Flink's fixed-delay restart strategy: 60 attempts, 1 s apart. */
    public static final String RESTART_FIXED = "fixed-delay";

    /** Flink's exponential-delay restart strategy: 1 s doubling to 10 s, 20 attempts in a row. */
    public static final String RESTART_EXPONENTIAL = "exponential-delay";

    /**
     * The settings as every scenario had them before {@code state_checkpoint_interval}: Spark's
     * default interval for the state DStream's checkpoints.
     */
    public EngineSettings(
        Duration checkpointInterval,
        int parallelism,
        Duration sessionTimeout,
        Duration heartbeatInterval,
        String startingOffsets,
        String onParseError,
        int checkpointsRetained,
        int standbyTaskManagers,
        String checkpointStore,
        int driverRestarts,
        String flinkHa,
        String sparkSupervision,
        String flinkRestart) {
      this(
          checkpointInterval,
          parallelism,
          sessionTimeout,
          heartbeatInterval,
          startingOffsets,
          onParseError,
          checkpointsRetained,
          standbyTaskManagers,
          checkpointStore,
          driverRestarts,
          flinkHa,
          sparkSupervision,
          flinkRestart,
          null);
    }

    /** The settings as every scenario had them before {@code flink_restart}: fixed delay. */
    public EngineSettings(
        Duration checkpointInterval,
        int parallelism,
        Duration sessionTimeout,
        Duration heartbeatInterval,
        String startingOffsets,
        String onParseError,
        int checkpointsRetained,
        int standbyTaskManagers,
        String checkpointStore,
        int driverRestarts,
        String flinkHa,
        String sparkSupervision) {
      this(
          checkpointInterval,
          parallelism,
          sessionTimeout,
          heartbeatInterval,
          startingOffsets,
          onParseError,
          checkpointsRetained,
          standbyTaskManagers,
          checkpointStore,
          driverRestarts,
          flinkHa,
          sparkSupervision,
          RESTART_FIXED);
    }

    /** The settings as every scenario had them before {@code spark_supervision}: the harness's. */
    public EngineSettings(
        Duration checkpointInterval,
        int parallelism,
        Duration sessionTimeout,
        Duration heartbeatInterval,
        String startingOffsets,
        String onParseError,
        int checkpointsRetained,
        int standbyTaskManagers,
        String checkpointStore,
        int driverRestarts,
        String flinkHa) {
      this(
          checkpointInterval,
          parallelism,
          sessionTimeout,
          heartbeatInterval,
          startingOffsets,
          onParseError,
          checkpointsRetained,
          standbyTaskManagers,
          checkpointStore,
          driverRestarts,
          flinkHa,
          SUPERVISION_HARNESS);
    }

    /** Whether the Spark driver runs under the standalone cluster's own supervision. */
    public boolean sparkClusterSupervision() {
      return SUPERVISION_CLUSTER.equals(sparkSupervision);
    }

    /**
     * How many times the batch interval Spark checkpoints a {@code mapWithState} DStream's state
     * when it is not told ({@code InternalMapWithStateDStream}'s default multiplier).
     */
    public static final int SPARK_STATE_CHECKPOINT_MULTIPLIER = 10;

    /** Spark's batch interval: the checkpoint interval in whole seconds, at least one. */
    public Duration sparkBatchInterval() {
      return Duration.ofSeconds(Math.max(1, checkpointInterval.toSeconds()));
    }

    /**
     * The interval at which a stateful Spark pipeline checkpoints its state: {@code
     * state_checkpoint_interval}, else Spark's default of 10 batch intervals.
     */
    public Duration sparkStateCheckpointInterval() {
      return stateCheckpointInterval != null
          ? stateCheckpointInterval
          : sparkBatchInterval().multipliedBy(SPARK_STATE_CHECKPOINT_MULTIPLIER);
    }

    /** The settings as every scenario had them before {@code flink_ha}: no HA. */
    public EngineSettings(
        Duration checkpointInterval,
        int parallelism,
        Duration sessionTimeout,
        Duration heartbeatInterval,
        String startingOffsets,
        String onParseError,
        int checkpointsRetained,
        int standbyTaskManagers,
        String checkpointStore,
        int driverRestarts) {
      this(
          checkpointInterval,
          parallelism,
          sessionTimeout,
          heartbeatInterval,
          startingOffsets,
          onParseError,
          checkpointsRetained,
          standbyTaskManagers,
          checkpointStore,
          driverRestarts,
          HA_NONE);
    }

    /** Whether Flink runs with ZooKeeper high availability and a standby JobManager. */
    public boolean flinkHaZooKeeper() {
      return HA_ZOOKEEPER.equals(flinkHa);
    }

    public EngineSettings(
        Duration checkpointInterval,
        int parallelism,
        Duration sessionTimeout,
        Duration heartbeatInterval,
        String startingOffsets,
        String onParseError,
        int checkpointsRetained) {
      this(
          checkpointInterval,
          parallelism,
          sessionTimeout,
          heartbeatInterval,
          startingOffsets,
          onParseError,
          checkpointsRetained,
          0,
          STORE_S3,
          0);
    }

    public boolean hdfs() {
      return STORE_HDFS.equals(checkpointStore);
    }

    public EngineSettings(
        Duration checkpointInterval,
        int parallelism,
        Duration sessionTimeout,
        Duration heartbeatInterval,
        String startingOffsets) {
      this(
          checkpointInterval,
          parallelism,
          sessionTimeout,
          heartbeatInterval,
          startingOffsets,
          "fail",
          0);
    }
  }

  /**
   * How long a trial may take, and when recovery is given up on. {@code tailAfterRecovery}, where
   * set (null: not), keeps the producer producing past {@code workload.records} until the last
   * fault's recovery and this long after it, so that the flow after the fault is measured in steady
   * state.
   */
  public record RunSettings(
      Duration drainTimeout, Duration recoveryGrace, int trials, Duration tailAfterRecovery) {

    /** Run settings without a tail after recovery, as every scenario had before. */
    public RunSettings(Duration drainTimeout, Duration recoveryGrace, int trials) {
      this(drainTimeout, recoveryGrace, trials, null);
    }
  }

  /**
   * Whether the producer of this scenario (as one target meets it) goes on past {@code
   * workload.records} until the tail after the last fault's recovery has passed.
   */
  public boolean producesUntilTail() {
    return run.tailAfterRecovery() != null && !faults.isEmpty();
  }

  /** Whether Flink runs with ZooKeeper high availability, so the lab must run ZooKeeper. */
  public boolean needsZooKeeper() {
    return settings.flinkHaZooKeeper()
        && targets.stream().anyMatch(t -> "flink".equals(t.engine()));
  }

  /** Whether the engines checkpoint to HDFS, so the lab must run a NameNode and a DataNode. */
  public boolean needsHdfs() {
    return settings.hdfs();
  }

  /**
   * This scenario as one target meets it: only the faults that target's engine meets (a fault may
   * name one engine with {@code engine}), in the same order.
   */
  public Scenario forTarget(Target target) {
    List<FaultSpec> mine = faults.stream().filter(f -> f.meets(target.engine())).toList();
    return mine.size() == faults.size()
        ? this
        : new Scenario(name, description, workload, targets, settings, mine, run);
  }

  public List<Target> targetsFor(String engineFilter) {
    if (engineFilter == null || engineFilter.equals("both")) {
      return targets;
    }
    return targets.stream().filter(t -> t.engine().equals(engineFilter)).toList();
  }
}
