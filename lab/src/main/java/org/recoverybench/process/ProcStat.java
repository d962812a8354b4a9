package org.recoverybench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

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

  /**
   * Whether the PID exists, has the given start time and has not ended: a zombie (state Z or X, an
   * ended process that its parent has not collected yet) is not alive.
   */
  public static boolean isSameProcessAlive(long pid, String startTime) {
    String stat = read(pid);
    if (stat == null || stat.lastIndexOf(')') + 2 >= stat.length()) {
      return false;
    }
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return f.length > 19 && f[19].equals(startTime) && !f[0].equals("Z") && !f[0].equals("X");
  }

  /** One row of the process table: a PID's parent PID and start time (clock ticks since boot). */
  public record Row(long pid, long ppid, String startTime) {}

  /**
   * Parses the text of {@code /proc/PID/stat}; null if it is not one. The command name (field 2)
   * may hold spaces and parentheses, so the fields are counted from its last {@code ')'}.
   */
  static Row parse(String stat) {
    int close = stat.lastIndexOf(')');
    int space = stat.indexOf(' ');
    if (close < 0 || space < 0 || close + 2 > stat.length()) {
      return null;
    }
    String[] f = stat.substring(close + 2).trim().split(" ");
    if (f.length < 20) {
      return null;
    }
    try {
      return new Row(Long.parseLong(stat.substring(0, space)), Long.parseLong(f[1]), f[19]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Every process visible in {@code /proc} now, by PID; a process that ends meanwhile is left out.
   */
  public static Map<Long, Row> table() {
    Map<Long, Row> rows = new HashMap<>();
    try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
      dirs.map(d -> d.getFileName().toString())
          .filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
          .forEach(
              n -> {
                String stat = read(Long.parseLong(n));
                Row r = stat == null ? null : parse(stat);
                if (r != null) {
                  rows.put(r.pid(), r);
                }
              });
    } catch (IOException e) {
      throw new ProcessException("cannot list /proc: " + e.getMessage(), e);
    }
    return rows;
  }

  /**
   * The descendants of {@code roots} in {@code table} (children by parent PID, their children, and
   * so on), with their start times; the roots themselves are not included. A child always starts at
   * or after its parent, so a row that claims an earlier start is not taken.
   */
  public static Map<Long, String> descendants(Collection<Long> roots, Map<Long, Row> table) {
    Map<Long, java.util.List<Row>> byParent = new HashMap<>();
    for (Row r : table.values()) {
      byParent.computeIfAbsent(r.ppid(), k -> new java.util.ArrayList<>()).add(r);
    }
    Map<Long, String> found = new LinkedHashMap<>();
    Deque<Long> todo = new ArrayDeque<>();
    for (Long root : roots) {
      if (table.containsKey(root)) {
        todo.add(root);
      }
    }
    while (!todo.isEmpty()) {
      Row parent = table.get(todo.poll());
      for (Row child : byParent.getOrDefault(parent.pid(), java.util.List.of())) {
        if (roots.contains(child.pid()) || found.containsKey(child.pid())) {
          continue;
        }
        if (Long.parseLong(child.startTime()) < Long.parseLong(parent.startTime())) {
          continue;
        }
        found.put(child.pid(), child.startTime());
        todo.add(child.pid());
      }
    }
    return found;
  }

  private static String read(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return null;
    }
  }
}
