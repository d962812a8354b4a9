package org.recoverybench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.util.List;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.recoverybench.result.TrialResult;

/**
 * The report's charts, drawn by JFreeChart into SVG (JFreeSVG). Each chart is a pure function of
 * the report model, so the same results give the same files.
 */
final class Charts {
  private Charts() {}

  static final int WIDTH = 960;

  /** One colour per target, in the model's target order, the same in every chart. */
  private static final Paint[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xd62728),
    new Color(0x2ca02c),
    new Color(0xff7f0e),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x7f7f7f)
  };

  private static final Font TITLE = new Font("SansSerif", Font.BOLD, 15);

  static String svg(JFreeChart chart, int width, int height) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setDefsKeyPrefix("rb"); // stable ids: the same chart gives the same file
    chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    return g.getSVGDocument();
  }

  private static Paint paint(List<String> targets, String target) {
    int i = targets.indexOf(target);
    return PALETTE[Math.max(0, i) % PALETTE.length];
  }

  /**
   * A scenario's timeline, trial 1 of each target: visible writes per second, sink lag, and p50
   * latency, on a time axis whose 0 is the first fault (or the trial start in a scenario without
   * faults). The fault is a vertical line on each plot.
   */
  static JFreeChart timeline(
      String scenario, List<ReportModel.Group> groups, List<String> targets) {
    boolean faulted = groups.stream().anyMatch(ReportModel.Group::hasFault);
    XYSeriesCollection writes = new XYSeriesCollection();
    XYSeriesCollection lag = new XYSeriesCollection();
    XYSeriesCollection latency = new XYSeriesCollection();
    for (ReportModel.Group g : groups) {
      ReportModel.Trial t = g.trials().get(0);
      long zero = faulted && t.firstFaultMs() != null ? t.firstFaultMs() : 0;
      XYSeries w = new XYSeries(g.shortTarget());
      XYSeries p = new XYSeries(g.shortTarget());
      if (t.result().timeline() != null) {
        for (TrialResult.Second s : thin(t.result().timeline())) {
          double x = (s.second() * 1000 - zero) / 1000.0;
          w.add(x, s.writes());
          // a second without writes has no latency: a gap in the line, not a slope across it
          p.add(x, s.p50Ms() == null ? null : s.p50Ms() / 1000.0);
        }
      }
      XYSeries l = new XYSeries(g.shortTarget());
      for (ReportModel.Sample s : thin(t.samples())) {
        l.add((s.tMs() - zero) / 1000.0, s.lag());
      }
      writes.addSeries(w);
      lag.addSeries(l);
      latency.addSeries(p);
    }
    NumberAxis x =
        new NumberAxis(
            faulted ? "seconds from the fault (trial 1)" : "seconds from the trial start");
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
    plot.setGap(8);
    plot.add(sub(writes, "writes/s", groups, targets, faulted), 1);
    plot.add(legendless(sub(lag, "sink lag (ids)", groups, targets, faulted)), 1);
    plot.add(legendless(dotted(sub(latency, "p50 latency (s)", groups, targets, faulted))), 1);
    JFreeChart chart = new JFreeChart(scenario + ": writes, lag and latency", TITLE, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static XYPlot sub(
      XYSeriesCollection data,
      String label,
      List<ReportModel.Group> groups,
      List<String> targets,
      boolean faulted) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < groups.size(); i++) {
      r.setSeriesPaint(i, paint(targets, groups.get(i).target()));
      r.setSeriesStroke(i, new BasicStroke(1.6f));
    }
    NumberAxis y = new NumberAxis(label);
    y.setAutoRangeIncludesZero(true);
    XYPlot p = new XYPlot(data, null, y, r);
    p.setBackgroundPaint(Color.WHITE);
    p.setDomainGridlinePaint(new Color(0xdddddd));
    p.setRangeGridlinePaint(new Color(0xdddddd));
    if (faulted) {
      ValueMarker m =
          new ValueMarker(
              0,
              Color.BLACK,
              new BasicStroke(
                  1.2f,
                  BasicStroke.CAP_BUTT,
                  BasicStroke.JOIN_MITER,
                  10f,
                  new float[] {5f, 4f},
                  0f));
      m.setLabel("fault");
      m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      p.addDomainMarker(m);
    }
    return p;
  }

  /** Points as well as lines: an exactly-once sink commits in bursts, seconds apart. */
  private static XYPlot dotted(XYPlot p) {
    XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) p.getRenderer();
    r.setDefaultShapesVisible(true);
    for (int i = 0; i < p.getDataset().getSeriesCount(); i++) {
      r.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
      r.setSeriesShapesVisible(i, true);
    }
    return p;
  }

  /** The subplots of a combined plot share one legend: the first one's. */
  private static XYPlot legendless(XYPlot p) {
    p.getRenderer().setDefaultSeriesVisibleInLegend(false);
    return p;
  }

  /** A bar per target and scenario: the median of one figure over the trials. */
  static JFreeChart bars(
      String title,
      String axis,
      ReportModel model,
      List<String> scenarios,
      Function<ReportModel.Group, Stat> figure,
      double scale,
      List<String> targets) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<ReportModel.Group> used =
        model.groups().stream()
            .filter(g -> scenarios.contains(g.scenario()) && !figure.apply(g).isEmpty())
            .toList();
    List<String> series = used.stream().map(ReportModel.Group::target).distinct().toList();
    for (ReportModel.Group g : used) {
      data.addValue(figure.apply(g).median() / scale, g.shortTarget(), g.scenario());
    }
    CategoryAxis cat = new CategoryAxis(null);
    cat.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    cat.setMaximumCategoryLabelLines(2);
    NumberAxis y = new NumberAxis(axis);
    BarRenderer r = new BarRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setItemMargin(0.04);
    r.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.#")));
    r.setDefaultItemLabelsVisible(true);
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesPaint(i, paint(targets, series.get(i)));
    }
    CategoryPlot plot = new CategoryPlot(data, cat, y, r);
    plot.setOrientation(PlotOrientation.VERTICAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
    chart.addSubtitle(new TextTitle("median over the trials; the tables give min–max"));
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** Bytes under each target's checkpoint prefix over time (trial 1), for one scenario. */
  static JFreeChart storage(String scenario, List<ReportModel.Group> groups, List<String> targets) {
    XYSeriesCollection bytes = new XYSeriesCollection();
    XYSeriesCollection objects = new XYSeriesCollection();
    for (ReportModel.Group g : groups) {
      XYSeries b = new XYSeries(g.shortTarget());
      XYSeries o = new XYSeries(g.shortTarget());
      for (ReportModel.Sample s : thin(g.trials().get(0).samples())) {
        if (s.s3Bytes() != null) {
          b.add(s.tMs() / 1000.0, s.s3Bytes() / 1024.0);
        }
        if (s.s3Objects() != null) {
          o.add(s.tMs() / 1000.0, s.s3Objects());
        }
      }
      bytes.addSeries(b);
      objects.addSeries(o);
    }
    CombinedDomainXYPlot plot =
        new CombinedDomainXYPlot(new NumberAxis("seconds from the trial start (trial 1)"));
    plot.setGap(8);
    plot.add(sub(bytes, "KiB", groups, targets, false), 1);
    plot.add(legendless(sub(objects, "objects", groups, targets, false)), 1);
    JFreeChart chart =
        new JFreeChart("Checkpoint storage over time: " + scenario, TITLE, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /**
   * A long trial's resources over time (trial 1 of each target): the RSS summed over the engine's
   * processes, and the bytes under its checkpoint prefix, on a time axis in minutes.
   */
  static JFreeChart resources(
      String scenario, List<ReportModel.Group> groups, List<String> targets) {
    XYSeriesCollection rss = new XYSeriesCollection();
    XYSeriesCollection bytes = new XYSeriesCollection();
    for (ReportModel.Group g : groups) {
      XYSeries r = new XYSeries(g.shortTarget());
      XYSeries b = new XYSeries(g.shortTarget());
      for (ReportModel.Sample s : thin(g.trials().get(0).samples())) {
        double minutes = s.tMs() / 60_000.0;
        r.add(minutes, s.rssBytes() == null ? null : s.rssBytes() / (1024.0 * 1024));
        b.add(minutes, s.s3Bytes() == null ? null : s.s3Bytes() / (1024.0 * 1024));
      }
      rss.addSeries(r);
      bytes.addSeries(b);
    }
    CombinedDomainXYPlot plot =
        new CombinedDomainXYPlot(new NumberAxis("minutes from the trial start (trial 1)"));
    plot.setGap(8);
    plot.add(sub(rss, "engine RSS (MiB)", groups, targets, false), 1);
    plot.add(legendless(sub(bytes, "checkpoint storage (MiB)", groups, targets, false)), 1);
    JFreeChart chart =
        new JFreeChart("Memory and checkpoint storage over time: " + scenario, TITLE, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** Points per series beyond which a chart is thinned: a 15-minute trial at one per second. */
  static final int MAX_POINTS = 900;

  /** How many points a thinned series keeps, at most. */
  static final int THINNED_POINTS = 300;

  /**
   * A long series thinned to every k-th point, at most {@link #THINNED_POINTS} of them, so that a
   * soak's chart stays a few hundred KiB rather than megabytes; a series of at most {@link
   * #MAX_POINTS} is drawn whole. The tables keep the maxima.
   */
  static <T> List<T> thin(List<T> points) {
    if (points == null || points.size() <= MAX_POINTS) {
      return points == null ? List.of() : points;
    }
    int k = (points.size() + THINNED_POINTS - 1) / THINNED_POINTS;
    List<T> out = new java.util.ArrayList<>();
    for (int i = 0; i < points.size(); i += k) {
      out.add(points.get(i));
    }
    return out;
  }
}
