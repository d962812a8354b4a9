package org.recoverybench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The chart of one paired comparison: a row per option, a panel per {@link PairedSection.Measure},
 * every trial a dot (spread a little along the row, so that equal figures stay apart) and the
 * option's median a black bar across its dots. Colours are the Okabe-Ito palette, safe for
 * colour-blind readers; each option keeps its colour in every paired chart.
 */
final class PairedCharts {
  private PairedCharts() {}

  /** Okabe-Ito: blue, orange, bluish green, vermillion, reddish purple, sky blue, black, yellow. */
  static final Color[] OKABE_ITO = {
    new Color(0x0072B2),
    new Color(0xE69F00),
    new Color(0x009E73),
    new Color(0xD55E00),
    new Color(0xCC79A7),
    new Color(0x56B4E9),
    new Color(0x000000),
    new Color(0xF0E442)
  };

  /** How far the dots of one row spread along it, either side of its middle. */
  static final double SPREAD = 0.22;

  /** Half the length of a median bar. */
  static final double BAR = 0.32;

  /** Pixels: the chart's frame, and each option's row. */
  static int height(PairedSection.Pair p) {
    return 150 + 70 * p.sides().size();
  }

  static Color colour(int index) {
    return OKABE_ITO[index % OKABE_ITO.length];
  }

  /**
   * Where the k-th of n dots of row {@code row} sits along its row: evenly spread around the row's
   * middle, the same place for the same trial in every panel.
   */
  static double position(int row, int k, int n) {
    return n == 1 ? row : row - SPREAD + 2 * SPREAD * k / (n - 1);
  }

  static JFreeChart chart(PairedSection.Pair p) {
    List<PairedSection.Side> sides = p.sides();
    String[] labels = new String[sides.size()];
    for (int i = 0; i < sides.size(); i++) {
      labels[i] = sides.get(i).option().label() + " (" + sides.get(i).fault() + ")";
    }
    SymbolAxis rows = new SymbolAxis(null, labels);
    rows.setGridBandsVisible(false);
    rows.setTickLabelFont(new Font("SansSerif", Font.PLAIN, 11));
    rows.setInverted(true); // the grid's column order, top to bottom
    // the options share the vertical axis; each measure is a panel of its own, side by side
    CombinedRangeXYPlot plot = new CombinedRangeXYPlot(rows);
    plot.setGap(14);
    for (PairedSection.Measure m : PairedSection.Measure.values()) {
      plot.add(panel(sides, m), 1);
    }
    JFreeChart chart =
        new JFreeChart(
            p.faultClass().label() + ": every trial",
            new Font("SansSerif", Font.BOLD, 15),
            plot,
            false);
    chart.addSubtitle(
        new TextTitle(
            "one dot per trial; the black bar is the median of that option's trials under that"
                + " one fault"));
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static XYPlot panel(List<PairedSection.Side> sides, PairedSection.Measure m) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
    r.setDrawOutlines(false);
    double top = 0;
    int series = 0;
    for (int row = 0; row < sides.size(); row++) {
      PairedSection.Side s = sides.get(row);
      List<Long> values = m.values(s.cell());
      XYSeries dots = new XYSeries(s.option().label() + " trials", false, true);
      for (int k = 0; k < values.size(); k++) {
        if (values.get(k) != null) {
          top = Math.max(top, scaled(m, values.get(k)));
          dots.add(scaled(m, values.get(k)), position(row, k, values.size()));
        }
      }
      data.addSeries(dots);
      r.setSeriesPaint(series, colour(s.index()));
      r.setSeriesShape(series, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
      r.setSeriesLinesVisible(series, false);
      series++;
      Long median = m.spread.apply(s.cell()).median();
      XYSeries bar = new XYSeries(s.option().label() + " median", false, true);
      if (median != null) {
        bar.add(scaled(m, median), row - BAR);
        bar.add(scaled(m, median), row + BAR);
      }
      data.addSeries(bar);
      r.setSeriesPaint(series, Color.BLACK);
      r.setSeriesStroke(series, new BasicStroke(2.5f));
      r.setSeriesLinesVisible(series, true);
      r.setSeriesShapesVisible(series, false);
      series++;
    }
    NumberAxis axis = new NumberAxis(m.label + (m.unit.equals("s") ? " (s)" : ""));
    if (m != PairedSection.Measure.RECOVERY) {
      axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    // from zero, with room either side so that a dot at 0 or at the top is whole
    double max = top == 0 ? 4 : top;
    axis.setRange(-0.05 * max, 1.08 * max);
    XYPlot plot = new XYPlot(data, axis, null, r);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    return plot;
  }

  private static double scaled(PairedSection.Measure m, long v) {
    return m == PairedSection.Measure.RECOVERY ? v / 1000.0 : v;
  }
}
