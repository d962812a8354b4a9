package org.recoverybench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.flink.FlinkRest;
import org.recoverybench.result.RecoveryPhases;

/**
 * The phases of a Flink recovery from what the REST API told: the figures of a real TaskManager
 * kill on a Flink 2.2 session cluster (the replies are in the lab's {@code FlinkRestTest}), and the
 * cases where a phase is not there yet or belongs to an earlier time.
 */
class FlinkRecoveryPhasesTest {
  /** The kill -9 of the TaskManager, and just before it, when its signal was sent. */
  private static final long KILLED = 1796309318527L;

  private static final long SIGNALLED = KILLED - 3;

  private static Map<String, Long> times(long created, long deploying, Long running) {
    Map<String, Long> m = new java.util.LinkedHashMap<>();
    m.put("CREATED", created);
    m.put("SCHEDULED", created + 60);
    m.put("DEPLOYING", deploying);
    if (running != null) {
      m.put("INITIALIZING", running - 2_600);
      m.put("RUNNING", running);
    }
    return m;
  }

  /** The current attempts: two subtasks of the source vertex and the one of the window. */
  private static final List<FlinkRest.SubtaskTimes> RESTARTED =
      List.of(
          new FlinkRest.SubtaskTimes(
              "61252f73", 0, times(1796309321196L, 1796309321454L, 1796309327054L)),
          new FlinkRest.SubtaskTimes(
              "61252f73", 1, times(1796309321197L, 1796309321459L, 1796309327054L)),
          new FlinkRest.SubtaskTimes(
              "922ab2f5", 0, times(1796309321196L, 1796309321459L, 1796309327369L)));

  private static final Map<String, Long> JOB =
      Map.of(
          "INITIALIZING", 1796309277193L,
          "CREATED", 1796309278766L,
          "RUNNING", 1796309321196L,
          "RESTARTING", 1796309320086L);

  private static final List<FlinkRest.Checkpoint> CHECKPOINTS =
      List.of(
          new FlinkRest.Checkpoint(
              6, "COMPLETED", 26_900, 247, 1796309315131L, 30_800, 1796309314884L),
          new FlinkRest.Checkpoint(7, "FAILED", 0, 1_313, -1, 0, 1796309319883L),
          new FlinkRest.Checkpoint(
              8, "COMPLETED", 27_100, 1_047, 1796309332663L, 31_000, 1796309331616L),
          new FlinkRest.Checkpoint(
              9, "COMPLETED", 27_300, 543, 1796309337159L, 31_200, 1796309336616L));

  private static final Optional<FlinkRest.Restored> RESTORED =
      Optional.of(
          new FlinkRest.Restored(6, 1796309321201L, "s3://recoverybench/flink/r1/79a3/chk-6"));

  @Test
  void aTaskManagerKillFromDetectionToTheFirstCheckpointAfterTheRestore() {
    RecoveryPhases p =
        FlinkRecoveryPhases.of(
            new FlinkRecoveryPhases.Observed(
                "taskmanager",
                SIGNALLED,
                false,
                false,
                List.of(1796309320073L),
                JOB,
                List.of(),
                RESTARTED,
                RESTORED,
                CHECKPOINTS));
    assertThat(p.afterKill(KILLED))
        .containsExactly(
            Map.entry("detected", 1_546L), // "TaskManager with id tm-0 is no longer reachable."
            Map.entry("restarting", 1_559L),
            Map.entry("restored_checkpoint", 2_674L),
            Map.entry("deployed", 2_932L), // the latest DEPLOYING of the three subtasks
            Map.entry("running", 8_842L), // the latest RUNNING: the window's subtask
            Map.entry("first_checkpoint_after_restore", 14_136L)); // chk 8, acknowledged
    assertThat(p.restoredCheckpointId()).isEqualTo(6L);
  }

