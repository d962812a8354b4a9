package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.recoverybench.check.ResumeOffset;

/** What the first restart of every trial of some groups did, partition by partition. */
record Resumes(
    int entries,
    int progressed,
    int exact,
    int fromZero,
    int replayedEntries,
    int skippedEntries,
    int withCommitted,
    int atCommitted,
    int withCheckpointed,
    int atCheckpointed,
    int checkpointedIsCommitted,
    Stat replayed,
    Stat skipped,
    int trials) {

  static Resumes of(List<ReportModel.Group> groups) {
    int entries = 0, progressed = 0, exact = 0, fromZero = 0, rep = 0, skip = 0;
    int withCommitted = 0, atCommitted = 0, withCkpt = 0, atCkpt = 0, same = 0, trials = 0;
    List<Long> replayed = new ArrayList<>();
    List<Long> skipped = new ArrayList<>();
    for (ReportModel.Group g : groups) {
      for (List<ResumeOffset> trial : g.firstResumes()) {
        trials++;
        long r = 0, s = 0;
        for (ResumeOffset o : trial) {
          entries++;
          boolean moved = o.lastWrittenBefore() != null && o.lastWrittenBefore() > 0;
          progressed += moved ? 1 : 0;
          fromZero += moved && o.resumedFrom() == 0 ? 1 : 0;
          exact += o.replayed() == 0 && o.skipped() == 0 ? 1 : 0;
          rep += o.replayed() > 0 ? 1 : 0;
          skip += o.skipped() > 0 ? 1 : 0;
          r += o.replayed();
          s += o.skipped();
          if (o.committed() != null) {
            withCommitted++;
            atCommitted += o.committed() == o.resumedFrom() ? 1 : 0;
          }
          if (o.checkpointed() != null) {
            withCkpt++;
            atCkpt += o.checkpointed() == o.resumedFrom() ? 1 : 0;
            same += o.checkpointed().equals(o.committed()) ? 1 : 0;
          }
        }
        replayed.add(trial.isEmpty() ? null : r);
        skipped.add(trial.isEmpty() ? null : s);
      }
    }
    return new Resumes(
        entries,
        progressed,
        exact,
        fromZero,
        rep,
        skip,
        withCommitted,
        atCommitted,
        withCkpt,
        atCkpt,
        same,
        Stat.of(replayed),
        Stat.of(skipped),
        trials);
  }

  /** The evidence column's account of these restarts. */
  String evidence() {
    return String.format(
        Locale.ROOT,
        "%d partition restarts over %d trials: %d exact, %d from offset 0, %d replayed (%s records"
            + " a trial), %d skipped (%s records a trial); %d of %d resumed at the group's"
            + " committed offset",
        entries,
        trials,
        exact,
        fromZero,
        replayedEntries,
        replayed.format(),
        skippedEntries,
        skipped.format(),
        atCommitted,
        withCommitted);
  }

  /** "; every one resumed at the group's committed offset in Kafka" when that is so. */
  boolean allAtCommitted() {
    return withCommitted > 0 && atCommitted == withCommitted;
  }
}
