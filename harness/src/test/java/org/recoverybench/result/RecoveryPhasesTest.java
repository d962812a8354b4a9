package org.recoverybench.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.lab.Dist;

/**
 * The phases of a kill's recovery in {@code result.json}: in the order a recovery reaches them, in
 * ms after the kill with null where not known, and results written before them still read.
 */
class RecoveryPhasesTest {
  @Test
  void phasesAreKeptInTheOrderARecoveryReachesThemWithUnknownOnesNull() {
    RecoveryPhases p =
        new RecoveryPhases(
            RecoveryPhases.of(
                "running", 9_000, "detected", 1_200, "restarting", null, "deployed", 8_000),
            7L);
    assertThat(p.at().keySet()).containsExactly("detected", "restarting", "deployed", "running");
    assertThat(p.afterKill(1_000))
        .containsEntry("detected", 200L)
        .containsEntry("restarting", null)
        .containsEntry("deployed", 7_000L)
        .containsEntry("running", 8_000L);
    assertThat(p.restoredCheckpointId()).isEqualTo(7L);
    assertThat(RecoveryPhases.withFirstVisibleWrite(p.afterKill(1_000), 9_500L).keySet())
        .containsExactly("detected", "restarting", "deployed", "running", "first_visible_write");
    assertThat(RecoveryPhases.withFirstVisibleWrite(null, 9_500L)).isNull();
  }

  @Test
  void aPhaseOutsideTheListIsRefused() {
    assertThatThrownBy(() -> new RecoveryPhases(RecoveryPhases.of("started", 1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("started");
  }

  @Test
  void phasesGoIntoResultJsonAndComeBackWithTheirNulls(@TempDir Path dir) throws Exception {
    Path committed = aCommittedKillResult();
    TrialResult old = ResultFiles.read(committed);
    TrialResult.FaultRecord f = old.faults().get(0);
    assertThat(f.phases()).as("a result written before the phases").isNull();
    assertThat(f.restoredCheckpointId()).isNull();

    List<TrialResult.FaultRecord> faults = new ArrayList<>(old.faults());
    faults.set(
        0,
        f.withPhases(
            RecoveryPhases.withFirstVisibleWrite(
                new RecoveryPhases(
                        RecoveryPhases.of("detected", 1_700, "restarting", 1_720, "running", null),
                        2L)
                    .afterKill(0),
                f.firstWriteMs()),
            2L));
    TrialResult withPhases = copyWithFaults(old, faults);
    Path file = dir.resolve("result.json");
    ResultFiles.mapper().writeValue(file.toFile(), withPhases);
    String json = Files.readString(file);
    assertThat(json).contains("\"phases\" : {").contains("\"running\" : null");
    assertThat(json).contains("\"restored_checkpoint_id\" : 2");
    TrialResult.FaultRecord back = ResultFiles.read(file).faults().get(0);
    assertThat(back.phases())
        .containsExactlyEntriesOf(faults.get(0).phases())
        .containsEntry("first_visible_write", f.firstWriteMs());
    assertThat(back.phases().keySet())
        .containsExactly("detected", "restarting", "running", "first_visible_write");
    assertThat(back.restoredCheckpointId()).isEqualTo(2L);
  }

  /** A committed result of a kill, written before the phases were. */
  private static Path aCommittedKillResult() {
    Path r =
        Dist.home()
            .resolve(
                "results/reference-parts/part3-worker-loss/kill-taskmanager/"
                    + "flink-datastream-exactly-once/trial-1/result.json");
    assertThat(r).exists();
    return r;
  }

  private static TrialResult copyWithFaults(TrialResult r, List<TrialResult.FaultRecord> faults)
      throws Exception {
    // through JSON: the record has too many fields to copy by hand here
    var mapper = ResultFiles.mapper();
    @SuppressWarnings("unchecked")
    Map<String, Object> m = mapper.convertValue(r, Map.class);
    m.put("faults", mapper.convertValue(faults, List.class));
    return mapper.convertValue(m, TrialResult.class);
  }
}
