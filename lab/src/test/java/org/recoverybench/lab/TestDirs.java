package org.recoverybench.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Per-test work directories under target/, so that the PostgreSQL user can reach them. */
public final class TestDirs {
  private TestDirs() {}

  public static Path fresh(String name) throws IOException {
    Path dir = Path.of("target", "it-work", name + "-" + System.nanoTime()).toAbsolutePath();
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    return dir;
  }
}
