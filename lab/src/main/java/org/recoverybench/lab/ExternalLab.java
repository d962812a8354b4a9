package org.recoverybench.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.recoverybench.lab.flink.FlinkRest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Servers that already exist (a team's own Kafka, S3 and PostgreSQL): nothing is started or
 * stopped. {@link #start()} checks that each endpoint answers and accepts the credentials, and
 * applies the sink schema; each failure is one line that names the endpoint.
 */
public final class ExternalLab implements Lab {
  private final Endpoints endpoints;
  private final ExistingEngines engines;
  private final Path workDir;

  public ExternalLab(Endpoints endpoints, Path workDir) {
    this(endpoints, ExistingEngines.NONE, workDir);
  }

  public ExternalLab(Endpoints endpoints, ExistingEngines engines, Path workDir) {
    this.endpoints = endpoints;
    this.engines = engines;
    this.workDir = workDir;
  }

  @Override
  public void start() {
    checkKafka();
    checkS3();
    checkPostgres();
    engines.flink().ifPresent(ExternalLab::checkFlink);
    engines.spark().ifPresent(ExternalLab::checkSpark);
  }

  @Override
  public ExistingEngines engines() {
    return engines;
  }

  /** The Flink REST API answers {@code /overview} and has at least one TaskManager. */
  private static void checkFlink(String rest) {
    if (new FlinkRest(rest).require("/overview").path("taskmanagers").asInt(0) == 0) {
      throw new LabException("the Flink cluster at " + rest + " has no TaskManager");
    }
  }

  /** The Spark master accepts TCP connections on its port. */
  private static void checkSpark(String master) {
    URI u = URI.create(master);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 5000);
    } catch (IOException e) {
      throw new LabException("cannot reach the Spark master at " + master + ": " + rootMessage(e));
    }
  }

  private void checkKafka() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    try (Admin admin = Admin.create(p)) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(10_000))
          .nodes()
          .get(15, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new LabException(
          "cannot reach Kafka at "
              + endpoints.kafkaBootstrap()
              + ": no broker answered within 10 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("interrupted while checking Kafka");
    } catch (RuntimeException e) {
      throw new LabException(
          "cannot use Kafka at " + endpoints.kafkaBootstrap() + ": " + e.getMessage());
    }
  }

  private void checkS3() {
    try (S3Client s3 = LabClients.s3(endpoints)) {
      s3.headBucket(HeadBucketRequest.builder().bucket(endpoints.s3Bucket()).build());
    } catch (S3Exception e) {
      String why =
          switch (e.statusCode()) {
            case 403 -> "the access key or secret key was refused (HTTP 403)";
            case 404 -> "the bucket does not exist (HTTP 404)";
            default -> "HTTP " + e.statusCode();
          };
      throw new LabException(
          "cannot use bucket "
              + endpoints.s3Bucket()
              + " at "
              + endpoints.s3Endpoint()
              + ": "
              + why);
    } catch (RuntimeException e) {
      throw new LabException(
          "cannot reach S3 at " + endpoints.s3Endpoint() + ": " + rootMessage(e));
    }
  }

  private void checkPostgres() {
    try (Connection c = LabClients.jdbc(endpoints)) {
      SinkSchema.apply(c);
      try (java.sql.Statement s = c.createStatement();
          java.sql.ResultSet rs = s.executeQuery("SHOW max_prepared_transactions")) {
        rs.next();
        if (rs.getInt(1) == 0) {
          throw new LabException(
              "PostgreSQL at "
                  + endpoints.jdbcUrl()
                  + " has max_prepared_transactions = 0; the exactly-once sinks prepare"
                  + " transactions: set it above 0 (e.g. 64) and restart the server");
        }
      }
    } catch (SQLException e) {
      throw new LabException(
          "cannot use PostgreSQL at "
              + endpoints.jdbcUrl()
              + " as "
              + endpoints.jdbcUser()
              + ": "
              // PostgreSQL's first line; the next ones are details such as "Position: 493"
              + (e.getMessage() == null
                      ? "SQLException"
                      : e.getMessage().lines().findFirst().orElse(""))
                  .trim());
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable r = e;
    while (r.getCause() != null) {
      r = r.getCause();
    }
    return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
  }

  @Override
  public Endpoints endpoints() {
    return endpoints;
  }

  @Override
  public List<LabService> services() {
    return List.of();
  }

  @Override
  public Path workDir() {
    return workDir;
  }

  @Override
  public void close() {
    // nothing of ours runs
  }
}
