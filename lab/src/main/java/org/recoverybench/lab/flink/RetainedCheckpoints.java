package org.recoverybench.lab.flink;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The checkpoints a Flink job retained in S3, as the store lists them. */
final class RetainedCheckpoints {
  private static final Pattern METADATA = Pattern.compile("(.*/chk-(\\d+))/_metadata");

  private RetainedCheckpoints() {}

  /**
   * The newest retained checkpoint under a checkpoint directory {@code s3://bucket/prefix}: the
   * {@code chk-N} with a {@code _metadata} object and the highest N, as a path for {@code -s}.
   */
  static Optional<String> latest(Endpoints endpoints, String checkpointDir) {
    URI u = URI.create(checkpointDir);
    String bucket = u.getHost();
    String prefix = u.getPath().replaceFirst("^/", "");
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    String best = null;
    long bestN = -1;
    try (S3Client s3 = LabClients.s3(endpoints)) {
      for (S3Object o :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
              .contents()) {
        Matcher m = METADATA.matcher(o.key());
        if (m.matches() && Long.parseLong(m.group(2)) > bestN) {
          bestN = Long.parseLong(m.group(2));
          best = m.group(1);
        }
      }
    }
    return Optional.ofNullable(best).map(k -> u.getScheme() + "://" + bucket + "/" + k);
  }
}
