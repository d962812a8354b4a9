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

  public static Connection jdbc(Endpoints e) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", e.jdbcUser());
    p.setProperty("password", e.jdbcPassword());
    p.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(e.jdbcUrl(), p);
  }
}
