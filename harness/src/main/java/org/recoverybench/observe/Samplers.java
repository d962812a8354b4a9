package org.recoverybench.observe;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Point-in-time readings of Kafka and S3 for a trial. */
public final class Samplers {
  private Samplers() {}

  /** Bytes and objects under an S3 prefix. */
  public record Footprint(long bytes, long objects) {}

  public static Footprint footprint(S3Client s3, String bucket, String prefix) {
    long bytes = 0;
    long objects = 0;
    String token = null;
    do {
      ListObjectsV2Response r =
          s3.listObjectsV2(
              ListObjectsV2Request.builder()
                  .bucket(bucket)
                  .prefix(prefix)
                  .continuationToken(token)
                  .build());
      for (S3Object o : r.contents()) {
        bytes += o.size();
        objects++;
      }
      token = r.isTruncated() ? r.nextContinuationToken() : null;
    } while (token != null);
    return new Footprint(bytes, objects);
  }

  /** The consumer group's committed offsets of a topic, per partition (empty if none). */
  public static Map<Integer, Long> committedOffsets(Admin admin, String groupId, String topic) {
    Map<Integer, Long> out = new HashMap<>();
    try {
      Map<TopicPartition, OffsetAndMetadata> m =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      m.forEach(
          (tp, om) -> {
            if (tp.topic().equals(topic) && om != null) {
              out.put(tp.partition(), om.offset());
            }
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // the group may not exist yet: no committed offsets is the reading
    }
    return out;
  }

  public static Admin admin(Endpoints e) {
    return LabClients.kafkaAdmin(e);
  }
}
