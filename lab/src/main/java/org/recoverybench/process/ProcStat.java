package org.recoverybench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about a PID read from {@code /proc}, which the JDK does not expose. */
public final class ProcStat {
  private ProcStat() {}

  /** The process start time in clock ticks since boot (field 22 of /proc/PID/stat), or null. */
  public static String startTime(long pid) {
    String stat = read(pid);
    if (stat == null) {
      return null;
    }
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return fields.length > 19 ? fields[19] : null;
  }

  /** The resident set size in bytes (VmRSS of /proc/PID/status), or -1 when the PID is gone. */
  public static long rssBytes(long pid) {
    return statusKib(pid, "VmRSS:");
  }

  /** Clock ticks per second of /proc/PID/stat's CPU times (USER_HZ, 100 on Linux). */
  static final long TICKS_PER_SECOND = 100;

  /**
   * CPU time the process has used, user plus system (fields 14 and 15 of /proc/PID/stat), in
   * milliseconds; or -1 when the PID is gone.
   */
  public static long cpuMillis(long pid) {
    String stat = read(pid);
    if (stat == null) {
      return -1;
    }
    return cpuMillisOf(stat);
  }

  /** The CPU time of one /proc/PID/stat line, in milliseconds; -1 when it cannot be read. */
  static long cpuMillisOf(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    if (fields.length < 13) {
      return -1;
    }
    try {
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 1000 / TICKS_PER_SECOND;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The peak resident set size in bytes (VmHWM of /proc/PID/status), or -1 when gone. */
  public static long peakRssBytes(long pid) {
    return statusKib(pid, "VmHWM:");
  }

  private static long statusKib(long pid, String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(key)) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) * 1024L;
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Whether the PID exists and has the given start time. */
  public static boolean isSameProcessAlive(long pid, String startTime) {
    String now = startTime(pid);
    return now != null && now.equals(startTime);
  }

  private static String read(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return null;
    }
  }
}
