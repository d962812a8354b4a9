package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.result.TrialResult;

class ReportTest {
  @TempDir Path dir;

  /** Three trials of a Spark driver kill and one Flink baseline, with histories. */
  private void writeRun() throws IOException {
    long[][] harm = {{0, 2473}, {0, 2449}, {0, 2461}};
    long[] recovery = {8_700, 10_300, 9_100};
    for (int i = 0; i < 3; i++) {
      Trials t = Trials.of("kill-driver", "spark", "recoverable", "append").trial(i + 1);
      t.harm(harm[i][0], harm[i][1]).fault("kill-driver", recovery[i]);
      t.resume(0, 1373, 2188L, null, 1373L).resume(1, 1372, 2188L - i, null, 1372L);
      for (int s = 0; s < 30; s++) {
        t.timeline.add(new TrialResult.Second(s, 500, 2_800L, 5_200L));
      }
      write(t.build());
    }
    Trials f =
        Trials.of("baseline", "flink", "datastream", "exactly-once").checkpointsEvery(5000, 6);
    f.timeline.add(new TrialResult.Second(3, 400, 3_100L, 5_000L));
    write(f.build());
  }

  private void write(TrialResult r) throws IOException {
    Path trial =
        dir.resolve(r.scenario())
            .resolve(r.engine() + "-" + r.variant() + "-" + r.sinkMode())
            .resolve("trial-" + r.trial());
    ResultFiles.write(dir, trial, r);
    StringBuilder h = new StringBuilder("{\"ts\":1000,\"type\":\"trial\"}\n");
    for (int s = 0; s < 30; s++) {
      h.append(
          String.format(
              "{\"ts\":%d,\"type\":\"sample\",\"lag\":%d,\"rows\":%d,\"s3_bytes\":%d,\"s3_objects\":%d,\"checkpoints\":%d}%n",
              1000 + s * 1000L, 100 + s, s * 500, s * 1024, 2 + s / 5, s / 5));
    }
    Files.writeString(trial.resolve("history.jsonl"), h.toString(), StandardCharsets.UTF_8);
  }

  @Test
  void theSummaryRowHoldsTheMedianAndRangeOfEachFigure() throws IOException {
    writeRun();
    Path md = Report.write(dir);
    String text = Files.readString(md);
    assertThat(text)
        .contains(
            "| kill-driver | spark / recoverable / append | 3 | 0 | 2461 (2449–2473) |"
                + " 2461 (2449–2473) | 9.1 (8.7–10.3) s | 10.1 (9.7–11.3) s |"
                + " p0 +816, p1 +816 (+815–+817) | 10 KiB / 4 | 500 → 450 |"
                + " 0.8 s / 3.0 s → 1.0 s / 5.0 s |");
    assertThat(text)
        .contains(
            "| baseline | flink / datastream / exactly-once | 1 | 0 | 0 | 0 | – | – | – |"
                + " 10 KiB / 4 | 500 (no fault) | 0.9 s / 4.0 s |");
    assertThat(text).contains("Produced by `recoverybench compare --trials 3`");
    assertThat(text).contains("| 3 | Checkpointed offsets prevent both duplicate processing");
  }

  @Test
  void theHtmlPageIsSelfContainedAndEmbedsEveryChart() throws IOException {
    writeRun();
    Report.write(dir);
    String html = Files.readString(dir.resolve(Report.HTML));
    List<String> charts;
    try (var s = Files.list(dir.resolve(Report.CHARTS))) {
      charts = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(charts)
        .containsExactly(
            "checkpoint-footprint.svg",
            "duplicates.svg",
            "paired-coordinator-loss.svg",
            "recovery.svg",
            "storage-baseline.svg",
            "timeline-baseline.svg",
            "timeline-kill-driver.svg");
    List<String> srcs = new ArrayList<>();
    Matcher m = Pattern.compile("<img [^>]*src=\"([^\"]{0,40})").matcher(html);
    while (m.find()) {
      srcs.add(m.group(1));
    }
    assertThat(srcs)
        .hasSize(charts.size())
        .allMatch(s -> s.startsWith("data:image/svg+xml;base64,"));
    assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script");
    for (String c : charts) {
      String svg = Files.readString(dir.resolve(Report.CHARTS).resolve(c));
      assertThat(svg.strip()).contains("<svg").endsWith("</svg>");
    }
  }

  @Test
  void theSameResultsGiveTheSameFiles() throws IOException {
    writeRun();
    Report.write(dir);
    String md = Files.readString(dir.resolve(Report.MARKDOWN));
    String svg = Files.readString(dir.resolve("charts/timeline-kill-driver.svg"));
    Report.write(dir);
    assertThat(Files.readString(dir.resolve(Report.MARKDOWN))).isEqualTo(md);
    assertThat(Files.readString(dir.resolve("charts/timeline-kill-driver.svg"))).isEqualTo(svg);
  }

  @Test
  void inlineMarksBecomeHtmlAndTextIsEscaped() {
    assertThat(Doc.inline("a `x<y` and **b** [c](#claims)"))
        .isEqualTo("a <code>x&lt;y</code> and <strong>b</strong> <a href=\"#claims\">c</a>");
  }
}
