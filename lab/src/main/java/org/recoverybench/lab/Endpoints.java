package org.recoverybench.lab;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where the lab's servers listen, and how to log in to them. */
public record Endpoints(
    String kafkaBootstrap,
    String s3Endpoint,
    String s3Region,
    String s3Bucket,
    String s3AccessKey,
    String s3SecretKey,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword) {

  /** The endpoints without the secret key and the password, for logs and messages. */
  @Override
  public String toString() {
    return "Endpoints[kafka "
        + kafkaBootstrap
        + ", s3 "
        + s3Endpoint
        + " bucket "
        + s3Bucket
        + ", jdbc "
        + jdbcUrl
        + " user "
        + jdbcUser
        + "]";
  }

  /** The endpoints as ordered key/value pairs, for printing and for environment variables. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("KAFKA_BOOTSTRAP", kafkaBootstrap);
    m.put("S3_ENDPOINT", s3Endpoint);
    m.put("S3_REGION", s3Region);
    m.put("S3_BUCKET", s3Bucket);
    m.put("S3_ACCESS_KEY", s3AccessKey);
    m.put("S3_SECRET_KEY", s3SecretKey);
    m.put("JDBC_URL", jdbcUrl);
    m.put("JDBC_USER", jdbcUser);
    m.put("JDBC_PASSWORD", jdbcPassword);
    return m;
  }
}
