package org.ucospark.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;

/** One epoch as a metrics row (metrics.jsonl / metrics/) and as a progress line. */
final class MetricRow {
  private MetricRow() {}

  static String json(
      int epoch, double trainLoss, double imagesPerSecond, double elapsed, EvaluationResult eval) {
    return json(epoch, trainLoss, Map.of(), imagesPerSecond, elapsed, eval);
  }

  /**
   * The row of an epoch: {@code train_loss} (mean minibatch loss) and {@code train_terms} (every
   * term's mean over the epoch's minibatches), the speed and, when evaluated, the evaluation.
   */
  static String json(
      int epoch,
      double trainLoss,
      Map<String, Double> trainTerms,
      double imagesPerSecond,
      double elapsed,
      EvaluationResult eval) {
    ObjectNode row = RunDirectory.JSON.createObjectNode().put("epoch", epoch);
    RunDirectory.putNumber(row, "train_loss", trainLoss);
    if (!trainTerms.isEmpty()) {
      ObjectNode terms = row.putObject("train_terms");
      trainTerms.forEach((k, v) -> RunDirectory.putNumber(terms, k, v));
    }
    RunDirectory.putNumber(row, "images_per_s", imagesPerSecond);
    row.put("elapsed_s", elapsed).put("evaluated", eval != null);
    if (eval != null) {
      putEvaluation(row, eval);
    }
    return row.toString();
  }

  /**
   * Every metric of the registry (acc, nmi, ari, rand, …, in its order), ofm, loss, every term
   * ("uco/0" etc.), the kernel bandwidths ({@code sigma/hidden}, {@code sigma/uco/0}, …), in
   * pairwise OFM mode {@code ofm_pairwise} (term → term → cosine), the cluster counts, the
   * confusion matrix ({@code confusion}: row = class, column = cluster; labelled data only) and,
   * for an evaluation with a non-finite loss, {@code failed} as fields of {@code node}.
   */
  static ObjectNode putEvaluation(ObjectNode node, EvaluationResult eval) {
    for (Metric m : MetricRegistry.all()) {
      RunDirectory.putNumber(node, m.name(), eval.scores().get(m));
    }
    RunDirectory.putNumber(node, "ofm", eval.ofm());
    RunDirectory.putNumber(node, "loss", eval.loss());
    ObjectNode terms = node.putObject("terms");
    eval.terms().forEach((k, v) -> RunDirectory.putNumber(terms, k, v));
    RunDirectory.putNumber(node, "kl_star", eval.klStar());
    eval.sigmas().forEach((k, v) -> RunDirectory.putNumber(node, "sigma/" + k, v));
    if (!eval.ofmPairwise().isEmpty()) {
      ObjectNode matrix = node.putObject("ofm_pairwise");
      eval.ofmPairwise()
          .forEach(
              (t, row) -> {
                ObjectNode r = matrix.putObject(t);
                row.forEach((u, v) -> RunDirectory.putNumber(r, u, v));
              });
    }
    if (eval.failure() != null) {
      node.put("failed", eval.failure());
    }
    var counts = node.putArray("cluster_counts");
    for (int c : eval.clusterCounts()) {
      counts.add(c);
    }
    if (eval.confusion() != null) {
      var confusion = node.putArray("confusion");
      for (int[] row : eval.confusion()) {
        var r = confusion.addArray();
        for (int v : row) {
          r.add(v);
        }
      }
    }
    return node;
  }

  static String progress(
      int epoch,
      int epochs,
      double trainLoss,
      EvaluationResult eval,
      double imagesPerSecond,
      double etaSeconds) {
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "epoch %3d/%d  train loss %.4f", epoch, epochs, trainLoss));
    if (eval != null) {
      line.append(String.format(Locale.ROOT, "  | eval loss %.4f (", eval.loss()));
      int i = 0;
      for (Map.Entry<String, Double> t : eval.terms().entrySet()) {
        line.append(i++ > 0 ? " " : "")
            .append(String.format(Locale.ROOT, "%s %.4f", t.getKey(), t.getValue()));
      }
      if (eval.labeled()) {
        line.append(") ");
        for (Metric m : MetricRegistry.tabulated()) {
          line.append(String.format(Locale.ROOT, " %s %.3f", m.name(), eval.scores().get(m)));
        }
        line.append(String.format(Locale.ROOT, " kl* %.3f", eval.klStar()));
      } else {
        line.append(String.format(Locale.ROOT, ")  no labels kl* %.3f", eval.klStar()));
      }
      if (!Double.isNaN(eval.ofm())) {
        line.append(String.format(Locale.ROOT, " ofm %.3f", eval.ofm()));
      }
    }
    long eta = Math.round(etaSeconds);
    line.append(
        String.format(
            Locale.ROOT,
            "  | %,.0f img/s  ETA %d:%02d:%02d",
            imagesPerSecond,
            eta / 3600,
            (eta / 60) % 60,
            eta % 60));
    return line.toString();
  }
}
