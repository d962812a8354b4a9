package org.recoverybench.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.recoverybench.engine.EngineDriver;
import org.recoverybench.engine.LatestCheckpoint;
import org.recoverybench.engine.ProcessKind;
import org.recoverybench.engine.RestartSpec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Claim 5: the process holding the job is killed ({@code kill -9} of the Flink JobManager or the
 * Spark driver), the newest checkpoint is damaged, and the job is started again as before; both
 * engines. It damages the checkpoint on S3, so it does not run with HDFS.
 *
 * <ul>
 *   <li>{@code checkpoint-deleted}: every object of the newest checkpoint is deleted (Flink: {@code
 *       chk-N/}; Spark: {@code checkpoint-T} and {@code checkpoint-T.bk});
 *   <li>{@code checkpoint-corrupted}: 64 bytes in the middle of each metadata object are inverted
 *       (Flink: {@code _metadata}; Spark: the checkpoint file and its {@code .bk});
 *   <li>{@code checkpoint-truncated}: each metadata object is cut to half its length.
 * </ul>
 */
public record CheckpointDamage(Kind kind) implements FaultType {
  public static final CheckpointDamage DELETED = new CheckpointDamage(Kind.DELETE);
  public static final CheckpointDamage CORRUPTED = new CheckpointDamage(Kind.CORRUPT);
  public static final CheckpointDamage TRUNCATED = new CheckpointDamage(Kind.TRUNCATE);

  /** Bytes inverted by {@code CORRUPT}. */
  static final int CORRUPTED_BYTES = 64;

  public enum Kind {
    DELETE("checkpoint-deleted"),
    CORRUPT("checkpoint-corrupted"),
    TRUNCATE("checkpoint-truncated");

    private final String type;

    Kind(String type) {
      this.type = type;
    }
  }

  @Override
  public String name() {
    return kind.type;
  }

  @Override
  public Set<String> engines() {
    return BOTH;
  }

  @Override
  public boolean needsS3Proxy() {
    return false;
  }

  @Override
  public boolean runsWithHdfs() {
    return false;
  }

  @Override
  public ProcessKind kills() {
    return ProcessKind.COORDINATOR;
  }

  @Override
  public FaultWorker worker(FaultSpec spec, FaultEnv env) {
    return new RestartWorker(
        spec,
        env,
        new RestartSpec(
            RestartSpec.Stop.KILL,
            0,
            false,
            true,
            driver -> damage(driver, env.s3(), env.trial().endpoints().s3Bucket())));
  }

  /** Damages the driver's newest checkpoint; returns what was done. */
  String damage(EngineDriver driver, S3Client s3, String bucket) {
    LatestCheckpoint c =
        driver
            .latestCheckpoint()
            .orElseThrow(
                () -> new IllegalStateException("there is no checkpoint to damage at the fault"));
    switch (kind) {
      case DELETE -> {
        List<ObjectIdentifier> ids = new ArrayList<>();
        c.keys().forEach(k -> ids.add(ObjectIdentifier.builder().key(k).build()));
        s3.deleteObjects(
            DeleteObjectsRequest.builder()
                .bucket(bucket)
                .delete(Delete.builder().objects(ids).build())
                .build());
        return "deleted " + c.id() + ": " + c.keys().size() + " objects " + c.keys();
      }
      case CORRUPT, TRUNCATE -> {
        List<String> done = new ArrayList<>();
        for (String key : c.metadataKeys()) {
          byte[] b =
              s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build())
                  .asByteArray();
          byte[] out = kind == Kind.CORRUPT ? corrupt(b) : truncate(b);
          s3.putObject(
              PutObjectRequest.builder().bucket(bucket).key(key).build(),
              RequestBody.fromBytes(out));
          done.add(key + " (" + b.length + " -> " + out.length + " bytes)");
        }
        return (kind == Kind.CORRUPT
                ? "inverted " + CORRUPTED_BYTES + " bytes in the middle of "
                : "truncated to half ")
            + done;
      }
      default -> throw new IllegalStateException(kind.toString());
    }
  }

  /** A copy with up to {@link #CORRUPTED_BYTES} bytes from the middle inverted. */
  static byte[] corrupt(byte[] in) {
    byte[] out = in.clone();
    int from = out.length / 2;
    for (int i = from; i < Math.min(out.length, from + CORRUPTED_BYTES); i++) {
      out[i] = (byte) ~out[i];
    }
    return out;
  }

  /** The first half. */
  static byte[] truncate(byte[] in) {
    return java.util.Arrays.copyOf(in, in.length / 2);
  }
}
