package org.ucospark.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigLoader;
import org.ucospark.config.EvaluationKeys;
import org.ucospark.eval.ClusteringScores;
import org.ucospark.io.HadoopFs;
import org.ucospark.model.InputShape;

/**
 * Applies a trained run's network to a prepared data set of the same image shape ({@code uco-spark
 * predict}): the run's summary.json holds its resolved configuration (model variant, batch size,
 * whether to write the embedding), the checkpoint the parameters. Writes the {@link Assignments}
 * layout, computed on the executors; scores ACC/NMI/ARI when the data has labels. Everything that
 * can be wrong with the inputs (not a run directory, no such checkpoint, no such data set, another
 * image shape, an existing output) is checked before anything is written.
 */
public final class Predictor {
  private Predictor() {}

  /**
   * What was written: the folder, its row count, and the scores (null when no example has a label).
   */
  public record Result(Path out, long rows, ClusteringScores scores) {}

  /**
   * @param checkpoint {@code best} (checkpoints/best.zip, the reported network) or {@code last}
   *     (the latest epoch checkpoint)
   * @param limit only the first {@code limit} ids of the data (0 = all), as the run's {@code
   *     data.limit}
   */
  public static Result predict(
      SparkSession spark,
      HadoopFs fs,
      String runDir,
      String checkpoint,
      String dataPath,
      long limit,
      String outUri) {
    RunDirectory dir = new RunDirectory(fs, runDir);
    Path summaryFile = dir.path("summary.json");
    if (!fs.exists(summaryFile)) {
      throw new UcoException(
          runDir + ": not a run directory (no summary.json; `train` writes it when a run ends)");
    }
    JsonNode summary;
    try {
      summary = RunDirectory.JSON.readTree(fs.readString(summaryFile));
    } catch (IOException e) {
      throw new UcoException(summaryFile + ": not valid JSON: " + e.getMessage());
    }
    if (summary.get("config") == null || !summary.get("config").isObject()) {
      throw new UcoException(summaryFile + ": not a run's summary (no \"config\" object)");
    }
    Config config =
        ConfigFactory.parseString(summary.get("config").toString())
            .withFallback(ConfigLoader.loadReference())
            .resolve();
    RunSettings settings = RunSettings.from(config);
    ComputationGraph network = checkpoint(fs, dir, checkpoint, summary);
    TrainingData data = new TrainingData(fs, dataPath, limit);
    checkShape(network, data, summary, fs, runDir);
    Path out = HadoopFs.path(outUri);
    if (fs.exists(out)) {
      throw new UcoException(outUri + ": already exists; choose another --out");
    }
    Assignments assignments =
        new Assignments(
            settings.variant().family(),
            data.shape(),
            settings.batchSize(),
            EvaluationKeys.ASSIGNMENTS_EMBEDDING.get(config));
    assignments.write(spark, fs, out, data.rdd(spark), network);
    return scored(spark, out);
  }

  private static ComputationGraph checkpoint(
      HadoopFs fs, RunDirectory dir, String which, JsonNode summary) {
    switch (which) {
      case "best" -> {
        if (!fs.exists(dir.path("checkpoints/best.zip"))) {
          // Every finished run evaluates at least once (at its end) and writes best.zip then:
          // the file is missing, not never made.
          JsonNode bestEpoch = summary.path("best").path("epoch");
          throw new UcoException(
              dir.root()
                  + ": no checkpoint 'best': "
                  + dir.path("checkpoints/best.zip")
                  + " is missing"
                  + (bestEpoch.isNumber()
                      ? " (summary.json reports the best network at epoch "
                          + bestEpoch.asInt()
                          + ", so the file was written and has since been deleted or moved)"
                      : "")
                  + "; try --checkpoint last");
        }
        return dir.loadBest();
      }
      case "last" -> {
        if (!dir.hasCheckpoint()) {
          throw new UcoException(
              dir.root() + ": no checkpoint 'last' (checkpoints/state.json is missing)");
        }
        int epoch = dir.state().epoch();
        if (!fs.exists(dir.path(String.format("checkpoints/epoch-%04d.zip", epoch)))) {
          throw new UcoException(
              dir.root()
                  + ": no checkpoint 'last' (checkpoints/state.json names epoch "
                  + epoch
                  + ", whose checkpoints/epoch-"
                  + String.format("%04d", epoch)
                  + ".zip is missing)");
        }
        return dir.loadCheckpoint(epoch);
      }
      default -> throw new UcoException("--checkpoint must be best or last, got " + which);
    }
  }

  /**
   * Fails when the network cannot take the data's images: DL4J keeps no input shape in a saved
   * graph, so one zero image of the data's shape goes through it (a dense layer's input width, a
   * convolution's channels reject another shape). The message names the shape the run trained on
   * when its data set's manifest is still readable.
   */
  private static void checkShape(
      ComputationGraph network, TrainingData data, JsonNode summary, HadoopFs fs, String runDir) {
    InputShape shape = data.shape();
    try {
      network.output(
          false,
          org.nd4j.linalg.factory.Nd4j.zeros(
              network.params().dataType(), 1, shape.channels(), shape.height(), shape.width()));
    } catch (RuntimeException e) {
      String trained = "another shape";
      try {
        trained = new TrainingData(fs, summary.path("data_path").asText(), 0).shape().toString();
      } catch (RuntimeException unreadable) {
        // the run's data set is gone: say what we know
      }
      throw new UcoException(
          data.path()
              + ": images are "
              + shape
              + " but the model of "
              + runDir
              + " was trained on "
              + trained);
    }
  }

  /**
   * ACC/NMI/ARI of a written assignments folder, from its (label, cluster) counts aggregated on the
   * executors; null scores when no row has a label.
   */
  public static Result scored(SparkSession spark, Path folder) {
    var rows = spark.read().parquet(folder.toString());
    long n = rows.count();
    List<Row> counts =
        rows.where("label is not null").groupBy("label", "cluster").count().collectAsList();
    long labelled = counts.stream().mapToLong(r -> r.getLong(2)).sum();
    if (labelled == 0) {
      return new Result(folder, n, null);
    }
    int[] labels = new int[Math.toIntExact(labelled)];
    int[] clusters = new int[labels.length];
    int at = 0;
    for (Row r : counts) {
      for (long i = 0; i < r.getLong(2); i++, at++) {
        labels[at] = r.getInt(0);
        clusters[at] = r.getInt(1);
      }
    }
    return new Result(folder, n, ClusteringScores.of(labels, clusters));
  }
}
