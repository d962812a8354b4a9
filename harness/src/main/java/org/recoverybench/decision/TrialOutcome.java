package org.recoverybench.decision;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.recoverybench.result.TrialResult;

/**
 * One trial as the decision sees it: its counts, whether the engine ran at the end, and the outcome
 * classes that follow from them.
 *
 * @param lost ids produced and not in the sink at the end
 * @param duplicatedIds ids written more than once
 * @param recoveryMs fault to the first visible write of the new incarnation, or null
 * @param state the engine's state at the end of the trial
 * @param failure the trial's error when the trial itself failed, else null
 */
public record TrialOutcome(
    long lost, long duplicatedIds, Long recoveryMs, EngineState state, String failure) {

  /** A trial that failed: the reason is all there is. */
  public static TrialOutcome failed(String reason) {
    return new TrialOutcome(0, 0, null, EngineState.UNKNOWN, reason);
  }

  /** The outcome of a trial's {@code result.json}. */
  public static TrialOutcome of(TrialResult r) {
    List<String> behaviours =
        r.faults() == null
            ? List.of()
            : r.faults().stream().map(TrialResult.FaultRecord::behaviour).toList();
    return new TrialOutcome(
        r.lost(), r.duplicatedIds(), r.recoveryFirstWriteMs(), EngineState.atEnd(behaviours), null);
  }

  /** The outcome classes this trial shows. */
  public Set<Outcome> outcomes() {
    Set<Outcome> s = EnumSet.noneOf(Outcome.class);
    if (failure != null) {
      s.add(Outcome.FAILED_TRIAL);
      return s;
    }
    if (state.halted()) {
      s.add(Outcome.HALTED);
    } else if (lost > 0) {
      s.add(state.reportedFailure() ? Outcome.LOST_FOR_GOOD : Outcome.SILENTLY_SKIPPED);
    }
    if (duplicatedIds > 0) {
      s.add(Outcome.DUPLICATED);
    }
    if (recoveryMs != null) {
      s.add(Outcome.RECOVERED);
    }
    return s;
  }

  public boolean shows(Outcome o) {
    return outcomes().contains(o);
  }
}
