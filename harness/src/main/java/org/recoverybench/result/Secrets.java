package org.recoverybench.result;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps secrets out of result files: copies logs with the lab's actual password and secret key
 * replaced by {@value #REDACTED}, and scans text for what looks like a secret (a value after a
 * masked option, a password or key setting, the lab's credential shapes).
 */
public final class Secrets {
  public static final String REDACTED = "<redacted>";

  /** The line Flink's CLI prints in place of a sensitive argument; the next line is its value. */
  static final String MASKED = "****** (sensitive information)";

  /** The embedded and containers labs' generated password (12 random bytes as hex). */
  static final Pattern PASSWORD_SHAPE =
      Pattern.compile("(?<![0-9A-Za-z-])[0-9a-f]{24}(?![0-9A-Za-z-])");

  /** The labs' generated S3 secret key (20 random bytes as hex). */
  static final Pattern SECRET_KEY_SHAPE =
      Pattern.compile("(?<![0-9A-Za-z-])[0-9a-f]{40}(?![0-9A-Za-z-])");

  /**
   * A password or secret key with its value: a setting ({@code password=x}, {@code secret-key: x}),
   * a configuration dump ({@code property: s3.secret-key, x}) or a flag ({@code --jdbc-password
   * x}).
   */
  static final List<Pattern> SETTINGS =
      List.of(
          Pattern.compile(
              "(?i)(password|passwd|secret[-_.]?key|secret[-_.]?access[-_.]?key|credential)"
                  + "[\"']?\\s*[=:]\\s*[\"']?([^\\s\"',;)}]+)"),
          Pattern.compile(
              "(?i)configuration property: (\\S*(?:password|secret|credential)\\S*), (\\S+)"),
          Pattern.compile("(?i)--(\\S*(?:password|secret-key))[ =](\\S+)"));

  /** run.json's commit: 40 hex digits like a secret key, but the commit a result was made at. */
  static final Pattern GIT_COMMIT =
      Pattern.compile("^\\s*\"git_commit\"\\s*:\\s*\"[0-9a-f]{40}\",?$");

  private Secrets() {}

  /** The secrets of a lab: its database password and S3 secret key. */
  public static List<String> of(org.recoverybench.lab.Endpoints e) {
    List<String> l = new ArrayList<>();
    if (e.jdbcPassword() != null && !e.jdbcPassword().isBlank()) {
      l.add(e.jdbcPassword());
    }
    if (e.s3SecretKey() != null && !e.s3SecretKey().isBlank()) {
      l.add(e.s3SecretKey());
    }
    return l;
  }

  /**
   * {@code text} with every non-blank secret replaced by {@value #REDACTED}, where it stands as a
   * token of its own: not inside a longer name. A password that is also a word of the logs (an
   * external lab's {@code recoverybench}) then leaves {@code org.recoverybench.spark} whole, while
   * {@code password=recoverybench} and {@code user:recoverybench@host} are still redacted.
   */
  public static String redact(String text, Collection<String> secrets) {
    String out = text;
    for (String s : secrets) {
      if (s != null && !s.isBlank()) {
        out =
            Pattern.compile("(?<![A-Za-z0-9_.-])" + Pattern.quote(s) + "(?![A-Za-z0-9_-])")
                .matcher(out)
                .replaceAll(Matcher.quoteReplacement(REDACTED));
      }
    }
    return out;
  }

  /** Copies a text file, replacing each of {@code secrets} by {@value #REDACTED}. */
  public static void copyRedacted(Path from, Path to, Collection<String> secrets)
      throws IOException {
    Path tmp = to.resolveSibling(to.getFileName() + ".part");
    try (BufferedReader r = Files.newBufferedReader(from, StandardCharsets.ISO_8859_1);
        BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.ISO_8859_1)) {
      String line;
      while ((line = r.readLine()) != null) {
        w.write(redact(line, secrets));
        w.newLine();
      }
    }
    Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING);
  }

  /** One place where something looks like a secret. */
  public record Finding(Path file, int line, String why) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + why;
    }
  }

  /** What in {@code lines} (of {@code file}) looks like a secret. */
  public static List<Finding> scan(Path file, List<String> lines) {
    List<Finding> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.endsWith(MASKED) && i + 1 < lines.size()) {
        String next = message(lines.get(i + 1));
        // harmless: redacted, the next option, or masked itself (flink run masks both a
        // --jdbc-password-file and its path)
        if (!next.equals(REDACTED) && !next.startsWith("-") && !next.startsWith("******")) {
          found.add(new Finding(file, i + 2, "a value after a masked option"));
        }
      }
      for (Pattern p : SETTINGS) {
        Matcher m = p.matcher(line);
        while (m.find()) {
          if (!harmless(m.group(2))) {
            found.add(new Finding(file, i + 1, "a value of " + m.group(1)));
          }
        }
      }
      if (PASSWORD_SHAPE.matcher(line).find()) {
        found.add(new Finding(file, i + 1, "a token shaped like the lab's password"));
      }
      if (SECRET_KEY_SHAPE.matcher(line).find() && !GIT_COMMIT.matcher(line).find()) {
        found.add(new Finding(file, i + 1, "a token shaped like the lab's S3 secret key"));
      }
    }
    return found;
  }

  /** Scans every text file under {@code root}. */
  public static List<Finding> scanTree(Path root) throws IOException {
    List<Finding> found = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        if (isText(f)) {
          found.addAll(scan(f, Files.readAllLines(f, StandardCharsets.ISO_8859_1)));
        }
      }
    }
    return found;
  }

  private static boolean isText(Path f) {
    String n = f.getFileName().toString();
    return n.endsWith(".log")
        || n.endsWith(".out")
        || n.endsWith(".txt")
        || n.endsWith(".json")
        || n.endsWith(".md")
        || n.endsWith(".yaml")
        || n.endsWith(".csv")
        || n.endsWith(".html")
        || n.endsWith(".properties");
  }

  /** The message of a log line: what follows {@code "] - "} (log4j's layout), else the line. */
  private static String message(String line) {
    int at = line.indexOf("] - ");
    return (at >= 0 ? line.substring(at + 4) : line).trim();
  }

  private static boolean harmless(String v) {
    return v.equals(REDACTED)
        || v.startsWith("******")
        || v.startsWith("${")
        || v.startsWith("$")
        || v.startsWith("<")
        || v.startsWith("--")
        || v.equalsIgnoreCase("null")
        || v.equalsIgnoreCase("none");
  }
}
