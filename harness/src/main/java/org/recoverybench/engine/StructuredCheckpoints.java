package org.recoverybench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.result.TrialResult;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A Structured Streaming checkpoint ({@code checkpointLocation}), read from its own files: the
 * offsets log {@code offsets/N} (written when batch N is planned: the end offsets of the batch, per
 * source, one JSON line each after a version line and a metadata line) and the commits log {@code
 * commits/N} (written when batch N has completed). A restarted query runs batch N again when {@code
 * offsets/N} has no {@code commits/N}, and goes on after it when it has one; so the offsets that
 * the checkpoint holds as processed are those of the newest committed batch.
 */
public final class StructuredCheckpoints {
  private StructuredCheckpoints() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BATCH_FILE = Pattern.compile(".*/(offsets|commits)/(\\d+)$");

  /** The batch id of a log file's key, or -1 for other keys (temp files, metadata). */
  static long batchOf(String key, String log) {
    var m = BATCH_FILE.matcher(key);
    return m.matches() && m.group(1).equals(log) ? Long.parseLong(m.group(2)) : -1;
  }

  /**
   * The end offsets of one topic in an offsets log file, by partition; empty if the file names no
   * offsets of that topic.
   */
  static Map<Integer, Long> offsetsOf(String offsetsFile, String topic) {
    Map<Integer, Long> out = new TreeMap<>();
    for (String line : offsetsFile.split("\n")) {
      String l = line.trim();
      if (!l.startsWith("{")) {
        continue; // the version line "v1"
      }
      JsonNode n;
      try {
        n = JSON.readTree(l);
      } catch (java.io.IOException e) {
        continue; // not a source's offsets
      }
      JsonNode partitions = n.path(topic);
      if (partitions.isObject()) {
        partitions
            .fields()
            .forEachRemaining(e -> out.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
      }
    }
    return out;
  }

  /**
   * The newest planned batch ({@code offsets/N} with the highest N) as the checkpoint that a
   * checkpoint-damage fault deletes, corrupts or truncates: its offsets file alone.
   */
  public static Optional<LatestCheckpoint> latest(Endpoints endpoints, String prefix) {
    List<String> keys = EngineDrivers.s3Keys(endpoints, prefix + "offsets/");
    return keys.stream()
        .filter(k -> batchOf(k, "offsets") >= 0)
        .max(Comparator.comparingLong(k -> batchOf(k, "offsets")))
        .map(k -> new LatestCheckpoint("offsets/" + batchOf(k, "offsets"), List.of(k), List.of(k)));
  }

  /**
   * The request line of an upload to the offsets or the commits log (the file itself, or the
   * temporary file it is renamed from), as the S3 proxy sees it.
   */
  public static Pattern uploadRequest(String bucket, String prefix) {
    return Pattern.compile(
        "PUT " + Pattern.quote("/" + bucket + "/" + prefix) + "(offsets|commits)/");
  }

  /**
   * The end offsets of {@code topic} in the newest committed batch: where the query goes on after a
   * restart. Empty when no batch has been committed, or when S3 cannot be read.
   */
  public static Map<Integer, Long> committedOffsets(
      Endpoints endpoints, String prefix, String topic) {
    try (S3Client s3 = LabClients.s3(endpoints)) {
      long newest = -1;
      for (String k : EngineDrivers.s3Keys(endpoints, prefix + "commits/")) {
        newest = Math.max(newest, batchOf(k, "commits"));
      }
      if (newest < 0) {
        return Map.of();
      }
      String content =
          s3.getObjectAsBytes(
                  GetObjectRequest.builder()
                      .bucket(endpoints.s3Bucket())
                      .key(prefix + "offsets/" + newest)
                      .build())
              .asString(StandardCharsets.UTF_8);
      return offsetsOf(content, topic);
    } catch (RuntimeException e) {
      return Map.of(); // S3 away, or the offsets file is gone (a damaged checkpoint)
    }
  }

  /**
   * Each committed batch as one checkpoint: its id {@code batch-N}, the bytes of its offsets and
   * commits files, and the time its commit was written.
   */
  public static List<TrialResult.PerCheckpoint> listed(Endpoints endpoints, String prefix) {
    Map<Long, Long> offsetBytes = new LinkedHashMap<>();
    List<TrialResult.PerCheckpoint> out = new ArrayList<>();
    try (S3Client s3 = LabClients.s3(endpoints)) {
      List<S3Object> all =
          s3
              .listObjectsV2Paginator(
                  ListObjectsV2Request.builder()
                      .bucket(endpoints.s3Bucket())
                      .prefix(prefix)
                      .build())
              .contents()
              .stream()
              .toList();
      for (S3Object o : all) {
        long n = batchOf(o.key(), "offsets");
        if (n >= 0) {
          offsetBytes.put(n, o.size());
        }
      }
      for (S3Object o : all) {
        long n = batchOf(o.key(), "commits");
        if (n >= 0) {
          out.add(
              new TrialResult.PerCheckpoint(
                  "batch-" + n,
                  o.size() + offsetBytes.getOrDefault(n, 0L),
                  null,
                  o.lastModified().toEpochMilli()));
        }
      }
    } catch (RuntimeException e) {
      // S3 away: no listing
    }
    out.sort(Comparator.comparing(TrialResult.PerCheckpoint::completedAtMs));
    return out;
  }
}
