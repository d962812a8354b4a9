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
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
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
