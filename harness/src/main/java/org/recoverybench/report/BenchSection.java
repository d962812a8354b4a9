package org.recoverybench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.recoverybench.result.BenchResult;
import org.recoverybench.result.ResultFiles;

/** The report's benchmark section, from {@code bench.json} when the directory has one. */
final class BenchSection {
  private BenchSection() {}

  /** The bench figures of {@code dir}, or null when it has none. */
  static BenchResult load(Path dir) {
    Path f = dir.resolve(BenchResult.FILE);
    if (!Files.exists(f)) {
      return null;
    }
    try {
      return ResultFiles.mapper().readValue(f.toFile(), BenchResult.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  static void write(Doc d, BenchResult b) {
    intro(d, b);
    throughput(d, b);
    recovery(d, b);
    goals(d, b);
  }

  private static void intro(Doc d, BenchResult b) {
    d.h(2, "Benchmark");
    d.p(
        "Produced by `"
            + b.command()
            + "`, started "
            + b.startedAt()
            + ", in "
            + String.format(Locale.ROOT, "%.1f", b.durationMs() / 60000.0)
            + " min. Every writer drained the same backlog of "
            + String.format(Locale.ROOT, "%,d", ((Number) b.settings().get("records")).longValue())
            + " records from the same topic into the same table. Its rate is from the times its"
            + " rows were inserted (the database clock at each INSERT, also inside a transaction"
            + " that commits later): the middle 80% of the rows over the time between the 10th and"
            + " the 90th percentile of their insert times, so start-up and stragglers are left out"
            + " and a sink that commits on checkpoints is measured by its writing; when its commits"
            + " made the rows visible is its latency. The limit is the best of one or more plain Kafka consumers (threads in the"
            + " harness, each with a share of the partitions, no framework, no checkpoints) writing"
            + " the same rows, with JDBC batches of "
            + b.settings().get("jdbc_batch_size")
            + " rows (the engines' batch size), with the upsert statement of the upsert sink mode"
            + " in the same batches (the limit of the upsert sink), or with COPY. Latency is from the event time to the"
            + " row being visible (commit time), at "
            + b.settings().get("latency_rate_per_second")
            + " records/s for "
            + b.settings().get("latency_seconds")
            + " s after the backlog (Flink at parallelism 1).");
  }

  /** The pipeline limits and each engine target's throughput, latency and checkpoints. */
  private static void throughput(Doc d, BenchResult b) {
    List<List<String>> rows = new ArrayList<>();
    for (BenchResult.Limit l : b.limits()) {
      rows.add(
          List.of(
              "limit: plain consumer, " + l.method(),
              Integer.toString(l.writers()),
              rate(l.perSecond()),
              "",
              "",
              "",
              "",
              "",
              ""));
    }
    for (BenchResult.Throughput t : b.throughput()) {
      BenchResult.CheckpointFigures c = t.checkpoints();
      rows.add(
          List.of(
              t.engine() + " / " + t.variant() + " / " + t.sinkMode(),
              Integer.toString(t.parallelism()),
              t.complete() ? rate(t.perSecond()) : "did not finish",
              ratio(t.ratioToLimit()),
              ratio(t.ratioToCopy()),
              ms(t.latencyP50Ms()),
              ms(t.latencyP99Ms()),
              c == null ? "" : Integer.toString(c.count()),
              c == null
                  ? ""
                  : ms(c.durationMedianMs())
                      + " / "
                      + (c.durationMaxMs() == null ? "–" : ms(c.durationMaxMs().doubleValue()))
                      + (c.bytesMedian() == null
                          ? ""
                          : String.format(Locale.ROOT, ", %.1f KiB", c.bytesMedian() / 1024))));
    }
    if (!rows.isEmpty()) {
      d.table(
          List.of(
              "writer",
              "parallelism",
              "records/s",
              "× JDBC limit (upsert: × upsert limit)",
              "× COPY limit",
              "latency p50",
              "latency p99",
              "checkpoints",
              "checkpoint median / max, median size"),
          List.of(false, true, true, true, true, true, true, true, true),
          rows);
      d.image(
          Report.CHARTS + "/bench-throughput.svg",
          "Throughput against the pipeline limit",
          Charts.svg(throughputChart(b), Charts.WIDTH, 420));
    }
  }

  /** The recovery time of each kill fault, over its kills. */
  private static void recovery(Doc d, BenchResult b) {
    if (!b.recovery().isEmpty()) {
      d.p(
          "Recovery time: each scenario of `scenarios/bench/` kills the same process five times in"
              + " one run; each kill is measured on its own, from the kill to the first write of the"
              + " restarted engine (first visible, for exactly-once), and to the sink lag being back"
              + " at its baseline.");
      List<List<String>> rec = new ArrayList<>();
      for (BenchResult.Recovery r : b.recovery()) {
        rec.add(
            List.of(
                r.fault(),
                r.target(),
                Integer.toString(r.trials()),
                secs(r.medianMs())
                    + recovered(r)
                    + (r.minMs() == null
                        ? ""
                        : " ("
                            + secs(r.minMs().doubleValue())
                            + "–"
                            + secs(r.maxMs().doubleValue())
                            + ")"),
                String.join(
                    ", ",
                    r.firstWriteMs().stream()
                        .map(x -> x == null ? "none" : secs(x.doubleValue()))
                        .toList()),
                secs(median(r.lagBaselineMs())),
                Long.toString(r.lost()),
                Long.toString(r.duplicatedIds())));
      }
      d.table(
          List.of(
              "fault",
              "target",
              "kills",
              "to first write, median (min–max)",
              "each kill (none: not within the spacing)",
              "to lag at baseline, median",
              "lost",
              "duplicated ids"),
          List.of(false, false, true, true, false, true, true, true),
          rec);
    }
  }

  /** The tuning goals, judged on the figures. */
  private static void goals(Doc d, BenchResult b) {
    List<List<String>> goals = new ArrayList<>();
    for (BenchResult.Goal g : b.goals()) {
      goals.add(
          List.of(
              g.goal(),
              g.rule(),
              g.measured() == null
                  ? "not measured"
                  : g.threshold() > 100
                      ? secs(g.measured())
                      : String.format(Locale.ROOT, "%.2f", g.measured()),
              g.met() == null ? "not measured" : g.met() ? "met" : "**not met**"));
    }
    d.p("Tuning goals (issue 9), judged on the figures above:");
    d.table(
        List.of("goal", "rule", "measured", "outcome"), List.of(false, false, true, false), goals);
  }

  private static JFreeChart throughputChart(BenchResult b) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (BenchResult.Throughput t : b.throughput()) {
      if (t.perSecond() != null) {
        String name =
            (t.engine().equals("flink") ? "flink " + t.sinkMode() : "spark " + t.variant())
                + " p"
                + t.parallelism();
        data.addValue(t.perSecond(), "records/s", name);
      }
    }
    CategoryAxis cat = new CategoryAxis(null);
    cat.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    NumberAxis y = new NumberAxis("records per second");
    BarRenderer r = new BarRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, new Color(0x4e79a7));
    r.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0")));
    r.setDefaultItemLabelsVisible(true);
    CategoryPlot plot = new CategoryPlot(data, cat, y, r);
    plot.setOrientation(PlotOrientation.VERTICAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    for (BenchResult.Limit l : b.limits()) {
      if (l.perSecond() != null && isBest(b, l)) {
        ValueMarker m = new ValueMarker(l.perSecond());
        m.setPaint(
            l.method().equals("copy")
                ? new Color(0x59a14f)
                : l.method().equals("jdbc-upsert") ? new Color(0xf28e2b) : new Color(0xe15759));
        m.setStroke(new BasicStroke(2f));
        m.setLabel("limit, " + l.method() + " x" + l.writers());
        m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        plot.addRangeMarker(m);
        y.setUpperBound(Math.max(y.getUpperBound(), l.perSecond() * 1.1));
      }
    }
    JFreeChart chart =
        new JFreeChart(
            "Steady throughput against the pipeline limit",
            new Font("SansSerif", Font.BOLD, 15),
            plot,
            false);
    chart.addSubtitle(new TextTitle("one drain of the same backlog per writer"));
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** "[k of n recovered]" when some kills saw no recovery within the grace period. */
  private static String recovered(BenchResult.Recovery r) {
    long k = r.firstWriteMs().stream().filter(Objects::nonNull).count();
    return k == r.firstWriteMs().size() ? "" : " [" + k + " of " + r.trials() + " recovered]";
  }

  /** Whether a limit run is its method's best: the limit the engines are divided by. */
  private static boolean isBest(BenchResult b, BenchResult.Limit l) {
    return b.limits().stream()
        .filter(x -> x.method().equals(l.method()) && x.perSecond() != null)
        .allMatch(x -> x.perSecond() <= l.perSecond());
  }

  private static Double median(List<Long> xs) {
    List<Double> known = xs.stream().filter(Objects::nonNull).map(Long::doubleValue).toList();
    return known.size() < xs.size() ? null : BenchResult.median(known);
  }

  private static String rate(Double r) {
    return r == null ? "–" : String.format(Locale.ROOT, "%,.0f", r);
  }

  private static String ratio(Double r) {
    return r == null ? "–" : String.format(Locale.ROOT, "%.2f", r);
  }

  /** Milliseconds in seconds, like the rest of the report; two decimals, as many are below 1 s. */
  private static String ms(Double r) {
    return r == null ? "–" : String.format(Locale.ROOT, "%.2f s", r / 1000);
  }

  private static String secs(Double ms) {
    return ms == null ? "–" : String.format(Locale.ROOT, "%.1f s", ms / 1000);
  }
}
