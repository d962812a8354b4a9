package org.recoverybench.lab.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.recoverybench.lab.LabException;
import org.recoverybench.process.JavaCommand;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.ProcessSpec;

/**
 * The JVM flags of a Flink cluster's processes, as Flink's start scripts compute them: the memory
 * settings from {@code BashJavaUtils}, and the {@code env.java.opts.*} of the cluster's {@code
 * config.yaml}.
 */
final class FlinkJvm {
  static final String BASH_UTILS = FlinkCluster.BASH_UTILS;

  private final Path dir;
  private final Path lib;
  private final Path conf;
  private final Supplier<Map<String, String>> env;

  FlinkJvm(Path dir, Path lib, Path conf, Supplier<Map<String, String>> env) {
    this.dir = dir;
    this.lib = lib;
    this.conf = conf;
    this.env = env;
  }

  /**
   * Line 1: JVM memory flags; line 2: -D properties, as Flink's start scripts get them.
   *
   * @param command {@code GET_JM_RESOURCE_PARAMS} or {@code GET_TM_RESOURCE_PARAMS}
   */
  List<String> resourceParams(String command) {
    Path out = dir.resolve("log/bash-java-utils.out");
    try {
      Files.deleteIfExists(out);
    } catch (IOException e) {
      // the process below rewrites it
    }
    List<String> cmd =
        JavaCommand.main(BASH_UTILS)
            .jvm("-Xmx128m")
            .classpathDir(lib)
            .args(command, "--configDir", conf.toString())
            .build();
    ManagedProcess p =
        ManagedProcess.start(new ProcessSpec("flink-bash-java-utils", cmd, env.get(), dir, out));
    if (!p.awaitExit(Duration.ofSeconds(60)) || p.exitCode().orElse(-1) != 0) {
      p.kill9();
      throw new LabException("cannot compute the Flink memory settings: " + p.logTail(10));
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(out);
    } catch (IOException e) {
      throw new LabException("cannot read " + out + ": " + e.getMessage(), e);
    }
    String marker = "BASH_JAVA_UTILS_EXEC_RESULT:";
    List<String> results =
        lines.stream()
            .filter(l -> l.startsWith(marker))
            .map(l -> l.substring(marker.length()))
            .toList();
    if (results.size() < 2) {
      List<String> tail = lines.subList(Math.max(0, lines.size() - 2), lines.size());
      if (tail.size() < 2) {
        throw new LabException("unexpected output of BashJavaUtils: " + lines);
      }
      return tail;
    }
    return results.subList(results.size() - 2, results.size());
  }

  /** The flags of {@code env.java.opts.all}: every process of the cluster gets them. */
  List<String> javaOpts() {
    return javaOpts("env.java.opts.all");
  }

  /** The JVM flags of one {@code env.java.opts.*} key of this cluster's config.yaml. */
  List<String> javaOpts(String key) {
    List<String> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(conf.resolve("config.yaml"))) {
        if (line.startsWith(key + ":")) {
          out.addAll(splitFlags(line.substring(key.length() + 1)));
        }
      }
    } catch (IOException e) {
      throw new LabException("cannot read " + conf.resolve("config.yaml"), e);
    }
    return out;
  }

  static List<String> splitFlags(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(t -> !t.isEmpty()).toList();
  }
}
