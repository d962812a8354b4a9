package org.recoverybench.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Finds the server jars that the build lays out under {@code dist/NAME/target/lib}.
 *
 * <p>The project root comes from the system property {@code recoverybench.home}, the environment
 * variable {@code RECOVERYBENCH_HOME}, or the nearest parent of the working directory that holds
 * {@code dist/}.
 */
public final class Dist {
  private Dist() {}

  public static Path home() {
    String prop = System.getProperty("recoverybench.home");
    if (prop == null || prop.isBlank()) {
      prop = System.getenv("RECOVERYBENCH_HOME");
    }
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("dist")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new LabException(
        "cannot find the recoverybench project root: set RECOVERYBENCH_HOME or run from inside it");
  }

  /** The directory of jars of one distribution, checked to hold at least one jar. */
  public static Path lib(String name) {
    Path lib = home().resolve("dist").resolve(name).resolve("target").resolve("lib");
    if (!hasJars(lib)) {
      throw new LabException(
          "the "
              + name
              + " jars are missing at "
              + lib
              + "; build them with: mvn -DskipTests package");
    }
    return lib;
  }

  private static boolean hasJars(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".jar"));
    } catch (IOException e) {
      return false;
    }
  }
}
