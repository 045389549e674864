package org.ucospark.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;

/** summary.json of a run and the result table printed at its end. */
final class Summaries {
  private Summaries() {}

  static ObjectNode summary(
      RunSettings settings,
      TrainingData data,
      Trainer trainer,
      int finalEpoch,
      EvaluationResult last,
      int bestEpoch,
      EvaluationResult best,
      double wallSeconds,
      double imagesPerSecond,
      String master) {
    ObjectNode s =
        RunDirectory.JSON
            .createObjectNode()
            .put("experiment", settings.experiment())
            .put("model", settings.variant().id())
            .put("dataset", data.name())
            .put("data_path", data.path())
            .put("examples", data.count())
            .put("seed", settings.seed())
            .put("epochs", settings.epochs())
            .put("batch_size", settings.batchSize())
            .put("spark_master", master)
            .put("executors", trainer.workers())
            .put("trainer", trainer.describe())
            .put("wall_s", wallSeconds);
    RunDirectory.putNumber(s, "images_per_s", imagesPerSecond);
    s.set("provenance", Provenance.json(data.manifest()));
    MetricRow.putEvaluation(s.putObject("final").put("epoch", finalEpoch), last);
    MetricRow.putEvaluation(s.putObject("best").put("epoch", bestEpoch), best);
    try {
      s.set("config", RunDirectory.JSON.readTree(settings.configJson()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return s;
  }

  static String table(
      RunSettings settings,
      int finalEpoch,
      EvaluationResult last,
      int bestEpoch,
      EvaluationResult best) {
    String header =
        String.format(
            Locale.ROOT,
            "%n%-28s %6s %7s %7s %7s %7s %9s%n",
            settings.experiment() + " (seed " + settings.seed() + ")",
            "epoch",
            "ACC",
            "NMI",
            "ARI",
            "OFM",
            "loss");
    return header + row("final", finalEpoch, last) + row("best (lowest loss)", bestEpoch, best);
  }

  private static String row(String name, int epoch, EvaluationResult r) {
    if (Double.isNaN(r.acc())) {
      // a data set without labels: ACC, NMI and ARI are null
      return String.format(
          Locale.ROOT,
          "%-28s %6d %23s %7s %9.4f%n",
          name,
          epoch,
          "no labels",
          Double.isNaN(r.ofm()) ? "-" : String.format(Locale.ROOT, "%.3f", r.ofm()),
          r.loss());
    }
    return String.format(
        Locale.ROOT,
        "%-28s %6d %7.3f %7.3f %7.3f %7s %9.4f%n",
        name,
        epoch,
        r.acc(),
        r.nmi(),
        r.ari(),
        Double.isNaN(r.ofm()) ? "-" : String.format(Locale.ROOT, "%.3f", r.ofm()),
        r.loss());
  }
}
