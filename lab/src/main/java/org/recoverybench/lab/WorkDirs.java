package org.recoverybench.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh work directories for labs and runs. */
public final class WorkDirs {
  private WorkDirs() {}

  /**
   * A new directory {@code target/it-work/NAME-<nanos>} under the working directory: where tests
   * keep their lab, so that each test is isolated and the PostgreSQL user can reach it.
   */
  public static Path freshForTest(String name) {
    Path dir = Path.of("target", "it-work", name + "-" + System.nanoTime()).toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LabException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }
}
