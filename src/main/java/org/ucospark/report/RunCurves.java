package org.ucospark.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ucospark.eval.Hungarian;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;

/**
 * The "Per epoch" section of a run report, from metrics.jsonl: the loss terms, ACC/NMI/ARI and OFM
 * per evaluated epoch, and the confusion matrix of each evaluation as a strip of small heat maps.
 */
final class RunCurves {
  /** File name of the confusion matrices over the epochs. */
  static final String CONFUSION_STRIP_PNG = "confusion-epochs.png";

  /** Tiles per row of the strip; at most {@link #STRIP_TILES} evaluations are drawn. */
  static final int STRIP_PER_ROW = 8;

  static final int STRIP_TILES = 24;

  private RunCurves() {}

  /** Draws the section's plots into {@code files} and appends its HTML to {@code body}. */
  static void append(List<JsonNode> metrics, Map<String, byte[]> files, StringBuilder body) {
    List<JsonNode> evaluated =
        metrics.stream().filter(r -> r.path("evaluated").asBoolean()).toList();
    double[] epochs = evaluated.stream().mapToDouble(r -> r.get("epoch").asDouble()).toArray();
    files.put(
        "loss.png",
        RunPlots.lines(
            "Loss terms per epoch (full-data evaluation)", "loss", lossTerms(metrics, evaluated)));
    body.append("<h2>Per epoch</h2>\n").append(RunPage.figure("loss.png", "loss terms per epoch"));
    // a run without labels has no ACC/NMI/ARI (null in metrics.jsonl): plot only what exists
    Map<String, double[][]> scores = new LinkedHashMap<>();
    for (Metric m : MetricRegistry.tabulated()) {
      double[] v = values(evaluated, "/" + m.name());
      if (Arrays.stream(v).anyMatch(Double::isFinite)) {
        scores.put(m.label(), new double[][] {epochs, v});
      }
    }
    double[] ofm = values(evaluated, "/ofm");
    if (Arrays.stream(ofm).anyMatch(Double::isFinite)) {
      scores.put("OFM", new double[][] {epochs, ofm});
    }
    if (scores.isEmpty()) {
      body.append("<p class=\"note\">No ACC, NMI, ARI or OFM to plot (")
          .append(
              labeled(evaluated)
                  ? "the model has no companion term for OFM"
                  : "the data set has no labels, and the model no companion term for OFM")
          .append(").</p>\n");
      return;
    }
    String plotted = String.join(", ", scores.keySet());
    files.put("scores.png", RunPlots.lines(plotted + " per evaluated epoch", "value", scores));
    body.append(RunPage.figure("scores.png", plotted + " per epoch"));
    if (!labeled(evaluated)) {
      body.append("<p class=\"note\">No labels: no ACC, NMI or ARI.</p>\n");
    }
    List<RunPlots.StripTile> tiles = confusionTiles(evaluated);
    if (!tiles.isEmpty()) {
      files.put(CONFUSION_STRIP_PNG, RunPlots.confusionStrip(tiles, STRIP_PER_ROW));
      body.append(RunPage.figure(CONFUSION_STRIP_PNG, "confusion matrix at each evaluation"));
    }
  }

  /**
   * The lines of the loss plot: the evaluated total, every evaluated term (in order of first
   * appearance) and the training loss of every epoch.
   */
  private static Map<String, double[][]> lossTerms(
      List<JsonNode> metrics, List<JsonNode> evaluated) {
    double[] epochs = evaluated.stream().mapToDouble(r -> r.get("epoch").asDouble()).toArray();
    Map<String, double[][]> terms = new LinkedHashMap<>();
    terms.put("loss (total)", new double[][] {epochs, values(evaluated, "/loss")});
    List<String> names = new ArrayList<>();
    evaluated.forEach(
        r ->
            r.path("terms")
                .fieldNames()
                .forEachRemaining(
                    n -> {
                      if (!names.contains(n)) {
                        names.add(n);
                      }
                    }));
    for (String n : names) {
      terms.put(n, new double[][] {epochs, values(evaluated, "/terms/" + n.replace("/", "~1"))});
    }
    double[] trainEpochs = metrics.stream().mapToDouble(r -> r.get("epoch").asDouble()).toArray();
    terms.put(
        "training loss (epoch mean)", new double[][] {trainEpochs, values(metrics, "/train_loss")});
    return terms;
  }

  /** Whether any evaluated epoch has an ACC (a data set without labels has none). */
  private static boolean labeled(List<JsonNode> evaluated) {
    return evaluated.stream().anyMatch(r -> r.path("acc").isNumber());
  }

  /**
   * The confusion matrices of metrics.jsonl's evaluations ({@code confusion}), at most {@link
   * #STRIP_TILES} evenly spread over them (the first and the last included), each with its clusters
   * in the order of its own Hungarian matching.
   */
  static List<RunPlots.StripTile> confusionTiles(List<JsonNode> evaluated) {
    List<JsonNode> with = evaluated.stream().filter(r -> r.path("confusion").isArray()).toList();
    List<RunPlots.StripTile> tiles = new ArrayList<>();
    int n = with.size();
    int shown = Math.min(n, STRIP_TILES);
    for (int i = 0; i < shown; i++) {
      JsonNode row = with.get(shown == 1 ? n - 1 : (int) Math.round(i * (n - 1.0) / (shown - 1)));
      JsonNode m = row.get("confusion");
      long[][] counts = new long[m.size()][];
      long[] sizes = new long[m.size() == 0 ? 0 : m.get(0).size()];
      for (int c = 0; c < counts.length; c++) {
        counts[c] = new long[m.get(c).size()];
        for (int k = 0; k < counts[c].length; k++) {
          counts[c][k] = m.get(c).get(k).asLong();
          sizes[k] += counts[c][k];
        }
      }
      int[] order = Confusion.matchedOrder(Hungarian.maximize(Confusion.toDouble(counts)), sizes);
      tiles.add(new RunPlots.StripTile(row.get("epoch").asInt(), counts, order));
    }
    return tiles;
  }

  private static double[] values(List<JsonNode> rows, String pointer) {
    return rows.stream()
        .mapToDouble(r -> r.at(pointer).isNumber() ? r.at(pointer).asDouble() : Double.NaN)
        .toArray();
  }
}
