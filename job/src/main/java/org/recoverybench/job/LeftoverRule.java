package org.recoverybench.job;

import java.util.OptionalLong;

/**
 * What a starting writer of {@link PreparedTransactionSink} does with a prepared transaction it
 * finds in {@code pg_prepared_xacts}: the whole decision, as a pure function of the gid and of how
 * the writer starts.
 *
 * <p>A gid is {@code prefix:E:S:K:A:N}: the submission's epoch {@code E}, the subtask {@code S},
 * {@code K} the id of the checkpoint after whose snapshot the transaction began, the attempt {@code
 * A} and a sequence number {@code N}. A transaction that began after checkpoint K is prepared at
 * the barrier of the writer's next checkpoint, so, in one line of checkpoints (one submission, or a
 * submission and the one it was restored from), {@code K < R} means it was prepared at a barrier no
 * later than R: its rows are covered by R (its gid is one of R's committables), and it is
 * committed. {@code K >= R} means it holds rows after R, which the sources replay: it is rolled
 * back.
 *
 * <p>The rules, for a writer of submission (epoch) E restored from checkpoint R, or fresh:
 *
 * <ol>
 *   <li>A gid of another subtask ({@code S mod parallelism} is not this one) is left to that
 *       subtask; a gid of a newer epoch is left alone (this writer belongs to a stale submission).
 *   <li>Epoch E (a restart within this submission): {@code K < R} commit, the rest roll back; with
 *       nothing restored (no checkpoint of E completed), roll back.
 *   <li>An older epoch, at the first start of E (the writer state holds no entry of E): the same
 *       {@code K < R} rule, R being the checkpoint E was submitted from. With nothing restored (a
 *       fresh start), <b>commit</b>: the job then begins at the Kafka offsets committed for the
 *       group, which advance when a checkpoint completes, so a leftover whose checkpoint completed
 *       holds rows the source will not read again (rolling it back would lose them), while one
 *       whose checkpoint did not complete holds rows the source reads again (committing it
 *       duplicates them). Committing loses nothing; it is at-least-once for those rows only.
 *   <li>An older epoch, at a restart of E (the writer state holds an entry of E, so a checkpoint of
 *       E completed, and every writer of E had resolved the older leftovers before it): the older
 *       submission prepared it after E took over (a late writer). No restore of E must commit it:
 *       roll back. This is the fence; the attempt number alone cannot be one, as it starts at 0
 *       again in every submission.
 * </ol>
 */
final class LeftoverRule {
  private LeftoverRule() {}

  enum Action {
    COMMIT,
    ROLL_BACK,
    LEAVE
  }

  /** The parts of a gid. */
  record Gid(long epoch, int subtask, long checkpointId, int attempt, int seq) {
    String format(String prefix) {
      return prefix + ":" + epoch + ":" + subtask + ":" + checkpointId + ":" + attempt + ":" + seq;
    }

    /** The parts of a gid of this prefix, or null if it is not one. */
    static Gid parse(String prefix, String gid) {
      if (!gid.startsWith(prefix + ":")) {
        return null;
      }
      String[] p = gid.substring(prefix.length() + 1).split(":", -1);
      if (p.length != 5) {
        return null;
      }
      try {
        return new Gid(
            Long.parseLong(p[0]),
            Integer.parseInt(p[1]),
            Long.parseLong(p[2]),
            Integer.parseInt(p[3]),
            Integer.parseInt(p[4]));
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /**
   * How a writer starts.
   *
   * @param restored the id of the checkpoint restored, if any
   * @param restartOfEpoch whether the restored writer state holds an entry of this epoch
   */
  record Start(
      long epoch, int subtask, int parallelism, OptionalLong restored, boolean restartOfEpoch) {}

  record Decision(Action action, String reason) {}

  static Decision decide(Start s, Gid g) {
    if (g.subtask() % s.parallelism() != s.subtask()) {
      return new Decision(Action.LEAVE, "another subtask's");
    }
    if (g.epoch() > s.epoch()) {
      return new Decision(
          Action.LEAVE, "of a newer submission (epoch " + g.epoch() + "): this one is stale");
    }
    if (g.epoch() < s.epoch() && s.restartOfEpoch()) {
      return new Decision(
          Action.ROLL_BACK,
          "prepared by an older submission (epoch " + g.epoch() + ") after this one took over");
    }
    if (s.restored().isEmpty()) {
      return g.epoch() == s.epoch()
          ? new Decision(
              Action.ROLL_BACK, "no checkpoint of this submission completed: the source replays it")
          : new Decision(
              Action.COMMIT,
              "fresh start: the source begins at the committed offsets, which may be past its rows");
    }
    long r = s.restored().getAsLong();
    return g.checkpointId() < r
        ? new Decision(Action.COMMIT, "began after checkpoint " + g.checkpointId() + " < " + r)
        : new Decision(
            Action.ROLL_BACK,
            "began after checkpoint " + g.checkpointId() + " >= " + r + ": the source replays it");
  }
}
