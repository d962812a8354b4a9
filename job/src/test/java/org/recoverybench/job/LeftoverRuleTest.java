package org.recoverybench.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.recoverybench.job.LeftoverRule.Action;
import org.recoverybench.job.LeftoverRule.Gid;
import org.recoverybench.job.LeftoverRule.Start;

class LeftoverRuleTest {
  private static final String PREFIX = "rb:run:1:datastream:jdbc-sink";
  private static final long E = 2_000L;
  private static final long OLDER = 1_000L;

  private static Action act(Start s, long epoch, int subtask, long k) {
    return LeftoverRule.decide(s, new Gid(epoch, subtask, k, 0, 0)).action();
  }

  private static Start restartOfEpoch(long r) {
    return new Start(E, 0, 1, OptionalLong.of(r), true);
  }

  private static Start firstStart(long r) {
    return new Start(E, 0, 1, OptionalLong.of(r), false);
  }

  private static final Start FRESH = new Start(E, 0, 1, OptionalLong.empty(), false);

  @Test
  void aGidRoundTripsAndOthersAreNotOurs() {
    Gid g = new Gid(E, 3, 42, 1, 7);
    assertThat(g.format(PREFIX)).isEqualTo(PREFIX + ":2000:3:42:1:7");
    assertThat(Gid.parse(PREFIX, g.format(PREFIX))).isEqualTo(g);
    assertThat(Gid.parse(PREFIX, "rb:other:2000:0:1:0:0")).isNull();
    assertThat(Gid.parse(PREFIX, PREFIX + ":0:1:0:0")).isNull(); // the format before epochs
    assertThat(Gid.parse(PREFIX, PREFIX + ":2000:x:1:0:0")).isNull();
    assertThat(Gid.parse(PREFIX, PREFIX + "2:2000:0:1:0:0")).isNull();
    assertThat(Gid.parse(PREFIX, PREFIX + ":2000:0:1:0:0:")).isNull();
  }

  @Test
  void aRestartCommitsWhatBeganBeforeTheRestoredCheckpointAndRollsBackTheRest() {
    Start s = restartOfEpoch(5);
    assertThat(act(s, E, 0, 0)).isEqualTo(Action.COMMIT);
    assertThat(act(s, E, 0, 4)).isEqualTo(Action.COMMIT);
    assertThat(act(s, E, 0, 5)).isEqualTo(Action.ROLL_BACK);
    assertThat(act(s, E, 0, 6)).isEqualTo(Action.ROLL_BACK);
  }

  @Test
  void aResubmissionAppliesTheSameRuleToTheSubmissionItWasRestoredFrom() {
    Start s = firstStart(5);
    assertThat(act(s, OLDER, 0, 4)).isEqualTo(Action.COMMIT);
    assertThat(act(s, OLDER, 0, 5)).isEqualTo(Action.ROLL_BACK);
    assertThat(act(s, OLDER, 0, 9)).isEqualTo(Action.ROLL_BACK);
    // an earlier attempt of this submission that failed before its first checkpoint completed
    assertThat(act(s, E, 0, 5)).isEqualTo(Action.ROLL_BACK);
  }

  @Test
  void anOlderSubmissionsLatePrepareIsFencedOffEvenWithKBelowR() {
    Start s = restartOfEpoch(9);
    assertThat(act(s, OLDER, 0, 5)).isEqualTo(Action.ROLL_BACK);
    assertThat(act(s, OLDER, 0, 8)).isEqualTo(Action.ROLL_BACK);
    assertThat(act(s, OLDER, 0, 9)).isEqualTo(Action.ROLL_BACK);
    assertThat(act(s, E, 0, 8)).isEqualTo(Action.COMMIT);
  }

  @Test
  void aNewerSubmissionsGidsAreLeftAlone() {
    assertThat(act(restartOfEpoch(9), E + 1, 0, 1)).isEqualTo(Action.LEAVE);
    assertThat(act(firstStart(9), E + 1, 0, 12)).isEqualTo(Action.LEAVE);
    assertThat(act(FRESH, E + 1, 0, 12)).isEqualTo(Action.LEAVE);
  }

  @Test
  void aFreshStartCommitsTheLeftoversOfOlderSubmissionsAndRollsBackItsOwn() {
    assertThat(LeftoverRule.decide(FRESH, new Gid(OLDER, 0, 7, 2, 0)))
        .satisfies(d -> assertThat(d.action()).isEqualTo(Action.COMMIT))
        .satisfies(d -> assertThat(d.reason()).contains("fresh start"));
    assertThat(act(FRESH, OLDER, 0, 0)).isEqualTo(Action.COMMIT);
    assertThat(act(FRESH, E, 0, 0)).isEqualTo(Action.ROLL_BACK);
  }

  @Test
  void eachGidIsResolvedByTheSubtaskItsIndexMapsToAtTheNewParallelism() {
    // rescaled from 4 to 3: old subtask 3 maps to new subtask 0
    Start s0 = new Start(E, 0, 3, OptionalLong.of(5), false);
    Start s1 = new Start(E, 1, 3, OptionalLong.of(5), false);
    assertThat(act(s0, OLDER, 3, 4)).isEqualTo(Action.COMMIT);
    assertThat(act(s1, OLDER, 3, 4)).isEqualTo(Action.LEAVE);
    assertThat(act(s1, OLDER, 1, 4)).isEqualTo(Action.COMMIT);
    assertThat(act(s0, OLDER, 1, 4)).isEqualTo(Action.LEAVE);
  }
}
