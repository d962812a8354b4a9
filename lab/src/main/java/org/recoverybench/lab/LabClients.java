package org.recoverybench.lab;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Clients for the lab's servers, configured from {@link Endpoints}. */
public final class LabClients {
  private LabClients() {}

  public static S3Client s3(Endpoints e) {
    return s3(e.s3Endpoint(), e.s3AccessKey(), e.s3SecretKey());
  }

  static S3Client s3(String endpoint, String accessKey, String secretKey) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .serviceConfiguration(
            S3Configuration.builder()
                .pathStyleAccessEnabled(true)
                .checksumValidationEnabled(false)
                .build())
        .httpClient(UrlConnectionHttpClient.builder().build())
        .build();
  }

  public static Admin kafkaAdmin(Endpoints e) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrap());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    return Admin.create(p);
  }

  /** Objects and bytes under an S3 prefix. */
  public record S3Footprint(long objects, long bytes) {}

  /** Lists an S3 prefix and adds up its objects and bytes. */
  public static S3Footprint footprint(S3Client s3, String bucket, String prefix) {
    long objects = 0;
    long bytes = 0;
    for (software.amazon.awssdk.services.s3.model.S3Object o :
        s3.listObjectsV2Paginator(
                software.amazon.awssdk.services.s3.model.ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(prefix)
                    .build())
            .contents()) {
      objects++;
      bytes += o.size();
    }
    return new S3Footprint(objects, bytes);
  }

  /**
   * The consumer group's committed offsets of one topic, per partition: empty when the group has
   * none yet (or Kafka does not answer within 10 s).
   */
  public static java.util.Map<Integer, Long> committedOffsets(
      Admin admin, String groupId, String topic) {
    java.util.Map<Integer, Long> out = new java.util.HashMap<>();
    try {
      admin
          .listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata()
          .get(10, java.util.concurrent.TimeUnit.SECONDS)
          .forEach(
              (tp, om) -> {
                if (tp.topic().equals(topic) && om != null) {
                  out.put(tp.partition(), om.offset());
                }
              });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // no group yet, or no answer: no committed offsets is the reading
    }
    return out;
  }

  public static Connection jdbc(Endpoints e) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", e.jdbcUser());
    p.setProperty("password", e.jdbcPassword());
    p.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(e.jdbcUrl(), p);
  }
}
