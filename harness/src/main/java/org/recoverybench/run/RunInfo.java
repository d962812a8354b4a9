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

  /**
   * Records the command line; {@code --resume} is left out, so that a resumed run records the
   * command that it continues.
   */
  public static void setCommand(String c) {
    command = c.replaceAll(" --resume(?= |$)", "");
  }

  /**
   * The git commit of {@code home} ({@code git rev-parse HEAD}) as {@code git_commit}, and whether
   * a tracked file differs from it as {@code git_dirty}; empty if {@code home} is no git checkout
   * (or git is missing).
   */
  public static Map<String, Object> git(java.nio.file.Path home) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (!java.nio.file.Files.exists(home.resolve(".git"))) {
      return m;
    }
    String head = gitOutput(home, "rev-parse", "HEAD");
    String status = gitOutput(home, "status", "--porcelain", "--untracked-files=no");
    if (head != null && head.matches("[0-9a-f]{40}") && status != null) {
      m.put("git_commit", head);
      m.put("git_dirty", !status.isBlank());
    }
    return m;
  }

  /** What {@code git -C home args} prints, or null if it fails or takes over 20 s. */
  private static String gitOutput(java.nio.file.Path home, String... args) {
    java.util.List<String> cmd =
        new java.util.ArrayList<>(java.util.List.of("git", "-C", home.toString()));
    cmd.addAll(java.util.List.of(args));
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0
          ? new String(out, java.nio.charset.StandardCharsets.UTF_8).trim()
          : null;
    } catch (IOException e) {
      return null; // no git
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
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
