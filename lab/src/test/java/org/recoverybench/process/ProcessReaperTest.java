package org.recoverybench.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The process table from /proc, descendants by parent PID and start time, the watcher that records
 * descendants as they appear, and the reaper script, on real small processes (sh and sleep).
 */
class ProcessReaperTest {
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private Process spawn(String... cmd) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    started.add(p);
    return p;
  }

  @Test
  void parsesAStatLineWhoseCommandNameHoldsSpacesAndParentheses() {
    String stat =
        "4242 (we) ird (x)) S 17 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1 2";
    ProcStat.Row r = ProcStat.parse(stat);
    assertThat(r).isEqualTo(new ProcStat.Row(4242, 17, "987654"));
    assertThat(ProcStat.parse("garbage")).isNull();
  }

  @Test
  void descendantsFollowParentPidsAndRefuseAChildOlderThanItsParent() {
    Map<Long, ProcStat.Row> table =
        Map.of(
            10L, new ProcStat.Row(10, 1, "500"),
            11L, new ProcStat.Row(11, 10, "510"),
            12L, new ProcStat.Row(12, 11, "520"),
            13L, new ProcStat.Row(13, 10, "490"), // claims to predate its parent: a reused PID
            14L, new ProcStat.Row(14, 13, "530"),
            20L, new ProcStat.Row(20, 1, "505"));
    assertThat(ProcStat.descendants(List.of(10L), table))
        .containsExactlyInAnyOrderEntriesOf(Map.of(11L, "510", 12L, "520"));
    assertThat(ProcStat.descendants(List.of(99L), table)).isEmpty();
  }

  @Test
  void theWatcherRecordsDescendantsAsTheyAppearAndKeepsThemAfterTheirParentDies() {
    ManagedProcess sh =
        ManagedProcess.start(
            ProcessSpec.of(
                "forker",
                List.of("sh", "-c", "sleep 300 & sleep 300 & wait"),
                Path.of("target"),
                Path.of("target", "process-reaper-test", "forker.log")));
    sh.trackDescendants();
    ProcessRegistry registry = ProcessRegistry.get();
    boolean two =
        Poll.until(
            Duration.ofSeconds(20),
            Duration.ofMillis(50),
            () -> childrenOf(sh.pid(), registry.recordedDescendants()).size() == 2);
    assertThat(two).as("both sleeps recorded: " + registry.recordedDescendants()).isTrue();
    Map<Long, String> sleeps = childrenOf(sh.pid(), registry.recordedDescendants());
    sleeps.forEach((pid, start) -> assertThat(ProcStat.startTime(pid)).isEqualTo(start));

    sh.kill9(); // the sleeps are reparented, and stay recorded
    registry.recordDescendants();
    assertThat(registry.recordedDescendants()).containsAllEntriesOf(sleeps);
    assertThat(ProcessRegistry.killByPidAndStart(sleeps, Duration.ofSeconds(20))).isEqualTo(2);
    sleeps.forEach((pid, start) -> assertThat(ProcStat.isSameProcessAlive(pid, start)).isFalse());
    registry.recordDescendants();
    assertThat(registry.recordedDescendants())
        .doesNotContainKeys(sleeps.keySet().toArray(Long[]::new));
  }

  /** The recorded descendants whose parent PID is {@code parentPid} now. */
  private static Map<Long, String> childrenOf(long parentPid, Map<Long, String> recorded) {
    Map<Long, ProcStat.Row> table = ProcStat.table();
    Map<Long, String> out = new java.util.HashMap<>();
    recorded.forEach(
        (pid, start) -> {
          ProcStat.Row r = table.get(pid);
          if (r != null && r.ppid() == parentPid) {
            out.put(pid, start);
          }
        });
    return out;
  }

  @Test
  void theReaperWaitsForItsParentThenKillsRecordedPidsAndTheirDescendantsOnly() throws Exception {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target"), "reaper-test-");
    Process parent = spawn("sleep", "300");
    Process target = spawn("sh", "-c", "sleep 300 & sleep 300 & wait");
    Process stranger = spawn("sleep", "300");
    boolean forked =
        Poll.until(
            Duration.ofSeconds(20), Duration.ofMillis(50), () -> target.children().count() == 2);
    assertThat(forked).isTrue();
    List<ProcessHandle> grandchildren = target.children().toList();
    Map<Long, String> grandchildStarts = new java.util.HashMap<>();
    grandchildren.forEach(h -> grandchildStarts.put(h.pid(), ProcStat.startTime(h.pid())));
    String strangerStart = ProcStat.startTime(stranger.pid());
    // the stranger is recorded with another start time: as if its PID had been reused
    Files.writeString(
        dir.resolve("children.pids"),
        target.pid()
            + " "
            + ProcStat.startTime(target.pid())
            + "\n"
            + stranger.pid()
            + " "
            + (Long.parseLong(strangerStart) - 1)
            + "\n");
    Path log = dir.resolveSibling(dir.getFileName() + ".reaper.log");
    Process reaper =
        ProcessRegistry.startReaper(dir, parent.pid(), ProcStat.startTime(parent.pid()), log);
    started.add(reaper);

    // the parent lives: nothing is touched
    assertThat(Poll.until(Duration.ofMillis(1500), Duration.ofMillis(100), () -> !target.isAlive()))
        .isFalse();
    assertThat(reaper.isAlive()).isTrue();

    parent.destroyForcibly();
    assertThat(reaper.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(target.isAlive()).isFalse();
    // the grandchildren were reparented: gone, or zombies until the new parent collects them
    assertThat(grandchildren)
        .allMatch(h -> !ProcStat.isSameProcessAlive(h.pid(), grandchildStarts.get(h.pid())));
    assertThat(stranger.isAlive()).isTrue();
    assertThat(Files.readAllLines(log))
        .hasSize(3)
        .allMatch(l -> l.startsWith("killed pid "))
        .anyMatch(l -> l.startsWith("killed pid " + target.pid() + " "));
    assertThat(dir).doesNotExist();
    Files.deleteIfExists(log);
  }
}
