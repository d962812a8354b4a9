package org.recoverybench.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to launch: a command line, its environment additions, its working directory and the file
 * that receives its stdout and stderr.
 */
public record ProcessSpec(
    String name, List<String> command, Map<String, String> env, Path workDir, Path logFile) {

  public ProcessSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }

  public static ProcessSpec of(String name, List<String> command, Path workDir, Path logFile) {
    return new ProcessSpec(name, command, Map.of(), workDir, logFile);
  }

  public ProcessSpec withEnv(Map<String, String> moreEnv) {
    var merged = new java.util.HashMap<>(env);
    merged.putAll(moreEnv);
    return new ProcessSpec(name, command, merged, workDir, logFile);
  }
}
