package org.recoverybench.engine;

import java.nio.file.Path;
import java.util.List;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.HdfsEndpoints;
import org.recoverybench.scenario.Scenario;

/**
 * Everything an engine driver needs for one trial; each trial has its own run id, topic, consumer
 * group and checkpoint prefix, so trials never see each other's data.
 *
 * @param checkpointPrefix the key prefix (no bucket) or HDFS path (no leading slash) under which
 *     this trial's checkpoints live
 * @param hdfs the lab's HDFS when the scenario checkpoints there ({@code checkpoint_store: hdfs}),
 *     else null
 * @param kills the kinds of process the scenario's faults kill, in the schedule's order (the driver
 *     needs processes of its own to kill, and a Spark WORKER kill needs executors)
 */
public record TrialContext(
    Scenario scenario,
    Scenario.Target target,
    int trial,
    String runId,
    String topic,
    String groupId,
    String checkpointPrefix,
    Endpoints endpoints,
    Path dir,
    HdfsEndpoints hdfs,
    List<ProcessKind> kills) {

  public TrialContext {
    kills = List.copyOf(kills);
  }

  public TrialContext(
      Scenario scenario,
      Scenario.Target target,
      int trial,
      String runId,
      String topic,
      String groupId,
      String checkpointPrefix,
      Endpoints endpoints,
      Path dir) {
    this(
        scenario,
        target,
        trial,
        runId,
        topic,
        groupId,
        checkpointPrefix,
        endpoints,
        dir,
        null,
        List.of());
  }

  /**
   * The checkpoint location: on S3 a URI of the given scheme ({@code s3} for Flink, {@code s3a} for
   * Spark); on HDFS {@code hdfs://127.0.0.1:port/<prefix>} whatever the scheme asked for.
   */
  public String checkpointUri(String scheme) {
    return checkpointUri(scheme, checkpointPrefix);
  }

  /** As {@link #checkpointUri(String)}, for another prefix of this trial. */
  public String checkpointUri(String scheme, String prefix) {
    if (hdfs != null) {
      return hdfs.uri(prefix);
    }
    return scheme + "://" + endpoints.s3Bucket() + "/" + prefix;
  }

  /** {@code s3} or {@code hdfs}. */
  public String checkpointStore() {
    return hdfs != null ? Scenario.EngineSettings.STORE_HDFS : Scenario.EngineSettings.STORE_S3;
  }
}
