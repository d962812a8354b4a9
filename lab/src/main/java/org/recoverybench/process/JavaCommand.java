package org.recoverybench.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the command line of a child JVM that runs with the same Java as this one. */
public final class JavaCommand {
  private final List<String> jvmArgs = new ArrayList<>();
  private final List<String> classpath = new ArrayList<>();
  private String mainClass;
  private final List<String> args = new ArrayList<>();

  public static JavaCommand main(String mainClass) {
    JavaCommand c = new JavaCommand();
    c.mainClass = mainClass;
    return c;
  }

  public JavaCommand jvm(String... flags) {
    jvmArgs.addAll(List.of(flags));
    return this;
  }

  public JavaCommand jvm(List<String> flags) {
    jvmArgs.addAll(flags);
    return this;
  }

  /** Adds every jar in a directory ({@code dir/*}). */
  public JavaCommand classpathDir(Path dir) {
    classpath.add(dir.toAbsolutePath() + "/*");
    return this;
  }

  public JavaCommand classpath(String entry) {
    classpath.add(entry);
    return this;
  }

  public JavaCommand args(String... a) {
    args.addAll(List.of(a));
    return this;
  }

  public JavaCommand args(List<String> a) {
    args.addAll(a);
    return this;
  }

  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public List<String> build() {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(String.join(":", classpath));
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }
}
