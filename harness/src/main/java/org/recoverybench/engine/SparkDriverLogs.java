package org.recoverybench.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.result.RecoveryPhases;

/**
 * What the Spark driver's logs (one per start) and its process tell: its error line, the batches it
 * ran, its checkpoint writes, and the driver's status.
 */
final class SparkDriverLogs {
  private SparkDriverLogs() {}

  /** The driver's own error line, else the last exception line of its log. */
  static String driverError(Path log) {
    String found = null;
    try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
      for (String l : (Iterable<String>) lines::iterator) {
        String t = l.strip();
        if (t.startsWith("error:") || t.contains("Exception:") && !t.startsWith("at ")) {
          found = t;
          if (t.startsWith("error:")) {
            break;
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return "the driver ended; its log cannot be read: " + e.getMessage();
    }
    return found == null ? "the driver ended before it was ready" : found;
  }

  /** The lines of the logs that start with the prefix; a log not yet written counts nothing. */
  static long linesStartingWith(List<Path> logs, String prefix) {
    long n = 0;
    for (Path log : logs) {
      try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
        n += lines.filter(l -> l.startsWith(prefix)).count();
      } catch (IOException | UncheckedIOException e) {
        // a log not yet written (or unreadable) counts nothing
      }
    }
    return n;
  }

  /**
   * How many checkpoint writes the driver logs show, with the median and the longest time one took
   * (rename into place included); nothing if none.
   */
  static void writeFigures(Map<String, List<Long>> writes, Map<String, Object> m) {
    List<Long> writeMs = new ArrayList<>();
    writes.values().forEach(writeMs::addAll);
    if (!writeMs.isEmpty()) {
      // every checkpoint write of the driver logs, rename into place included
      List<Long> sorted = writeMs.stream().sorted().toList();
      m.put("checkpoint_writes", sorted.size());
      m.put("checkpoint_write_ms_median", sorted.get(sorted.size() / 2));
      m.put("checkpoint_write_ms_max", sorted.get(sorted.size() - 1));
    }
  }

  /**
   * Whether the driver lives (and its exit code if not), how often it was started, and from its
   * logs: failed batch jobs, checkpoint writes that failed, and its last {@code error:} line.
   */
  static Map<String, Object> status(
      ManagedProcess driver, List<Path> driverLogs, SparkSupervisor supervisor) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("driver_alive", driver.isAlive());
    if (!driver.isAlive()) {
      m.put("driver_exit_code", driver.exitCode().orElse(-1));
    }
    m.put("driver_starts", (long) driverLogs.size());
    if (supervisor.enabled()) {
      m.put("supervised_restarts", (long) supervisor.restarts());
    }
    if (supervisor.gaveUp() != null) {
      m.put("supervisor", supervisor.gaveUp());
    }
    logFigures(driverLogs, m);
    return m;
  }

  /**
   * The status of a driver under the standalone cluster's supervision: whether one runs, how many
   * times the Worker launched it, that the harness submitted it once, and what its logs tell.
   */
  static Map<String, Object> clusterStatus(
      org.recoverybench.lab.spark.ClusterDriver driver, List<Path> driverLogs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("driver_alive", driver.isAlive());
    m.put("driver_submissions", 1L); // the harness never submits or starts it again
    m.put("driver_launches_by_worker", driver.launches());
    logFigures(driverLogs, m);
    return m;
  }

  /** The app's line once its stream has started (printed, without a time stamp). */
  static final String READY = "RB-READY";

  /** The app's line for each batch with records, before it writes them (printed, no time stamp). */
  static final String BATCH = "RB-BATCH";

  /**
   * The time stamp that the app's log4j layout ({@code %d{yyyy-MM-dd'T'HH:mm:ss.SSS}}, in the
   * driver JVM's zone) puts at the start of Spark's own lines, as epoch ms; empty for a line
   * without one (the app's own {@code println} lines, stack traces).
   */
  static OptionalLong log4jTime(String line, ZoneId zone) {
    if (line.length() < 23 || line.charAt(10) != 'T' || line.charAt(19) != '.') {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(
          LocalDateTime.parse(line.substring(0, 23)).atZone(zone).toInstant().toEpochMilli());
    } catch (DateTimeParseException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The phases of the recovery from an executor kill, from the driver's log (Spark's own lines,
   * time-stamped by log4j): {@code detected}, the first line at or after the kill that says the
   * executor is gone ({@code Executor app-…/N removed: …} of the standalone scheduler backend, or
   * {@code Lost executor N on …} of the task scheduler); {@code deployed}, the first {@code
   * Registered executor …} line after it (the new executor registered with the driver).
   */
  static RecoveryPhases executorPhases(List<String> driverLog, long since, ZoneId zone) {
    Long detected = null;
    Long deployed = null;
    for (String l : driverLog) {
      OptionalLong t = log4jTime(l, zone);
      if (t.isEmpty() || t.getAsLong() < since) {
        continue;
      }
      if (detected == null && (l.contains(" Lost executor ") || executorRemoved(l))) {
        detected = t.getAsLong();
      } else if (detected != null && deployed == null && l.contains(" Registered executor ")) {
        deployed = t.getAsLong();
      }
    }
    return new RecoveryPhases(
        RecoveryPhases.of(RecoveryPhases.DETECTED, detected, RecoveryPhases.DEPLOYED, deployed),
        null);
  }

  private static boolean executorRemoved(String line) {
    int at = line.indexOf(" Executor ");
    return at >= 0 && line.indexOf(" removed: ", at) > 0;
  }

  /**
   * The phases of the recovery from a driver kill: {@code restarted}, the new driver's start;
   * {@code running}, when its {@code RB-READY} line was seen (its stream started); {@code
   * first_batch}, when its first {@code RB-BATCH} line was seen (its first batch with records
   * began, before it wrote them). Null where not known.
   */
  static RecoveryPhases driverPhases(Long restarted, OptionalLong ready, OptionalLong firstBatch) {
    return new RecoveryPhases(
        RecoveryPhases.of(
            RecoveryPhases.RESTARTED,
            restarted,
            RecoveryPhases.RUNNING,
            ready.isPresent() ? ready.getAsLong() : null,
            RecoveryPhases.FIRST_BATCH,
            firstBatch.isPresent() ? firstBatch.getAsLong() : null),
        null);
  }

  /** The lines of a log; none if it cannot be read. */
  static List<String> lines(Path log) {
    try {
      return Files.readAllLines(log, StandardCharsets.ISO_8859_1);
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  /** Failed batch jobs, failed checkpoint writes and the last {@code error:} line of the logs. */
  private static void logFigures(List<Path> driverLogs, Map<String, Object> m) {
    long failedJobs = 0;
    long checkpointErrors = 0;
    String lastError = null;
    for (Path log : driverLogs) {
      try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
        for (String l : (Iterable<String>) lines::iterator) {
          if (l.contains("Error running job streaming job")) {
            failedJobs++;
          } else if (l.contains("of writing checkpoint to")) {
            checkpointErrors++;
          } else if (l.startsWith("error: ")) {
            lastError = l.length() > 300 ? l.substring(0, 300) + "..." : l;
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // a log not yet written
      }
    }
    m.put("failed_batch_jobs", failedJobs);
    m.put("checkpoint_write_errors", checkpointErrors);
    if (lastError != null) {
      m.put("last_error", lastError);
    }
  }
}
