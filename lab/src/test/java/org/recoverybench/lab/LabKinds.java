package org.recoverybench.lab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The lab kinds that {@code *ITCase}s are parameterized over:
 *
 * <ul>
 *   <li>{@code embedded}: always runs;
 *   <li>{@code containers}: runs when a Docker engine answers (and, for the local images, they are
 *       built); otherwise the test is skipped with the reason;
 *   <li>{@code external}: an embedded lab whose endpoints are handed over to an {@link
 *       ExternalLab}, as if they were a team's own servers.
 * </ul>
 */
public final class LabKinds {
  private LabKinds() {}

  /** A started lab of this kind and, for external, the embedded lab behind it. */
  public record Started(String kind, Lab lab, EmbeddedLab behind) implements AutoCloseable {
    @Override
    public void close() {
      lab.close();
      if (behind != null) {
        behind.close();
      }
    }
  }

  /**
   * Starts a lab of this kind. With the system property {@code recoverybench.lab.kinds} (e.g.
   * {@code -Drecoverybench.lab.kinds=containers}), the other kinds are skipped.
   */
  public static Started start(String kind, String testName) {
    String only = System.getProperty("recoverybench.lab.kinds", "");
    assumeTrue(
        only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(kind),
        () -> kind + " lab skipped: recoverybench.lab.kinds=" + only);
    Path dir = WorkDirs.freshForTest(testName + "-" + kind);
    switch (kind) {
      case "embedded" -> {
        EmbeddedLab lab = new EmbeddedLab(LabConfig.at(dir));
        lab.start();
        return new Started(kind, lab, null);
      }
      case "containers" -> {
        ContainersLab.Images images = ContainersLab.Images.configured();
        Optional<String> why = ContainersLab.unavailableReason(images);
        // said on stdout too: a skip in a class-level hook shows in the counts as no tests at all
        why.ifPresent(
            w -> {
              String line = "CONTAINERS-LAB-SKIPPED: " + testName + ": " + w;
              System.out.println(line);
              try {
                java.nio.file.Files.writeString(
                    Path.of("target", "containers-lab-skipped.txt"),
                    line + "\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
              } catch (java.io.IOException e) {
                // the line on stdout is enough
              }
            });
        assumeTrue(why.isEmpty(), () -> "containers lab skipped: " + why.orElse(""));
        ContainersLab lab = new ContainersLab(dir, images);
        lab.start();
        System.out.println(
            "containers lab (" + images + " images): containers " + lab.containerIds());
        return new Started(kind, lab, null);
      }
      case "external" -> {
        EmbeddedLab behind = new EmbeddedLab(LabConfig.at(dir.resolve("behind")));
        behind.start();
        try {
          ExternalLab lab = new ExternalLab(behind.endpoints(), dir.resolve("external"));
          lab.start();
          return new Started(kind, lab, behind);
        } catch (RuntimeException e) {
          behind.close();
          throw e;
        }
      }
      default -> throw new IllegalArgumentException("no lab kind " + kind);
    }
  }
}
