package org.recoverybench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json records the commit of the recoverybench checkout and whether it was dirty. */
class RunInfoTest {
  private static String git(Path dir, String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of("git", "-C", dir.toString(), "-c", "user.name=t", "-c", "user.email=t@t"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    return out;
  }

  @Test
  void theCommitAndADirtyTreeAreRecorded(@TempDir Path dir) throws Exception {
    git(dir, "init", "-q");
    Files.writeString(dir.resolve("a.txt"), "1\n");
    git(dir, "add", "a.txt");
    git(dir, "commit", "-q", "-m", "one");
    String head = git(dir, "rev-parse", "HEAD");

    assertThat(RunInfo.git(dir)).isEqualTo(Map.of("git_commit", head, "git_dirty", false));
    Files.writeString(dir.resolve("untracked.txt"), "results of a run\n");
    assertThat(RunInfo.git(dir)).containsEntry("git_dirty", false);
    Files.writeString(dir.resolve("a.txt"), "2\n");
    assertThat(RunInfo.git(dir)).isEqualTo(Map.of("git_commit", head, "git_dirty", true));
  }

  @Test
  void noCheckoutRecordsNothing(@TempDir Path dir) {
    assertThat(RunInfo.git(dir)).isEmpty();
  }
}
