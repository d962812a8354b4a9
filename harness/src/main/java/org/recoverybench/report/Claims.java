package org.recoverybench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.recoverybench.check.ResumeOffset;
import org.recoverybench.result.TrialResult;

/**
 * The claims of ORIGINAL_APP.md and of the Flink port, each judged from the measured figures by a
 * written rule ({@link Claim#rule()}). Nothing here knows an outcome in advance: every verdict is a
 * function of the trials it is given, and a claim without trials to judge it is "not tested".
 */
final class Claims {
  private Claims() {}

  enum Verdict {
    CONFIRMED("confirmed", "verdict-confirmed"),
    PARTLY("partly true", "verdict-partly"),
    REFUTED("refuted", "verdict-refuted"),
    UNDECIDED("not decided", "verdict-undecided"),
    NOT_TESTED("not tested", "verdict-undecided");

    final String label;
    final String css;

    Verdict(String label, String css) {
      this.label = label;
      this.css = css;
    }
  }

  /** A claim as its believers state it, and the rule that judges it. */
  record Claim(String id, String text, String rule) {}

  /** One row of the claims table. */
  record Row(Claim claim, String testedBy, String evidence, Verdict verdict, String reason) {}

  static final Claim C1 =
      new Claim(
          "1",
          "With `ssc.checkpoint(dir)` set, a restart of the application resumes from the last"
              + " processed Kafka offsets instead of starting over.",
          "Per Spark variant, over its driver kills and restarts: **confirmed** if every partition"
              + " of every trial resumed exactly after its last written offset (nothing replayed,"
              + " nothing skipped); **refuted** if any trial started over (offset 0 on a partition"
              + " that had progressed) or skipped records; **partly true** if it resumed near the"
              + " last written offset but replayed records.");
  static final Claim C2 =
      new Claim(
          "2",
          "Without checkpointing, a restart starts again from the very beginning of the topic and"
              + " reprocesses all data.",
          "On the `as-written` variant, whose restart never reads its checkpoint (it builds a new"
              + " `StreamingContext`), so it restarts as an app without one: **confirmed** if every"
              + " partition of every trial resumed at offset 0; **refuted** if none did; **partly"
              + " true** otherwise.");
  static final Claim C3 =
      new Claim(
          "3",
          "Checkpointed offsets prevent both duplicate processing and missed messages when the"
              + " driver crashes between batches.",
          "Per variant and kill timing: **confirmed** if every trial lost 0 ids and duplicated 0"
              + " ids; **partly true** if one of the two was 0 in every trial and the other was"
              + " not; **refuted** if trials both lost and duplicated ids.");
  static final Claim C4 =
      new Claim(
          "4",
          "Spark uses the saved offsets to tell Kafka which messages were processed.",
          "The group's committed offsets in Kafka, read at the driver kill, against the next"
              + " offset after the last record written: **confirmed** if they are equal on every"
              + " partition of every trial; **refuted** if the group has no committed offsets or"
              + " they differ from the processed position.");
  static final Claim C5 =
      new Claim(
          "5",
          "If the checkpoint directory is empty or corrupted, the application starts fresh.",
          "Per target on each damaged-checkpoint scenario, from the behaviour each trial recorded"
              + " at the restart: **refuted** if the engine refused the damaged checkpoint in any"
              + " trial (it started only once the state was dropped for it); **confirmed** if it"
              + " started without the checkpoint's state every time (a new context, no state);"
              + " **partly true** if it started but from an older checkpoint, not fresh. Without"
              + " recorded behaviours: **confirmed** if it wrote again in every trial, else"
              + " **refuted**. Resume offsets, losses and duplicates are shown alongside.");
  static final Claim C6 =
      new Claim(
          "6",
          "Checkpoints are written every batch interval by default. A long-running application"
              + " grows its checkpoint directory, so cleaning it up is the next hurdle.",
          "Per engine, on its longest trial of a retention scenario when there is one, else of"
              + " the baseline, else of any scenario: *every interval* holds if the median gap between checkpoints is within"
              + " ±50% of the configured interval; *it grows* holds if there were more objects under"
              + " the prefix at the end than at mid-run. **Confirmed** if both hold,"
              + " **partly true** if one does, **refuted** if neither.");
  static final Claim F1 =
      new Claim(
          "F1",
          "Flink port: with the exactly-once sink, a `kill -9` of a TaskManager or a JobManager"
              + " loses nothing and duplicates nothing.",
          "Per kill scenario: **confirmed** if every trial lost 0 and duplicated 0 ids; **partly"
              + " true** if one of the two was 0 in every trial; **refuted** otherwise.");
  static final Claim F2 =
      new Claim(
          "F2",
          "Flink port: the job resumes from the checkpointed offsets, not from the offsets"
              + " committed to Kafka.",
          "Per kill scenario, resumed offsets against the checkpointed and committed offsets at"
              + " the fault: **confirmed** if it resumed at the checkpointed offset where the two"
              + " differ; **refuted** if it resumed at the committed offset where they differ;"
              + " **not decided** when the two were equal on every partition (the job commits to"
              + " Kafka on checkpoint completion, so the runs cannot tell them apart).");

