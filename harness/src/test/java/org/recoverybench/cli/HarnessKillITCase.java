package org.recoverybench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.process.Poll;

/** A {@code kill -9} of the harness in the middle of a run leaves no process behind. */
class HarnessKillITCase {
  private static final Pattern PID = Pattern.compile("started (\\S+)\\s+pid (\\d+)");

  @Test
  void killNineOfTheHarnessMidRunLeavesNoOrphan() throws Exception {
    Path dir = WorkDirs.freshForTest("harness-kill");
    List<Long> pids = new ArrayList<>();
    try (CliProcess cli =
        CliProcess.start(
            dir,
            Map.of(),
            "run",
            "--scenario",
            RunITCase.scenario("it-kill-taskmanager").toString(),
            "--out",
            dir.resolve("results").toString(),
            "--work-dir",
            dir.resolve("work").toString())) {
      // the lab (3 processes) and the Flink cluster (JobManager, TaskManager) are up and producing
      cli.awaitStdout("taskmanager-0 pid", Duration.ofMinutes(5));
      cli.awaitStdout("await-fault:kill-taskmanager", Duration.ofMinutes(2));
      Matcher m = PID.matcher(cli.stdout());
      while (m.find()) {
        pids.add(Long.parseLong(m.group(2)));
      }
      assertThat(pids).as("recorded PIDs in " + cli.stdout()).hasSizeGreaterThanOrEqualTo(5);
      assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).isPresent());
      cli.process.destroyForcibly(); // SIGKILL to the harness JVM only
      cli.awaitExit(Duration.ofSeconds(60));
    }
    boolean gone =
        Poll.until(Duration.ofSeconds(30), Duration.ofMillis(200), () -> CliProcess.allGone(pids));
    assertThat(gone).as("every recorded PID is gone: " + pids).isTrue();
  }
}
