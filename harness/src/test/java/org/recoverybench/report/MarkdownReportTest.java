package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recoverybench.check.ResumeOffset;
import org.recoverybench.result.TrialResult;

class MarkdownReportTest {
  @Test
  void resumeOffsetsReadAsReplayedSkippedOrExact() {
    List<ResumeOffset> r =
        List.of(
            new ResumeOffset(0, 1, 40, 49L, 45L, 30L, 10, 0, "before"),
            new ResumeOffset(1, 1, 60, 29L, 30L, null, 0, 30, "after"),
            new ResumeOffset(2, 1, 50, 49L, 50L, 50L, 0, 0, "at"));
    assertThat(MarkdownReport.resume(r))
        .isEqualTo("p0@40 +10 replayed; p1@60 -30 skipped; p2@50 exact");
    assertThat(MarkdownReport.resume(List.of())).isEqualTo("-");
  }

  @Test
  void everyTrialIsARowWithItsOwnFigures() {
    TrialResult t =
        new TrialResult(
            "kill-driver",
            "spark",
            "recoverable",
            "append",
            1,
            "run-1",
            "recoverybench compare",
            "2026-11-24T00:00:00Z",
            1000,
            15000,
            16234,
            15000,
            0,
            1234,
            1234,
            0,
            List.of(),
            List.of(),
            5500L,
            9100L,
            List.of(),
            List.of(),
            List.of(1, 2),
            new TrialResult.Checkpoint("s3://b/p/", 61_000, 10, 70_000, 12, List.of()),
            480.5,
            900L,
            5200L,
            null,
            null,
            List.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            true,
            "");
    String md = MarkdownReport.render(List.of(t));
    assertThat(md).contains("Produced by: `recoverybench compare`");
    assertThat(md)
        .contains(
            "| kill-driver | spark / recoverable / append | 1 | 15000 | 16234 | 15000 | 0 | 1234 |"
                + " 1234 | 5500 ms | 9100 ms | - | 61000 / 10 | 481 | 900 ms / 5200 ms |");
  }
}
