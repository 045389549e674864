package org.ucospark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG pictures of one run, drawn headless: per-epoch lines, the confusion matrix as a heat map,
 * cluster sizes, 2-D scatter maps, and a grid of images per cluster. Pure rendering: data in, PNG
 * bytes out.
 */
public final class RunPlots {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private RunPlots() {}

  /**
   * One line per series: x (epochs) and y, NaN points dropped; series without a finite point are
   * skipped.
   */
  public static byte[] lines(String title, String yTitle, Map<String, double[][]> series) {
    XYChart chart =
        new XYChartBuilder()
            .width(SweepPlots.WIDTH)
            .height(SweepPlots.HEIGHT)
            .title(title)
            .xAxisTitle("epoch")
            .yAxisTitle(yTitle)
            .build();
    var s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setXAxisDecimalPattern("0");
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    int i = 0;
    for (var e : series.entrySet()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int k = 0; k < e.getValue()[0].length; k++) {
        if (Double.isFinite(e.getValue()[1][k])) {
          x.add(e.getValue()[0][k]);
          y.add(e.getValue()[1][k]);
        }
      }
      if (!x.isEmpty()) {
        XYSeries line = chart.addSeries(e.getKey(), x, y);
        line.setLineColor(SweepPlots.color(i));
        line.setMarkerColor(SweepPlots.color(i));
        line.setMarker(SeriesMarkers.CIRCLE);
        line.setLineStyle(new BasicStroke(2f));
      }
      i++;
    }
    return png(chart);
  }

  /**
   * The confusion matrix as a heat map: classes (rows, bottom to top) × clusters (columns, in
   * {@code order}), counts written in the cells up to 20 columns.
   */
  public static byte[] confusion(long[][] counts, int[] order) {
    int classes = counts.length;
    int size = Math.max(520, Math.min(1400, 60 * Math.max(classes, order.length) + 200));
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(size + 120)
            .height(size)
            .title("Confusion matrix (clusters ordered by their Hungarian-matched class)")
            .xAxisTitle("cluster")
            .yAxisTitle("class")
            .build();
    var s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setShowValue(order.length <= 20 && classes <= 20);
    s.setHeatMapValueDecimalPattern("0");
    // black counts stay readable on the darkest cell (medium blue) as on white
    s.setRangeColors(new Color[] {Color.WHITE, new Color(158, 202, 225), new Color(49, 130, 189)});
    s.setValueFontColor(Color.BLACK);
    s.setLegendVisible(true);
    s.setPlotContentSize(1.0);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    List<String> x = new ArrayList<>();
    for (int k : order) {
      x.add(String.valueOf(k));
    }
    List<String> y = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      y.add(String.valueOf(c));
    }
    List<Number[]> heat = new ArrayList<>();
    for (int col = 0; col < order.length; col++) {
      for (int c = 0; c < classes; c++) {
        heat.add(new Number[] {col, c, order[col] < counts[c].length ? counts[c][order[col]] : 0});
      }
    }
    chart.addSeries("count", x, y, heat);
    return png(chart);
  }

  /** One bar per cluster, in {@code order}. */
  public static byte[] sizes(long[] sizes, int[] order) {
    int width = Math.max(600, Math.min(2000, 24 * order.length + 200));
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(width)
            .height(420)
            .title("Cluster sizes")
            .xAxisTitle("cluster")
            .yAxisTitle("examples")
            .build();
    var s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setLegendVisible(false);
    s.setXAxisLabelRotation(order.length > 20 ? 90 : 0);
    s.setYAxisDecimalPattern("#,###");
    List<String> x = new ArrayList<>();
    List<Long> y = new ArrayList<>();
    for (int k : order) {
      x.add(String.valueOf(k));
      y.add(k < sizes.length ? sizes[k] : 0);
    }
    chart.addSeries("size", x, y).setFillColor(SweepPlots.color(0));
    return png(chart);
  }

  /** A scatter map of 2-D points, one colour per group (legend up to 20 groups). */
  public static byte[] scatter(
      String title,
      String xTitle,
      String yTitle,
      double[][] points,
      int[] groups,
      String groupName) {
    XYChart chart =
        new XYChartBuilder()
            .width(760)
            .height(680)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    var s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarkerSize(5);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    java.util.TreeMap<Integer, List<Integer>> byGroup = new java.util.TreeMap<>();
    for (int i = 0; i < groups.length; i++) {
      byGroup.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(i);
    }
    s.setLegendVisible(byGroup.size() <= 20);
    for (var e : byGroup.entrySet()) {
      double[] x = e.getValue().stream().mapToDouble(i -> points[i][0]).toArray();
      double[] y = e.getValue().stream().mapToDouble(i -> points[i][1]).toArray();
      XYSeries series = chart.addSeries(groupName + " " + e.getKey(), x, y);
      Color c = hue(e.getKey(), byGroup.size());
      series.setMarkerColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 170));
      series.setMarker(SeriesMarkers.CIRCLE);
    }
    return png(chart);
  }

  /** The palette for up to 10 groups; evenly spaced hues beyond. */
  private static Color hue(int group, int groups) {
    return groups <= 10
        ? SweepPlots.color(group)
        : Color.getHSBColor((float) (Math.floorMod(group * 37, 360)) / 360f, 0.75f, 0.85f);
  }

  /**
   * One row of a {@link #grid}: a caption and images as [0, 1] values (channels × height × width).
   */
  public record GridRow(String caption, List<float[]> images) {}

  /**
   * Images per cluster: one row per cluster, the caption on the left, images [0, 1] drawn at {@code
   * cell} pixels (grey for one channel, RGB for three).
   */
  public static byte[] grid(List<GridRow> rows, int channels, int height, int width, int columns) {
    int cell = 44;
    int captionWidth = 230;
    int pad = 4;
    int w = captionWidth + columns * (cell + pad) + pad;
    int h = Math.max(1, rows.size()) * (cell + pad) + pad;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    for (int r = 0; r < rows.size(); r++) {
      int y = pad + r * (cell + pad);
      g.setColor(new Color(40, 40, 40));
      g.drawString(rows.get(r).caption(), 6, y + cell / 2 + 5);
      List<float[]> images = rows.get(r).images();
      for (int c = 0; c < Math.min(columns, images.size()); c++) {
        g.drawImage(
            image(images.get(c), channels, height, width),
            captionWidth + pad + c * (cell + pad),
            y,
            cell,
            cell,
            null);
      }
    }
    g.dispose();
    return encode(img);
  }

  /** One tile of a {@link #confusionStrip}: the epoch, counts[class][cluster], column order. */
  public record StripTile(int epoch, long[][] counts, int[] order) {}

  /**
   * The confusion matrix at each evaluation, left to right in epoch order: one tile per evaluation
   * (rows classes top to bottom, columns clusters in the tile's {@code order}), each cell the share
   * of its class (white 0 → dark blue 1), so the matched mass gathers on the diagonal as training
   * goes on; the epoch under each tile. At most {@code perRow} tiles per row.
   */
  public static byte[] confusionStrip(List<StripTile> tiles, int perRow) {
    int classes = tiles.isEmpty() ? 1 : tiles.get(0).counts().length;
    int clusters = tiles.isEmpty() ? 1 : tiles.get(0).order().length;
    int cell = Math.max(1, 120 / Math.max(classes, clusters));
    int tileW = cell * clusters;
    int tileH = cell * classes;
    int pad = 12;
    int caption = 18;
    int columns = Math.max(1, Math.min(perRow, tiles.size()));
    int rows = Math.max(1, (tiles.size() + columns - 1) / columns);
    int w = pad + columns * (tileW + pad);
    int h = 30 + rows * (tileH + caption + pad);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(40, 40, 40));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(
        "Confusion matrix per evaluation (row = class, share of the class per cluster)", pad, 19);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int t = 0; t < tiles.size(); t++) {
      int x0 = pad + (t % columns) * (tileW + pad);
      int y0 = 30 + (t / columns) * (tileH + caption + pad);
      StripTile tile = tiles.get(t);
      for (int c = 0; c < tile.counts().length; c++) {
        long total = 0;
        for (long v : tile.counts()[c]) {
          total += v;
        }
        for (int col = 0; col < tile.order().length; col++) {
          int k = tile.order()[col];
          double share =
              total == 0 || k >= tile.counts()[c].length ? 0 : (double) tile.counts()[c][k] / total;
          g.setColor(shade(share));
          g.fillRect(x0 + col * cell, y0 + c * cell, cell, cell);
        }
      }
      g.setColor(Color.GRAY);
      g.drawRect(x0 - 1, y0 - 1, tileW + 1, tileH + 1);
      g.setColor(new Color(40, 40, 40));
      g.drawString("epoch " + tile.epoch(), x0, y0 + tileH + 14);
    }
    g.dispose();
    return encode(img);
  }

  /** White (0) to dark blue (1). */
  private static Color shade(double share) {
    double f = Math.max(0, Math.min(1, share));
    return new Color(
        (int) Math.round(255 + f * (8 - 255)),
        (int) Math.round(255 + f * (48 - 255)),
        (int) Math.round(255 + f * (107 - 255)));
  }

  private static BufferedImage image(float[] v, int channels, int height, int width) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int plane = height * width;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        int red = byteOf(v[i]);
        int green = channels == 3 ? byteOf(v[plane + i]) : red;
        int blue = channels == 3 ? byteOf(v[2 * plane + i]) : red;
        img.setRGB(x, y, (red << 16) | (green << 8) | blue);
      }
    }
    return img;
  }

  private static int byteOf(float unit) {
    return Math.max(0, Math.min(255, Math.round(unit * 255)));
  }

  private static byte[] encode(BufferedImage img) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