  @Test
  void whatHappenedBeforeTheKillIsNotItsRecoveryAndWhatHasNotHappenedIsNull() {
    // asked 1 s after the kill: the job has not failed over yet; its times are all older
    List<FlinkRest.SubtaskTimes> before =
        List.of(
            new FlinkRest.SubtaskTimes(
                "61252f73", 0, times(1796309278895L, 1796309282183L, 1796309287262L)));
    RecoveryPhases p =
        FlinkRecoveryPhases.of(
            new FlinkRecoveryPhases.Observed(
                "taskmanager",
                SIGNALLED,
                false,
                false,
                List.of(),
                Map.of("CREATED", 1796309278766L, "RUNNING", 1796309281720L),
                List.of(),
                before,
                Optional.empty(),
                CHECKPOINTS.subList(0, 2)));
    assertThat(p.at().keySet())
        .containsExactly(
            "detected",
            "restarting",
            "restored_checkpoint",
            "deployed",
            "running",
            "first_checkpoint_after_restore");
    assertThat(p.at().values()).containsOnlyNulls();
    assertThat(p.restoredCheckpointId()).isNull();
  }

  @Test
  void aSubtaskStillInitialisingLeavesRunningAndTheCheckpointAfterItUnknown() {
    List<FlinkRest.SubtaskTimes> initialising =
        List.of(
            RESTARTED.get(0),
            new FlinkRest.SubtaskTimes("922ab2f5", 0, times(1796309321196L, 1796309321459L, null)));
    RecoveryPhases p =
        FlinkRecoveryPhases.of(
            new FlinkRecoveryPhases.Observed(
                "taskmanager",
                SIGNALLED,
                false,
                false,
                List.of(1796309320073L),
                JOB,
                List.of(),
                initialising,
                RESTORED,
                CHECKPOINTS));
    assertThat(p.afterKill(KILLED))
        .containsEntry("deployed", 2_932L)
        .contains(new SimpleEntry<>("running", null))
        .contains(new SimpleEntry<>("first_checkpoint_after_restore", null));
  }

  @Test
  void aResubmittedJobStartsAtItsCreationAndHasNoFailureToDetect() {
    // the job the harness submitted again after a JobManager kill (no HA): a new job id whose
    // graph was created 9 s after the kill and restored from the old job's chk-6
    long created = KILLED + 9_000;
    List<FlinkRest.SubtaskTimes> fresh =
        List.of(
            new FlinkRest.SubtaskTimes(
                "61252f73", 0, times(created + 200, created + 1_000, created + 4_000)));
    RecoveryPhases p =
        FlinkRecoveryPhases.of(
            new FlinkRecoveryPhases.Observed(
                "jobmanager",
                SIGNALLED,
                true,
                false,
                List.of(),
                Map.of(
                    "INITIALIZING", created - 1_500, "CREATED", created, "RUNNING", created + 90),
                List.of(),
                fresh,
                Optional.of(new FlinkRest.Restored(6, created + 40, "s3://b/chk-6")),
                List.of(
                    new FlinkRest.Checkpoint(
                        1, "COMPLETED", 1, 300, created + 6_300, 1, created + 6_000))));
    assertThat(p.afterKill(KILLED))
        .containsExactly(
            Map.entry("resubmitted", 9_000L),
            Map.entry("restored_checkpoint", 9_040L),
            Map.entry("deployed", 10_000L),
            Map.entry("running", 13_000L),
            Map.entry("first_checkpoint_after_restore", 15_300L));
  }

  @Test
  void aStandbyTakingTheJobOverCreatesItAgain() {
    long created = KILLED + 7_000;
    RecoveryPhases p =
        FlinkRecoveryPhases.of(
            new FlinkRecoveryPhases.Observed(
                "jobmanager",
                SIGNALLED,
                false,
                true,
                List.of(),
                Map.of("CREATED", created, "RUNNING", created + 50),
                List.of(),
                List.of(),
                Optional.empty(),
                List.of()));
    assertThat(p.at().keySet())
        .containsExactly(
            "taken_over",
            "restored_checkpoint",
            "deployed",
            "running",
            "first_checkpoint_after_restore");
    assertThat(p.afterKill(KILLED)).containsEntry("taken_over", 7_000L);
  }

