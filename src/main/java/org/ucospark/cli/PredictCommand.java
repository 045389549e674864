package org.ucospark.cli;

import com.typesafe.config.Config;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.ucospark.UcoException;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;
import org.ucospark.io.HadoopFs;
import org.ucospark.train.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description =
        "Apply a trained run's model to a prepared data set of the same image shape, on the executors: "
            + "writes OUT as Parquet (id, label, cluster, confidence, embedding), the layout of RUN_DIR/assignments, "
            + "and prints ACC/NMI/ARI when the data has labels.")
final class PredictCommand extends SparkCommand {
  @Option(names = "--run-dir", paramLabel = "URI", description = "A finished run's directory.")
  String runDir;

  @Option(
      names = "--model",
      paramLabel = "URI",
      description =
          "Instead of --run-dir: a saved Spark ML DeepClusteringModel (RUN_DIR/model, or"
              + " model.write().save(URI) in a Spark application); transformed on the executors.")
  String model;

  @Option(
      names = "--checkpoint",
      paramLabel = "best|last",
      defaultValue = "best",
      description =
          "best: checkpoints/best.zip, the lowest-loss network the run reports (default); last: the"
              + " latest epoch checkpoint.")
  String checkpoint;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "URI",
      description = "A prepared data set.")
  String data;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "Only the first N ids of the data (0 = all; a run's data.limit).")
  long limit;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "URI",
      description = "Output folder (must not exist).")
  String out;

  @Override
  int run(Config config, SparkSession spark) {
    if ((runDir == null) == (model == null)) {
      throw new UcoException("predict: give either --run-dir URI or --model URI");
    }
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    Predictor.Result r =
        model != null
            ? ModelPrediction.predict(spark, fs, model, data, limit, out)
            : Predictor.predict(spark, fs, runDir, checkpoint, data, limit, out);
    System.out.printf("assignments: %s (%,d rows)%n", r.out(), r.rows());
    if (r.scores() != null) {
      StringBuilder line = new StringBuilder();
      for (Metric m : MetricRegistry.tabulated()) {
        line.append(line.length() > 0 ? "  " : "")
            .append(String.format(Locale.ROOT, "%s %.4f", m.label(), r.scores().get(m)));
      }
      System.out.println(line);
    } else {
      System.out.println("no labels: ACC, NMI and ARI are not defined");
    }
    return 0;
  }
}
