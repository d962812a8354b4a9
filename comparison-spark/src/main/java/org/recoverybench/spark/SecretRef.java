package org.recoverybench.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * Where a secret is: a file that only its owner may read (mode 0600), or an environment variable.
 * It holds the place, never the value, so a task that carries it to an executor carries no secret;
 * each process reads the secret itself when it needs it.
 */
public final class SecretRef implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Set<PosixFilePermission> OTHERS =
      Set.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private final String file;
  private final String variable;
  private final String fileOption;
  private final boolean variableSet;

  /** The variable's value in the process that parsed the options; never serialized. */
  private final transient String parsedValue;

  private SecretRef(
      String file, String variable, String fileOption, boolean variableSet, String parsedValue) {
    this.file = file;
    this.variable = variable;
    this.fileOption = fileOption;
    this.variableSet = variableSet;
    this.parsedValue = parsedValue;
  }

  /** The secret in {@code file} if given, else in {@code variable} as {@code env} has it. */
  static SecretRef of(String file, String variable, String fileOption, Map<String, String> env) {
    if (file != null && !file.isBlank()) {
      SecretRef r =
          new SecretRef(
              Path.of(file).toAbsolutePath().toString(), variable, fileOption, false, null);
      r.read(); // refuse an unreadable or too open file at once
      return r;
    }
    String v = env.get(variable);
    return new SecretRef(null, variable, fileOption, v != null, v);
  }

  /** Whether there is a secret to read (a file, or the variable was set). */
  boolean present() {
    return file != null || variableSet;
  }

  /**
   * Reads the secret in this process; "" if neither a file nor the variable gives one. An executor
   * on another machine or in a container, where the driver's file does not exist, reads the
   * variable from its own environment when it is set there (a worker's configured environment).
   */
  public String read() {
    if (file != null) {
      Path f = Path.of(file);
      String fallback = System.getenv(variable);
      if (!Files.exists(f) && fallback != null) {
        return fallback;
      }
      return readFile(f);
    }
    String v = parsedValue != null ? parsedValue : System.getenv(variable);
    if (v == null && variableSet) {
      throw new AppOptions.UsageException(
          variable
              + " is set in the driver but not in this process (an executor?): give the app --"
              + fileOption
              + " PATH on a path every executor can read");
    }
    return v == null ? "" : v;
  }

  private static String readFile(Path f) {
    try {
      if (Files.getPosixFilePermissions(f).stream().anyMatch(OTHERS::contains)) {
        throw new AppOptions.UsageException(
            "the secret file " + f + " is open to other users; chmod 600 " + f);
      }
      String s = Files.readString(f, StandardCharsets.UTF_8);
      return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    } catch (IOException e) {
      throw new AppOptions.UsageException(
          "cannot read the secret file " + f + ": " + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return file != null ? "file " + file : "$" + variable;
  }
}
