package org.recoverybench.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Where a run ran: the versions of every part (from the build) and the machine. */
public final class RunInfo {
  private static volatile String command = "";

  private RunInfo() {}

  /** The command line that produced the results, as the user typed it. */
  public static String command() {
    return command;
  }

  public static void setCommand(String c) {
    command = c;
  }

  /** The versions from the parent pom, filtered into {@code versions.properties} by the build. */
  public static Map<String, String> versions() {
    Properties p = new Properties();
    try (InputStream in = RunInfo.class.getResourceAsStream("/recoverybench-versions.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no versions is the reading
    }
    Map<String, String> out = new TreeMap<>();
    p.forEach((k, v) -> out.put(k.toString(), v.toString()));
    out.put("java", System.getProperty("java.version"));
    return out;
  }

  public static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("arch", System.getProperty("os.arch"));
    m.put("cores", Runtime.getRuntime().availableProcessors());
    long memKb = 0;
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memKb = Long.parseLong(line.replaceAll("\\D+", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unknown memory
    }
    m.put("memory_mib", memKb / 1024);
    try {
      // the load when the result was taken: other work on the machine skews timings, not counts
      String[] load =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      m.put("load_average_1m", Double.parseDouble(load[0]));
    } catch (IOException | RuntimeException e) {
      // no load reading
    }
    return m;
  }
}
