package org.ucospark.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;

/** summary.json of a run and the result table printed at its end. */
final class Summaries {
  private Summaries() {}

  static ObjectNode summary(
      RunSettings settings,
      TrainingData data,
      Trainer trainer,
      RunResult run,
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
            .put("status", run.status());
    if (run.divergence() != null) {
      s.putObject("diverged")
          .put("epoch", run.divergence().epoch())
          .put("term", run.divergence().term())
          .put("value", run.divergence().value());
    }
    s.put("wall_s", wallSeconds);
    RunDirectory.putNumber(s, "images_per_s", imagesPerSecond);
    s.set("provenance", Provenance.json(data.manifest()));
    evaluation(s.putObject("final").put("epoch", run.finalEpoch()), run.last());
    evaluation(s.putObject("best").put("epoch", run.bestEpoch()).put("order", "final"), run.best())
        .put("reevaluated", true);
    evaluation(
        s.putObject("selection").put("epoch", run.bestEpoch()).put("order", "evaluation"),
        run.selection());
    try {
      s.set("config", RunDirectory.JSON.readTree(settings.configJson()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return s;
  }

  /** The fields of {@code eval} in {@code node}; null metrics when there is no evaluation. */
  private static ObjectNode evaluation(ObjectNode node, EvaluationResult eval) {
    if (eval != null) {
      return MetricRow.putEvaluation(node, eval);
    }
    for (Metric m : MetricRegistry.all()) {
      node.putNull(m.name());
    }
    node.putNull("ofm").putNull("loss");
    return node;
  }

  /** The result table printed at the end of a run (the final, best and selecting evaluations). */
  static String table(RunSettings settings, RunResult run) {
    StringBuilder header =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%n%-28s %6s",
                settings.experiment() + " (seed " + settings.seed() + ")",
                "epoch"));
    for (Metric m : MetricRegistry.tabulated()) {
      header.append(String.format(Locale.ROOT, " %7s", m.label()));
    }
    header.append(String.format(Locale.ROOT, " %7s %9s%n", "OFM", "loss"));
    String status =
        run.divergence() == null
            ? ""
            : String.format(
                Locale.ROOT, "%s; the rows are from before it%n", run.divergence().describe());
    return header
        + status
        + row("final", run.finalEpoch(), run.last())
        + row("best (lowest loss), again", run.bestEpoch(), run.best())
        + row("  as selected", run.bestEpoch(), run.selection());
  }

  /** A row of {@link #table}: 8 characters per tabulated metric, the first 7 its value. */
  private static String row(String name, int epoch, EvaluationResult r) {
    int metricsWidth = 8 * MetricRegistry.tabulated().size() - 1;
    if (r == null) {
      return String.format(
          Locale.ROOT, "%-28s %6s %" + metricsWidth + "s%n", name, "-", "no evaluation");
    }
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-28s %6d", name, epoch));
    if (!r.labeled()) {
      // a data set without labels: the metrics are null
      line.append(String.format(Locale.ROOT, " %" + metricsWidth + "s", "no labels"));
    } else {
      for (Metric m : MetricRegistry.tabulated()) {
        line.append(String.format(Locale.ROOT, " %7.3f", r.scores().get(m)));
      }
    }
    return line.append(
            String.format(
                Locale.ROOT,
                " %7s %9.4f%n",
                Double.isNaN(r.ofm()) ? "-" : String.format(Locale.ROOT, "%.3f", r.ofm()),
                r.loss()))
        .toString();
  }
}
