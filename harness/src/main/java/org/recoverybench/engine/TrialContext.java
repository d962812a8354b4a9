package org.recoverybench.engine;

import java.nio.file.Path;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.scenario.Scenario;

/**
 * Everything an engine driver needs for one trial; each trial has its own run id, topic, consumer
 * group and S3 prefix, so trials never see each other's data.
 *
 * @param checkpointPrefix the S3 key prefix (no bucket) under which this trial's checkpoints live
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
    Path dir) {

  /** The checkpoint location as a URI of the given scheme ({@code s3} for Flink, {@code s3a}). */
  public String checkpointUri(String scheme) {
    return scheme + "://" + endpoints.s3Bucket() + "/" + checkpointPrefix;
  }
}
