package org.recoverybench.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.lab.proxy.TcpProxy;
import org.recoverybench.process.Ports;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The proxy's request count against what a real S3 server was asked, request by request. */
class S3RequestCountITCase {
  private S3Server s3;
  private TcpProxy proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (s3 != null) {
      s3.stop();
    }
  }

  @Test
  void everyS3RequestThroughTheProxyIsCountedOnceByMethod(@TempDir Path dir) throws Exception {
    String key = "ak-" + Long.toHexString(System.nanoTime());
    String secret = "sk-" + Long.toHexString(System.nanoTime() * 31);
    s3 = new S3Server(dir.resolve("s3"), Ports.free(), "count", key, secret);
    s3.start();
    s3.awaitHealthy(Duration.ofSeconds(90));
    proxy = TcpProxy.forEndpoint(s3.endpoint());

    try (S3Client c = LabClients.s3(proxy.endpoint(), key, secret)) {
      for (int i = 0; i < 3; i++) {
        c.putObject(
            PutObjectRequest.builder().bucket("count").key("p/" + i).build(),
            RequestBody.fromString("x".repeat(100_000 * (i + 1))));
      }
      int listed =
          c.listObjectsV2(ListObjectsV2Request.builder().bucket("count").prefix("p/").build())
              .contents()
              .size();
      byte[] got =
          c.getObjectAsBytes(GetObjectRequest.builder().bucket("count").key("p/2").build())
              .asByteArray();
      assertThat(listed).isEqualTo(3);
      assertThat(got).hasSize(300_000);
    }
    assertThat(proxy.requests().byMethod()).isEqualTo(Map.of("PUT", 3L, "GET", 2L));
    assertThat(proxy.requests().total()).isEqualTo(5);
    assertThat(Files.exists(dir.resolve("s3"))).isTrue();
  }
}
