package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.check.ResumeOffset;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.observe.History;
import org.recoverybench.observe.HistoryEvent;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;
import org.recoverybench.run.ScenarioTrials;

/**
 * Claim F2 on a real Flink cluster: while the JobManager is down the harness moves the group's
 * committed offsets back to 0, then resubmits the job from its latest retained checkpoint. The
 * exactly-once job resumes at its checkpointed offsets, so nothing is written twice even though
 * Kafka told it to start from 0, and F2 is confirmed for the result.
 */
class MovedOffsetsITCase {
  private static final long RECORDS = 6_000;
  private static EmbeddedLab lab;
  private static Path work;

  @BeforeAll
  static void startLab() {
    work = WorkDirs.freshForTest("moved-offsets-itcase");
    lab =
        new EmbeddedLab(LabConfig.at(work.resolve("lab")).withHealthTimeout(Duration.ofMinutes(4)));
    lab.start();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void theJobResumesAtItsCheckpointedOffsetsWhenKafkaHoldsOthers() throws Exception {
    Path out = work.resolve("results");
    TrialResult r = ScenarioTrials.runOne(lab, work, out, "it-f2-moved-offsets", "flink");
    assertThat(r.faults()).as("faults").hasSize(1);
    ScenarioTrials.assertExactlyOnceBySql(lab, r, RECORDS);

    // the move: every partition had a checkpointed offset above 0, and 0 after it
    Path result = ResultFiles.find(out).get(0);
    List<HistoryEvent> moves =
        History.read(result.resolveSibling("history.jsonl")).stream()
            .filter(e -> "offsets-moved".equals(e.type()))
            .toList();
    assertThat(moves).as("moves").hasSize(1);
    Map<Integer, Long> before = offsets(moves.get(0), "before");
    Map<Integer, Long> after = offsets(moves.get(0), "after");
    System.out.println("offsets moved: " + before + " -> " + after);
    assertThat(before)
        .as("checkpointed offsets")
        .hasSize(3)
        .allSatisfy((p, v) -> assertThat(v).isPositive());
    assertThat(after).as("committed offsets after the move").isEqualTo(Map.of(0, 0L, 1, 0L, 2, 0L));

    // result.json: per partition, the resume at the checkpointed offset, with both offsets
    Map<Integer, ResumeOffset> first = new TreeMap<>();
    for (ResumeOffset ro : r.resumeOffsets()) {
      first.merge(ro.partition(), ro, (a, b) -> a.incarnation() <= b.incarnation() ? a : b);
    }
    assertThat(first).as("partitions resumed").hasSize(3);
    for (ResumeOffset ro : first.values()) {
      System.out.println("resume: " + ro);
      assertThat(ro.checkpointed())
          .as("checkpointed p" + ro.partition())
          .isEqualTo(before.get(ro.partition()));
      assertThat(ro.committed()).as("committed p" + ro.partition()).isZero();
      assertThat(ro.resumedFrom()).as("resumed p" + ro.partition()).isEqualTo(ro.checkpointed());
    }

    List<ClaimRow> f2 = new FlinkResumesFromCheckpointedOffsets().judge(ReportModel.load(out));
    f2.forEach(row -> System.out.println("F2: " + row));
    assertThat(f2).extracting(ClaimRow::verdict).containsExactly(Verdict.CONFIRMED);
  }

  private static Map<Integer, Long> offsets(HistoryEvent e, String key) {
    Map<Integer, Long> m = new TreeMap<>();
    if (e.data().get(key) instanceof Map<?, ?> raw) {
      raw.forEach((k, v) -> m.put(Integer.parseInt(k.toString()), ((Number) v).longValue()));
    }
    return m;
  }
}