  static final List<Claim> ALL = List.of(C1, C2, C3, C4, C5, C6, F1, F2);

  static List<Row> evaluate(ReportModel m) {
    List<Row> rows = new ArrayList<>();
    rows.addAll(claim1(m));
    rows.addAll(claim2(m));
    rows.addAll(claim3(m));
    rows.addAll(claim4(m));
    rows.addAll(claim5(m));
    rows.addAll(claim6(m));
    rows.addAll(flink1(m));
    rows.addAll(flink2(m));
    return rows;
  }

  // ------------------------------------------------------------------ facts

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
      int trials) {}

  static Resumes resumes(List<ReportModel.Group> groups) {
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

  private static String resumeEvidence(Resumes r) {
    return String.format(
        Locale.ROOT,
        "%d partition restarts over %d trials: %d exact, %d from offset 0, %d replayed (%s records"
            + " a trial), %d skipped (%s records a trial); %d of %d resumed at the group's"
            + " committed offset",
        r.entries(),
        r.trials(),
        r.exact(),
        r.fromZero(),
        r.replayedEntries(),
        r.replayed().format(),
        r.skippedEntries(),
        r.skipped().format(),
        r.atCommitted(),
        r.withCommitted());
  }

  private static String lossEvidence(List<ReportModel.Group> groups) {
    List<Long> lost = new ArrayList<>();
    List<Long> dup = new ArrayList<>();
    for (ReportModel.Group g : groups) {
      for (TrialResult t : g.results()) {
        lost.add(t.lost());
        dup.add(t.duplicatedIds());
      }
    }
    return "lost " + Stat.of(lost).format() + ", duplicated ids " + Stat.of(dup).format();
  }

  private static boolean restarts(ReportModel.Group g) {
    return g.faultTypes().stream()
        .anyMatch(t -> t.equals("kill-driver") || t.equals("graceful-restart"));
  }

  private static List<ReportModel.Group> select(ReportModel m, Predicate<ReportModel.Group> p) {
    return m.groups().stream().filter(p).toList();
  }

  private static String scenarios(List<ReportModel.Group> gs) {
    return String.join(", ", gs.stream().map(ReportModel.Group::scenario).distinct().toList());
  }

  private static Row notTested(Claim c, String why) {
    return new Row(c, "–", why, Verdict.NOT_TESTED, "no trial in these results tests it");
  }

  // ------------------------------------------------------------------ claims

  static List<Row> claim1(ReportModel m) {
    List<Row> rows = new ArrayList<>();
    for (String variant : List.of("as-written", "recoverable")) {
      List<ReportModel.Group> gs =
          select(m, g -> g.engine().equals("spark") && g.variant().equals(variant) && restarts(g));
      if (gs.isEmpty()) {
        continue;
      }
      Resumes r = resumes(gs);
      Verdict v;
      String reason;
      if (r.entries() == 0) {
        v = Verdict.UNDECIDED;
        reason = "no restart wrote again, so there is no resume offset to judge";
      } else if (r.fromZero() > 0 || r.skippedEntries() > 0) {
        v = Verdict.REFUTED;
        reason =
            r.fromZero() > 0
                ? r.fromZero() + " partition restarts started over from offset 0"
                : r.skippedEntries()
                    + " partition restarts skipped records that were never written";
      } else if (r.exact() == r.entries()) {
        v = Verdict.CONFIRMED;
        reason = "every partition resumed right after its last written offset";
      } else {
        v = Verdict.PARTLY;
        reason =
            "it does not start over, but "
                + r.replayedEntries()
                + " of "
                + r.entries()
                + " partition restarts replayed records already written"
                + (r.withCommitted() > 0 && r.atCommitted() == r.withCommitted()
                    ? "; every one resumed at the group's committed offset in Kafka"
                    : "");
      }
      rows.add(
          new Row(
              C1,
              "spark " + variant + ": " + scenarios(gs),
              resumeEvidence(r) + "; " + lossEvidence(gs),
              v,
              reason));
    }
    return rows.isEmpty() ? List.of(notTested(C1, "no Spark driver restart")) : rows;
  }

  static List<Row> claim2(ReportModel m) {
    List<ReportModel.Group> gs =
        select(
            m, g -> g.engine().equals("spark") && g.variant().equals("as-written") && restarts(g));
    if (gs.isEmpty()) {
      return List.of(notTested(C2, "no restart of the as-written variant"));
    }
    Resumes r = resumes(gs);
    Verdict v;
    String reason;
    if (r.progressed() == 0) {
      v = Verdict.UNDECIDED;
      reason = "no partition had progressed before the restart";
    } else if (r.fromZero() == r.progressed()) {
      v = Verdict.CONFIRMED;
      reason = "every partition started again at offset 0";
    } else if (r.fromZero() == 0) {
      v = Verdict.REFUTED;
      reason =
          "no partition started at offset 0"
              + (r.withCommitted() > 0 && r.atCommitted() == r.withCommitted()
                  ? ": each resumed at the group's committed offset, which Kafka's consumer"
                      + " auto-commit had stored; only a group without committed offsets falls"
                      + " back to `auto.offset.reset` (default `latest`: the end, not the start)"
                  : "");
    } else {
      v = Verdict.PARTLY;
      reason = r.fromZero() + " of " + r.progressed() + " partitions started again at offset 0";
    }
    return List.of(
        new Row(
            C2,
            "spark as-written: " + scenarios(gs),
            resumeEvidence(r) + "; " + lossEvidence(gs),
            v,
            reason));
  }

  static List<Row> claim3(ReportModel m) {
    List<Row> rows = new ArrayList<>();
    List<ReportModel.Group> gs =
        select(m, g -> g.engine().equals("spark") && g.faultTypes().contains("kill-driver"));
    for (ReportModel.Group g : gs) {
      String timing =
          g.scenario().contains("between-batches") ? "between batches" : "during a batch";
      Verdict v = harmVerdict(g.results());
      rows.add(
          new Row(
              C3,
              "spark " + g.variant() + ": " + g.scenario() + " (" + timing + ")",
              lossEvidence(List.of(g)) + " over " + g.trials().size() + " trials",
              v,
              harmReason(g.results())));
    }
    return rows.isEmpty() ? List.of(notTested(C3, "no Spark driver kill")) : rows;
  }

  static Verdict harmVerdict(List<TrialResult> rs) {
    boolean anyLost = rs.stream().anyMatch(r -> r.lost() > 0);
    boolean anyDup = rs.stream().anyMatch(r -> r.duplicatedIds() > 0);
    if (!anyLost && !anyDup) {
      return Verdict.CONFIRMED;
    }
    if (anyLost && anyDup) {
      return Verdict.REFUTED;
    }
    return Verdict.PARTLY;
  }

  static String harmReason(List<TrialResult> rs) {
    long lostTrials = rs.stream().filter(r -> r.lost() > 0).count();
    long dupTrials = rs.stream().filter(r -> r.duplicatedIds() > 0).count();
    if (lostTrials == 0 && dupTrials == 0) {
      return "no id lost and none written twice in any trial";
    }
    List<String> parts = new ArrayList<>();
    parts.add(
        lostTrials == 0
            ? "nothing lost"
            : "ids lost in " + lostTrials + " of " + rs.size() + " trials");
    parts.add(
        dupTrials == 0
            ? "nothing duplicated"
            : "ids written twice in " + dupTrials + " of " + rs.size() + " trials");
    return String.join(", ", parts);
  }

  static List<Row> claim4(ReportModel m) {
    List<Row> rows = new ArrayList<>();
    for (String variant : List.of("as-written", "recoverable")) {
      List<ReportModel.Group> gs =
          select(
              m,
              g ->
                  g.engine().equals("spark")
                      && g.variant().equals(variant)
                      && g.faultTypes().contains("kill-driver"));
      if (gs.isEmpty()) {
        continue;
      }
      int entries = 0, with = 0, equal = 0;
      List<Long> gaps = new ArrayList<>();
      for (ReportModel.Group g : gs) {
        for (List<ResumeOffset> trial : g.firstResumes()) {
          for (ResumeOffset o : trial) {
            if (o.lastWrittenBefore() == null) {
              continue;
            }
            entries++;
            if (o.committed() != null) {
              with++;
              long gap = o.committed() - (o.lastWrittenBefore() + 1);
              gaps.add(gap);
              equal += gap == 0 ? 1 : 0;
            }
          }
        }
      }
      Verdict v;
      String reason;
      if (entries == 0) {
        v = Verdict.UNDECIDED;
        reason = "no partition was written before the kill";
      } else if (with == 0) {
        v = Verdict.REFUTED;
        reason = "the group had no committed offsets in Kafka at the kill";
      } else if (equal == entries) {
        v = Verdict.CONFIRMED;
        reason = "the committed offsets matched the processed position on every partition";
      } else {
        v = Verdict.REFUTED;
        Stat gap = Stat.of(gaps);
        reason =
            (entries - equal)
                + " of "
                + entries
                + " partitions had committed offsets that were not the processed position"
                + (gap.max() != null && gap.max() < 0
                    ? " (all behind it)"
                    : gap.min() != null && gap.min() > 0 ? " (all ahead of it)" : "")
                + ": they come from the driver consumer's auto-commit, not from the app";
      }
      rows.add(
          new Row(
              C4,
              "spark " + variant + ": " + scenarios(gs),
              String.format(
                  Locale.ROOT,
                  "committed offsets present on %d of %d partitions at the kill; committed minus"
                      + " (last written + 1): %s records",
                  with,
                  entries,
                  Stat.of(gaps).format()),
              v,
              reason));
    }
    return rows.isEmpty() ? List.of(notTested(C4, "no Spark driver kill")) : rows;
  }

  static boolean damagesCheckpoint(ReportModel.Group g) {
    return g.faultTypes().stream().anyMatch(t -> t.startsWith("checkpoint-"));
  }

  static List<Row> claim5(ReportModel m) {
    List<Row> rows = new ArrayList<>();
    for (ReportModel.Group g : select(m, Claims::damagesCheckpoint)) {
      List<String> behaviours = new ArrayList<>();
      for (TrialResult t : g.results()) {
        if (t.faults() != null) {
          t.faults().stream()
              .map(TrialResult.FaultRecord::behaviour)
              .filter(b -> b != null && !b.isBlank())
              .forEach(behaviours::add);
        }
      }
      long wroteAgain = g.results().stream().filter(t -> t.recoveryFirstWriteMs() != null).count();
      Resumes r = resumes(List.of(g));
      Verdict v;
      String reason;
      if (behaviours.isEmpty()) {
        v = wroteAgain == g.trials().size() ? Verdict.CONFIRMED : Verdict.REFUTED;
        reason =
            v == Verdict.CONFIRMED
                ? "it wrote again in every trial"
                : "it never wrote again in "
                    + (g.trials().size() - wroteAgain)
                    + " of "
                    + g.trials().size()
                    + " trials"
                    + firstNote(g);
      } else if (behaviours.stream().anyMatch(b -> b.startsWith("refused"))) {
        v = Verdict.REFUTED;
        reason = "it refused the damaged checkpoint instead of starting fresh" + firstNote(g);
      } else if (behaviours.stream()
          .allMatch(b -> b.equals("new-context") || b.equals("started-without-state"))) {
        v = Verdict.CONFIRMED;
        reason = "it started without the checkpoint's state every time" + firstNote(g);
      } else {
        v = Verdict.PARTLY;
        reason = "it started, but from an older checkpoint rather than fresh" + firstNote(g);
      }
      rows.add(
          new Row(
              C5,
              g.shortTarget() + ": " + g.scenario(),
              (r.entries() > 0 ? resumeEvidence(r) + "; " : "") + lossEvidence(List.of(g)),
              v,
              reason));
    }
    return rows.isEmpty()
        ? List.of(notTested(C5, "no damaged-checkpoint scenario in these results"))
        : rows;
  }

  /** The engine's own account: the behaviours recorded at the fault, and its first error. */
  private static String firstNote(ReportModel.Group g) {
    List<String> behaviours = new ArrayList<>();
    String error = null;
    for (TrialResult r : g.results()) {
      if (r.faults() == null) {
        continue;
      }
      for (TrialResult.FaultRecord f : r.faults()) {
        if (f.behaviour() != null && !behaviours.contains(f.behaviour())) {
          behaviours.add(f.behaviour());
        }
        if (error == null && f.error() != null) {
          error = Report.clip(f.error());
        }
      }
    }
    String note =
        g.results().stream()
            .map(TrialResult::note)
            .filter(n -> n != null && !n.isBlank())
            .findFirst()
            .orElse(null);
    List<String> parts = new ArrayList<>();
    if (!behaviours.isEmpty()) {
      parts.add("behaviour: " + String.join(", ", behaviours));
    }
    if (error != null) {
      parts.add("error: " + error);
    }
    if (note != null) {
      parts.add(note);
    }
    return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
  }

  static List<Row> claim6(ReportModel m) {
    List<Row> rows = new ArrayList<>();
    for (String engine : List.of("spark", "flink")) {
      // the longest trial of the engine on a retention scenario, else on the baseline, else any
      ReportModel.Trial best = null;
      ReportModel.Group bestGroup = null;
      int bestRank = Integer.MAX_VALUE;
      for (ReportModel.Group g : m.groups()) {
        if (!g.engine().equals(engine)) {
          continue;
        }
        int rank =
            g.scenario().startsWith("retention") ? 0 : g.scenario().equals("baseline") ? 1 : 2;
        for (ReportModel.Trial t : g.trials()) {
          if (rank < bestRank
              || (rank == bestRank && t.result().durationMs() > best.result().durationMs())) {
            best = t;
            bestGroup = g;
            bestRank = rank;
          }
        }
      }
      if (best == null) {
        continue;
      }
      Growth gr = growth(best);
      Long interval = intervalMs(best.result());
      Long gap = medianGap(best.result());
      boolean everyInterval =
          interval != null && gap != null && Math.abs(gap - interval) <= interval / 2;
      Verdict v =
          everyInterval && gr.grows()
              ? Verdict.CONFIRMED
              : everyInterval || gr.grows() ? Verdict.PARTLY : Verdict.REFUTED;
      String reason =
          (everyInterval
                  ? "a checkpoint every " + secs(gap) + " (interval " + secs(interval) + ")"
                  : "the median gap between checkpoints was "
                      + (gap == null ? "unknown" : secs(gap))
                      + " against an interval of "
                      + (interval == null ? "unknown" : secs(interval)))
              + "; "
              + (gr.grows()
                  ? "more objects at the end than at mid-run ("
                      + gr.mid()
                      + " → "
                      + gr.end()
                      + "): the footprint still grew after "
                      + secs(best.result().durationMs())
                  : "no more objects at the end than at mid-run ("
                      + gr.mid()
                      + " at mid-run, "
                      + gr.end()
                      + " at the end): old checkpoints were deleted by the engine itself");
      rows.add(
          new Row(
              C6,
              engine
                  + " "
                  + bestGroup.variant()
                  + ": "
                  + bestGroup.scenario()
                  + " trial "
                  + best.result().trial(),
              String.format(
                  Locale.ROOT,
                  "%d checkpoints listed; %d objects / %s at the end (max %d objects) after %s",
                  best.result().checkpoint() == null
                      ? 0
                      : best.result().checkpoint().perCheckpoint().size(),
                  best.result().checkpoint() == null ? 0 : best.result().checkpoint().objects(),
                  best.result().checkpoint() == null
                      ? "–"
                      : Math.round(best.result().checkpoint().bytes() / 1024.0) + " KiB",
                  best.result().checkpoint() == null ? 0 : best.result().checkpoint().maxObjects(),
                  secs(best.result().durationMs())),
              v,
              reason));
    }
    return rows.isEmpty() ? List.of(notTested(C6, "no trial")) : rows;
  }

  record Growth(long mid, long end, boolean grows) {}

  /**
   * Objects under the prefix at the middle of the trial's samples and at the end, counting only
   * samples after the first checkpoint object appeared. It grows if the end is above the middle and
   * the count never fell in between.
   */
  static Growth growth(ReportModel.Trial t) {
    List<Long> objects = new ArrayList<>();
    for (ReportModel.Sample s : t.samples()) {
      if (s.s3Objects() != null && (s.s3Bytes() == null || s.s3Bytes() > 0)) {
        objects.add(s.s3Objects());
      }
    }
    if (objects.size() < 2) {
      long end = t.result().checkpoint() == null ? 0 : t.result().checkpoint().objects();
      return new Growth(end, end, false);
    }
    int midIndex = objects.size() / 2;
    long mid = objects.get(midIndex);
    long end = objects.get(objects.size() - 1);
    return new Growth(mid, end, end > mid);
  }

  static Long intervalMs(TrialResult r) {
    Object v = r.settings() == null ? null : r.settings().get("checkpoint_interval_ms");
    return v instanceof Number n ? n.longValue() : null;
  }

  /** The median gap between distinct checkpoint completion times (Spark's .bk copies folded). */
  static Long medianGap(TrialResult r) {
    if (r.checkpoint() == null) {
      return null;
    }
    List<Long> times =
        r.checkpoint().perCheckpoint().stream()
            .filter(c -> !c.id().endsWith(".bk"))
            .map(TrialResult.PerCheckpoint::completedAtMs)
            .filter(java.util.Objects::nonNull)
            .distinct()
            .sorted()
            .toList();
    if (times.size() < 2) {
      return null;
    }
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < times.size(); i++) {
      gaps.add(times.get(i) - times.get(i - 1));
    }
    return Stat.of(gaps).median();
  }

  static List<Row> flink1(ReportModel m) {
    List<Row> rows = new ArrayList<>();
    for (ReportModel.Group g :
        select(
            m,
            g ->
                g.engine().equals("flink")
                    && g.sinkMode().equals("exactly-once")
                    && g.faultTypes().stream()
                        .anyMatch(
                            t -> t.equals("kill-taskmanager") || t.equals("kill-jobmanager")))) {
      rows.add(
          new Row(
              F1,
              "flink exactly-once: " + g.scenario(),
              lossEvidence(List.of(g)) + " over " + g.trials().size() + " trials",
              harmVerdict(g.results()),
              harmReason(g.results())));
    }
    return rows.isEmpty() ? List.of(notTested(F1, "no Flink exactly-once kill")) : rows;
  }

  static List<Row> flink2(ReportModel m) {
    List<Row> rows = new ArrayList<>();
    for (ReportModel.Group g :
        select(
            m,
            g ->
                g.engine().equals("flink")
                    && g.faultTypes().stream().anyMatch(t -> t.startsWith("kill-")))) {
      int differ = 0, atCkpt = 0, atCommitted = 0, entries = 0;
      for (List<ResumeOffset> trial : g.firstResumes()) {
        for (ResumeOffset o : trial) {
          if (o.checkpointed() == null || o.committed() == null) {
            continue;
          }
          entries++;
          if (o.checkpointed().equals(o.committed())) {
            continue;
          }
          differ++;
          atCkpt += o.resumedFrom() == o.checkpointed() ? 1 : 0;
          atCommitted += o.resumedFrom() == o.committed() ? 1 : 0;
        }
      }
      Resumes r = resumes(List.of(g));
      Verdict v;
      String reason;
      if (differ == 0) {
        v = Verdict.UNDECIDED;
        reason =
            entries == 0
                ? "no offsets were known at the fault"
                : "the checkpointed and committed offsets were equal on all "
                    + entries
                    + " partitions at the fault; it resumed at them on "
                    + r.atCheckpointed()
                    + " of "
                    + r.withCheckpointed();
      } else if (atCkpt == differ) {
        v = Verdict.CONFIRMED;
        reason =
            "where they differed, it resumed at the checkpointed offset ("
                + differ
                + " partitions)";
      } else if (atCommitted == differ) {
        v = Verdict.REFUTED;
        reason =
            "where they differed, it resumed at the committed offset (" + differ + " partitions)";
      } else {
        v = Verdict.PARTLY;
        reason = atCkpt + " of " + differ + " partitions resumed at the checkpointed offset";
      }
      rows.add(
          new Row(F2, "flink " + g.sinkMode() + ": " + g.scenario(), resumeEvidence(r), v, reason));
    }
    return rows.isEmpty() ? List.of(notTested(F2, "no Flink kill")) : rows;
  }

  static String secs(Long ms) {
    return ms == null ? "–" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
