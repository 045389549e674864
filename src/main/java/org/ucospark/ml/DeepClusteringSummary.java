package org.ucospark.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The training summary of a {@link DeepClusteringModel}: how the fit ended, every epoch's training
 * loss and terms with its evaluation when one was due, and the reported network's evaluation (the
 * lowest-loss checkpoint re-evaluated, docs/PROTOCOL.md "winner's curse") with ACC/NMI/ARI when a
 * label column was given (NaN otherwise), OFM and the cluster sizes. Built from the run's
 * summary.json and metrics rows, which it keeps as JSON ({@link #json()}) for saving.
 */
public final class DeepClusteringSummary implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One evaluation on the full data set: its epoch, ACC/NMI/ARI (NaN without labels), OFM, total
   * loss, every loss term, and the size of every cluster.
   */
  public record Evaluation(
      int epoch,
      double acc,
      double nmi,
      double ari,
      double ofm,
      double loss,
      Map<String, Double> terms,
      int[] clusterSizes)
      implements Serializable {}

  /** One epoch: its mean training loss and terms, and its evaluation (null when none was due). */
  public record Epoch(
      int epoch, double trainLoss, Map<String, Double> trainTerms, Evaluation evaluation)
      implements Serializable {}

  private final String json;
  private final String status;
  private final List<Epoch> epochs;
  private final Evaluation best;
  private final Evaluation last;

  /** From a run's summary.json and its metrics rows (one JSON object per epoch). */
  DeepClusteringSummary(JsonNode summary, List<String> metricRows) {
    ObjectNode both = JSON.createObjectNode();
    both.set("summary", summary);
    ArrayNode rows = both.putArray("epochs");
    List<Epoch> list = new ArrayList<>();
    for (String row : metricRows) {
      JsonNode r = read(row);
      rows.add(r);
      list.add(
          new Epoch(
              r.path("epoch").asInt(),
              number(r, "train_loss"),
              numbers(r.path("train_terms")),
              r.path("evaluated").asBoolean() ? evaluation(r, r.path("epoch").asInt()) : null));
    }
    this.json = both.toString();
    this.status = summary.path("status").asText();
    this.epochs = Collections.unmodifiableList(list);
    this.best = evaluation(summary.path("best"), summary.path("best").path("epoch").asInt());
    this.last = evaluation(summary.path("final"), summary.path("final").path("epoch").asInt());
  }

  /** From what {@link #json()} wrote. */
  static DeepClusteringSummary parse(String json) {
    JsonNode both = read(json);
    List<String> rows = new ArrayList<>();
    both.path("epochs").forEach(r -> rows.add(r.toString()));
    return new DeepClusteringSummary(both.path("summary"), rows);
  }

  /** The summary and the epochs as one JSON object (saved with the model). */
  public String json() {
    return json;
  }

  /** {@code finished}, or {@code diverged} (the loss stopped being finite; see the epochs). */
  public String status() {
    return status;
  }

  /** Every trained epoch, in order (of this fit and of the fits it resumed). */
  public List<Epoch> epochs() {
    return epochs;
  }

  /** The mean training loss of every epoch, in order. */
  public double[] trainLoss() {
    return epochs.stream().mapToDouble(Epoch::trainLoss).toArray();
  }

  /** The reported network's evaluation: the lowest-loss checkpoint, evaluated once more. */
  public Evaluation best() {
    return best;
  }

  /** The evaluation after the last epoch. */
  public Evaluation last() {
    return last;
  }

  /** The reported network's cluster sizes (as Spark's clustering summaries name them). */
  public long[] clusterSizes() {
    return best == null
        ? new long[0]
        : java.util.Arrays.stream(best.clusterSizes()).asLongStream().toArray();
  }

  private static Evaluation evaluation(JsonNode node, int epoch) {
    if (node.isMissingNode() || node.path("loss").isNull() || node.path("loss").isMissingNode()) {
      return null;
    }
    JsonNode counts = node.path("cluster_counts");
    int[] sizes = new int[counts.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = counts.get(i).asInt();
    }
    return new Evaluation(
        epoch,
        number(node, "acc"),
        number(node, "nmi"),
        number(node, "ari"),
        number(node, "ofm"),
        number(node, "loss"),
        numbers(node.path("terms")),
        sizes);
  }

  /**
   * A number field; NaN where it is null or absent (ACC without labels), as RunDirectory writes.
   */
  private static double number(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isNumber() ? v.asDouble() : Double.NaN;
  }

  private static Map<String, Double> numbers(JsonNode object) {
    Map<String, Double> out = new TreeMap<>();
    object.fieldNames().forEachRemaining(f -> out.put(f, number(object, f)));
    return Collections.unmodifiableMap(out);
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a training summary: " + e.getMessage(), e);
    }
  }
}
