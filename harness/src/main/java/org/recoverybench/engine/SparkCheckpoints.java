package org.recoverybench.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.HdfsEndpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.WebHdfs;
import org.recoverybench.result.TrialResult;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Spark Streaming's checkpoints, two ways: the files {@code checkpoint-T} (and the previous one,
 * {@code checkpoint-T.bk}) as the store lists them, and every write of one as the driver logs it
 * ({@code CheckpointWriter}: {@code Checkpoint for time T ms saved to file '…', took N bytes and M
 * ms}). The trial driver and the bench read them both here.
 */
public final class SparkCheckpoints {
  private static final Pattern FILE = Pattern.compile(".*/checkpoint-\\d+(\\.bk)?$");

  private static final Pattern WRITE =
      Pattern.compile(
          "Checkpoint for time \\d+ ms saved to file '[^']*/(checkpoint-\\d+)', took (\\d+) bytes"
              + " and (\\d+) ms");

  private static final Pattern DRIVER_LOG = Pattern.compile("driver-\\d+\\.log");

  private SparkCheckpoints() {}

  /**
   * One checkpoint write of a driver's log: the file, its size, and the time of the write including
   * the rename into place (an atomic rename on HDFS; a copy and a delete on S3A).
   */
  public record Write(String file, long bytes, long ms) {}

  /** Every checkpoint write of the logs, log by log, in the order written. */
  public static List<Write> writes(List<Path> driverLogs) {
    List<Write> out = new ArrayList<>();
    for (Path log : driverLogs) {
      try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
        for (String l : (Iterable<String>) lines::iterator) {
          Matcher w = WRITE.matcher(l);
          if (w.find()) {
            out.add(new Write(w.group(1), Long.parseLong(w.group(2)), Long.parseLong(w.group(3))));
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // a log not yet written
      }
    }
    return out;
  }

  /** The write times of {@link #writes}, by file name, in the order written. */
  public static Map<String, List<Long>> writeTimes(List<Path> driverLogs) {
    Map<String, List<Long>> m = new LinkedHashMap<>();
    for (Write w : writes(driverLogs)) {
      m.computeIfAbsent(w.file(), k -> new ArrayList<>()).add(w.ms());
    }
    return m;
  }

  /** The driver logs ({@code driver-N.log}) under a directory, in name order. */
  public static List<Path> driverLogsUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> DRIVER_LOG.matcher(p.getFileName().toString()).matches())
          .sorted()
          .toList();
    }
  }

  /**
   * The checkpoint files under {@code prefix} as the store lists them now (the HDFS directory with
   * {@code hdfs}, else the lab's S3 bucket), oldest first, each with the time its last write took
   * from {@code writeTimes}: the newest write holds the name, the one before it was moved to .bk.
   */
  public static List<TrialResult.PerCheckpoint> listed(
      Endpoints endpoints, HdfsEndpoints hdfs, String prefix, Map<String, List<Long>> writeTimes) {
    List<TrialResult.PerCheckpoint> out = new ArrayList<>();
    for (TrialResult.PerCheckpoint c :
        hdfs != null ? listHdfs(hdfs, prefix) : listS3(endpoints, prefix)) {
      boolean bk = c.id().endsWith(".bk");
      List<Long> ms = writeTimes.get(bk ? c.id().substring(0, c.id().length() - 3) : c.id());
      Long took = null;
      if (ms != null && !ms.isEmpty()) {
        took = bk ? (ms.size() > 1 ? ms.get(ms.size() - 2) : null) : ms.get(ms.size() - 1);
      }
      out.add(new TrialResult.PerCheckpoint(c.id(), c.bytes(), took, c.completedAtMs()));
    }
    return out;
  }

  private static List<TrialResult.PerCheckpoint> listHdfs(HdfsEndpoints hdfs, String prefix) {
    List<TrialResult.PerCheckpoint> out = new ArrayList<>();
    try {
      for (WebHdfs.Entry e : WebHdfs.list(hdfs, prefix)) {
        if (!e.directory() && FILE.matcher("/" + e.name()).matches()) {
          out.add(new TrialResult.PerCheckpoint(e.name(), e.length(), null, e.modificationTime()));
        }
      }
    } catch (RuntimeException e) {
      // HDFS away: no listing
    }
    out.sort(Comparator.comparing(TrialResult.PerCheckpoint::completedAtMs));
    return out;
  }

  private static List<TrialResult.PerCheckpoint> listS3(Endpoints endpoints, String prefix) {
    List<TrialResult.PerCheckpoint> out = new ArrayList<>();
    try (S3Client s3 = LabClients.s3(endpoints)) {
      for (S3Object o :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder()
                      .bucket(endpoints.s3Bucket())
                      .prefix(prefix)
                      .build())
              .contents()) {
        if (FILE.matcher(o.key()).matches()) {
          out.add(
              new TrialResult.PerCheckpoint(
                  o.key().substring(o.key().lastIndexOf('/') + 1),
                  o.size(),
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

  /**
   * The newest checkpoint in S3 under {@code prefix} ({@code checkpoint-T} with the highest T),
   * with its objects: the file and its .bk.
   */
  public static Optional<LatestCheckpoint> latest(Endpoints endpoints, String prefix) {
    List<String> keys = EngineDrivers.s3Keys(endpoints, prefix + "checkpoint-");
    Optional<Long> newest =
        keys.stream()
            .map(k -> k.substring(k.lastIndexOf('/') + 1))
            .filter(n -> n.matches("checkpoint-\\d+(\\.bk)?"))
            .map(n -> Long.parseLong(n.replaceAll("\\D", "")))
            .max(Long::compare);
    return newest.map(
        t -> {
          String id = "checkpoint-" + t;
          List<String> mine =
              keys.stream()
                  .filter(k -> k.endsWith("/" + id) || k.endsWith("/" + id + ".bk"))
                  .toList();
          return new LatestCheckpoint(id, mine, mine);
        });
  }
}
