package org.recoverybench.job;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * Where the database password is: a file of mode 0600 ({@code --jdbc-password-file}) or the
 * environment variable {@value #VARIABLE}. It holds the place, never the value: the job graph that
 * {@code flink run} ships (and logs) carries only the file's path or the variable's name, and every
 * process that connects (the client's preflight, each TaskManager's sink) reads the password
 * itself, when it connects.
 */
public final class JdbcPassword implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String VARIABLE = "JDBC_PASSWORD";

  private static final Set<PosixFilePermission> OTHERS =
      Set.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  /** Thrown when the password cannot be read; the message is one line. */
  public static final class PasswordException extends RuntimeException {
    public PasswordException(String message) {
      super(message);
    }
  }

  private final String file;
  private final boolean variableSet;
  private final transient String value; // only for tests against a fake, never serialized

  private JdbcPassword(String file, boolean variableSet, String value) {
    this.file = file;
    this.variableSet = variableSet;
    this.value = value;
  }

  /** The password in {@code file}, which only its owner may read (mode 0600 or 0400). */
  public static JdbcPassword fromFile(Path file) {
    JdbcPassword p = new JdbcPassword(file.toAbsolutePath().toString(), false, null);
    p.read(); // refuse an unreadable or too open file now, in the client
    return p;
  }

  /** The password in {@value #VARIABLE}, as {@code env} (this process's environment) has it. */
  public static JdbcPassword fromEnvironment(Map<String, String> env) {
    return new JdbcPassword(null, env.get(VARIABLE) != null, null);
  }

  /** A password given in code (a test's fake); it does not survive serialization. */
  static JdbcPassword ofValue(String value) {
    return new JdbcPassword(null, false, value);
  }

  /** Where the password is, for messages: never the password. */
  public String describe() {
    return file != null ? "the file " + file : "the variable " + VARIABLE;
  }

  /**
   * Reads the password where it is, in this process. A TaskManager on another machine or in a
   * container, where the client's file does not exist, reads {@value #VARIABLE} from its own
   * environment when it is set there (e.g. the compose file's TaskManager service).
   */
  public String read() {
    if (value != null) {
      return value;
    }
    if (file != null) {
      Path f = Path.of(file);
      String fallback = System.getenv(VARIABLE);
      if (!Files.exists(f) && fallback != null) {
        return fallback;
      }
      return readFile(f);
    }
    String v = System.getenv(VARIABLE);
    if (v == null && variableSet) {
      throw new PasswordException(
          VARIABLE
              + " is set where the job was submitted but not in this process (a TaskManager?):"
              + " give the job --jdbc-password-file PATH on a path every TaskManager can read, or"
              + " set "
              + VARIABLE
              + " in the TaskManagers' environment");
    }
    return v == null ? "" : v;
  }

  private static String readFile(Path f) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
      if (perms.stream().anyMatch(OTHERS::contains)) {
        throw new PasswordException(
            "the password file " + f + " is open to other users; chmod 600 " + f);
      }
      String s = Files.readString(f, StandardCharsets.UTF_8);
      return s.endsWith("\r\n")
          ? s.substring(0, s.length() - 2)
          : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    } catch (UnsupportedOperationException e) {
      throw new PasswordException("cannot check the permissions of the password file " + f);
    } catch (IOException e) {
      throw new PasswordException(
          "cannot read the password file " + f + ": " + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "JdbcPassword[" + describe() + "]";
  }
}