  /**
   * A job with no free slot after the kill (no standby TaskManager) restarts every second until a
   * new TaskManager registers: the JobManager's log of the RunITCase's kill, 21 restarts.
   */
  private static final List<String> JOB_MANAGER_LOG =
      List.of(
          "2026-12-03 15:00:12,588 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph"
              + "       [] - Job recoverybench it-kill-taskmanager-flink-datastream-t1-mx7okop7"
              + " (35428ecf4e1d5934e2b9eececc0ce5b1) switched from state CREATED to RUNNING.",
          "2026-12-03 15:00:44,324 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph"
              + "       [] - Job recoverybench it-kill-taskmanager-flink-datastream-t1-mx7okop7"
              + " (35428ecf4e1d5934e2b9eececc0ce5b1) switched from state RUNNING to RESTARTING.",
          "\tat org.apache.flink.runtime.jobmaster.JobMaster.disconnectTaskManager(JobMaster.java:1)",
          "2026-12-03 15:00:45,384 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph"
              + "       [] - Job recoverybench it-kill-taskmanager-flink-datastream-t1-mx7okop7"
              + " (35428ecf4e1d5934e2b9eececc0ce5b1) switched from state RESTARTING to RUNNING.",
          "2026-12-03 15:00:45,866 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph"
              + "       [] - Job recoverybench it-kill-taskmanager-flink-datastream-t1-mx7okop7"
              + " (35428ecf4e1d5934e2b9eececc0ce5b1) switched from state RUNNING to RESTARTING.",
          "2026-12-03 15:01:08,847 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph"
              + "       [] - Job recoverybench it-kill-taskmanager-flink-datastream-t1-mx7okop7"
              + " (35428ecf4e1d5934e2b9eececc0ce5b1) switched from state RUNNING to RESTARTING.");

  @Test
  void restartingIsTheFirstRestartTheJobManagerLoggedNotTheLatestTheRestApiKeeps() {
    ZoneId utc = ZoneOffset.UTC;
    List<Long> logged =
        FlinkRecoveryPhases.restartsLogged(
            JOB_MANAGER_LOG, "35428ecf4e1d5934e2b9eececc0ce5b1", utc);
    long killed =
        LocalDateTime.parse("2026-12-03T15:00:42.845").atZone(utc).toInstant().toEpochMilli();
    assertThat(logged).hasSize(3);
    assertThat(logged.get(0) - killed).isEqualTo(1_479);
    assertThat(FlinkRecoveryPhases.restartsLogged(JOB_MANAGER_LOG, "79a320ab", utc)).isEmpty();
    RecoveryPhases p =
        FlinkRecoveryPhases.of(
            new FlinkRecoveryPhases.Observed(
                "taskmanager",
                killed - 2,
                false,
                false,
                List.of(killed + 1_441, killed + 25_950), // the first failure, read in time
                Map.of("RESTARTING", killed + 26_002), // the latest restart only
                logged,
                List.of(),
                Optional.empty(),
                List.of()));
    assertThat(p.afterKill(killed))
        .containsEntry("detected", 1_441L)
        .containsEntry("restarting", 1_479L);
  }

  @Test
  void theFirstCheckpointAfterTheRestoreIsTheFirstCompletedOneTriggeredAtOrAfterRunning() {
    assertThat(FlinkRecoveryPhases.firstCompletedTriggeredAtOrAfter(CHECKPOINTS, 1796309327369L))
        .isEqualTo(1796309332663L);
    // a failed one does not count; none after: unknown
    assertThat(FlinkRecoveryPhases.firstCompletedTriggeredAtOrAfter(CHECKPOINTS, 1796309319000L))
        .isEqualTo(1796309332663L);
    assertThat(FlinkRecoveryPhases.firstCompletedTriggeredAtOrAfter(CHECKPOINTS, 1796309340000L))
        .isNull();
  }
}
