package org.ucospark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.BoxSeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a sweep, drawn headless with XChart: learning curves (mean line with a ±std band
 * per model), box plots and term × term heat maps (pairwise OFM). Pure rendering: data in, PNG
 * bytes out.
 */
public final class SweepPlots {

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** Width of curve charts in pixels. */
  public static final int WIDTH = 900;

  /** Height of curve charts in pixels. */
  public static final int HEIGHT = 560;

  /** Tableau-10 palette; series i gets colour i mod 10. */
  private static final Color[] PALETTE = {
    new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40),
    new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127),
    new Color(188, 189, 34), new Color(23, 190, 207),
  };

  private SweepPlots() {}

  /**
   * @param i series index
   * @return the palette colour of series i
   */
  public static Color color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  private static void style(AxesChartStyler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(true);
    s.setPlotBorderColor(new Color(170, 170, 170));
    s.setPlotGridLinesColor(new Color(225, 225, 225));
    s.setChartTitleBoxVisible(false);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    s.setLegendBorderColor(new Color(200, 200, 200));
    s.setChartPadding(12);
    s.setAntiAlias(true);
  }

  /**
   * Curves with ±std bands: one colour per curve, the band a translucent polygon {@code [mean −
   * std, mean + std]} drawn under the mean line.
   *
   * @param title chart title
   * @param yTitle y-axis title
   * @param curves curves (empty ones are skipped); colours follow {@code colors} when it maps the
   *     label, else the position
   * @param colors fixed colour per label (may be empty)
   * @return the PNG
   */
  public static byte[] curves(
      String title, String yTitle, List<EpochCurve> curves, Map<String, Color> colors) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("epoch")
            .yAxisTitle(yTitle)
            .build();
    var s = chart.getStyler();
    style(s);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setMarkerSize(6);
    s.setXAxisDecimalPattern("0");
    s.setYAxisDecimalPattern("0.00");
    int i = 0;
    for (EpochCurve c : curves) {
      if (c.isEmpty()) {
        i++;
        continue;
      }
      Color col = colors.getOrDefault(c.label(), color(i));
      int n = c.epochs().length;
      double[] px = new double[2 * n];
      double[] py = new double[2 * n];
      for (int k = 0; k < n; k++) {
        px[k] = c.epochs()[k];
        py[k] = c.mean()[k] + c.std()[k];
        px[2 * n - 1 - k] = c.epochs()[k];
        py[2 * n - 1 - k] = c.mean()[k] - c.std()[k];
      }
      XYSeries band = chart.addSeries(c.label() + " ±std", px, py);
      band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
      band.setFillColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 55));
      band.setLineColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 0));
      band.setMarker(SeriesMarkers.NONE);
      band.setShowInLegend(false);
      XYSeries line = chart.addSeries(c.label() + " (n=" + c.runs() + ")", c.epochs(), c.mean());
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setLineColor(col);
      line.setMarkerColor(col);
      line.setMarker(SeriesMarkers.CIRCLE);
      line.setLineStyle(new BasicStroke(2.2f));
      i++;
    }
    return png(chart);
  }

  /**
   * Box plot: one box per group (quartiles, whiskers at 1.5 IQR).
   *
   * @param title chart title
   * @param yTitle y-axis title
   * @param labels box labels
   * @param values values per box, parallel to labels (non-finite values dropped; boxes without
   *     values skipped)
   * @param colors colour per box, parallel to labels
   * @return the PNG
   */
  public static byte[] boxes(
      String title, String yTitle, List<String> labels, List<double[]> values, List<Color> colors) {
    int w = Math.max(600, 140 * labels.size() + 200);
    BoxChart chart =
        new BoxChartBuilder()
            .width(w)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("model")
            .yAxisTitle(yTitle)
            .build();
    var s = chart.getStyler();
    style(s);
    s.setLegendVisible(false);
    s.setYAxisDecimalPattern("0.000");
    for (int i = 0; i < labels.size(); i++) {
      double[] v = java.util.Arrays.stream(values.get(i)).filter(Double::isFinite).toArray();
      if (v.length == 0) {
        continue;
      }
      BoxSeries b = chart.addSeries(labels.get(i), v);
      Color col = colors.get(i);
      b.setFillColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 110));
      b.setLineColor(col.darker());
    }
    return png(chart);
  }

  /**
   * A term × term heat map of cosines in [−1, 1] (pairwise OFM): blue −1, white 0, red +1, each
   * cell labelled with its value; NaN cells are left empty.
   *
   * @param title chart title
   * @param terms the terms, both axes in this order
   * @param cosines [i][j] the cosine of terms i and j
   * @return the PNG
   */
  public static byte[] heatMap(String title, List<String> terms, double[][] cosines) {
    int side = Math.max(420, 110 * terms.size() + 220);
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(side + 120)
            .height(side)
            .title(title)
            .xAxisTitle("term")
            .yAxisTitle("term")
            .build();
    HeatMapStyler s = chart.getStyler();
    style(s);
    s.setLegendVisible(true);
    s.setMin(-1);
    s.setMax(1);
    s.setRangeColors(new Color[] {new Color(33, 102, 172), Color.WHITE, new Color(178, 24, 43)});
    s.setShowValue(true);
    s.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    s.setValueFontColor(Color.BLACK);
    s.setHeatMapValueDecimalPattern("0.00");
    s.setPlotGridLinesVisible(false);
    List<Number[]> cells = new java.util.ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      for (int j = 0; j < terms.size(); j++) {
        if (Double.isFinite(cosines[i][j])) {
          // y runs bottom-up: the first term in the top row, as a matrix reads
          cells.add(new Number[] {i, terms.size() - 1 - j, cosines[i][j]});
        }
      }
    }
    List<String> reversed = new java.util.ArrayList<>(terms);
    java.util.Collections.reverse(reversed);
    chart.addSeries("cos", terms, reversed, cells);
    return png(chart);
  }

  private static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
