package org.recoverybench.engine;

import java.nio.file.Path;
import org.recoverybench.lab.Lab;
import org.recoverybench.scenario.Scenario;

/** Makes the driver for a target: the one place that knows which class drives which engine. */
public final class EngineDrivers {
  private EngineDrivers() {}

  public static EngineDriver create(Scenario.Target target, Lab lab, Path workDir) {
    return switch (target.engine()) {
      case "flink" -> new FlinkEngineDriver(lab, workDir);
      case "spark" -> new SparkEngineDriver(lab, workDir);
      default -> throw new IllegalArgumentException("no driver for engine " + target.engine());
    };
  }

  /** Every key under a prefix of the lab's bucket, sorted. */
  static java.util.List<String> s3Keys(org.recoverybench.lab.Endpoints e, String prefix) {
    try (software.amazon.awssdk.services.s3.S3Client s3 = org.recoverybench.lab.LabClients.s3(e)) {
      return s3
          .listObjectsV2Paginator(
              software.amazon.awssdk.services.s3.model.ListObjectsV2Request.builder()
                  .bucket(e.s3Bucket())
                  .prefix(prefix)
                  .build())
          .contents()
          .stream()
          .map(software.amazon.awssdk.services.s3.model.S3Object::key)
          .sorted()
          .toList();
    }
  }
}
