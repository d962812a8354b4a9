package org.recoverybench.lab;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.recoverybench.process.JavaCommand;
import org.recoverybench.process.ProcessSpec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** S3Proxy with its filesystem backend, in its own JVM; the bucket is created once healthy. */
public final class S3Server extends ProcessService {
  public static final String MAIN_CLASS = "org.gaul.s3proxy.Main";
  private final int port;
  private final String bucket;
  private final String accessKey;
  private final String secretKey;
  private final Path lib;

  S3Server(Path dir, int port, String bucket, String accessKey, String secretKey) {
    super("s3", dir);
    this.port = port;
    this.bucket = bucket;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.lib = Dist.lib("s3proxy");
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  protected void prepare() {
    try {
      Files.createDirectories(dataDir());
      SecretFiles.write( // it holds the secret key
          dir.resolve("s3proxy.properties"),
          String.join(
              "\n",
              "s3proxy.endpoint=" + endpoint(),
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + accessKey,
              "s3proxy.credential=" + secretKey,
              "jclouds.provider=filesystem",
              "jclouds.filesystem.basedir=" + dataDir().toAbsolutePath(),
              ""));
      Files.writeString(
          dir.resolve("logback.xml"), LogConfigs.logback(dir.resolve("s3proxy-server.log")));
    } catch (IOException e) {
      throw new LabException("cannot write the S3 config in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  protected ProcessSpec spec() {
    List<String> cmd =
        JavaCommand.main(MAIN_CLASS)
            .jvm(
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"))
            .classpathDir(lib)
            .args("--properties", dir.resolve("s3proxy.properties").toString())
            .build();
    return ProcessSpec.of(name, cmd, dir, logFile());
  }

  @Override
  protected boolean probe() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      int code = c.getResponseCode(); // 403 without credentials still means it answers
      c.disconnect();
      return code > 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  protected void afterHealthy() {
    try (S3Client s3 = LabClients.s3(endpoint(), accessKey, secretKey)) {
      try {
        s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
      } catch (NoSuchBucketException e) {
        try {
          s3.createBucket(CreateBucketRequest.builder().bucket(bucket).build());
        } catch (BucketAlreadyOwnedByYouException ignored) {
          // created concurrently: what we wanted
        }
      }
    } catch (RuntimeException e) {
      throw new LabException("cannot create the S3 bucket " + bucket + ": " + e.getMessage(), e);
    }
  }
}
