package org.ucospark.train;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ucospark.UcoException;
import org.ucospark.config.EvaluationKeys;
import org.ucospark.io.HadoopFs;
import org.ucospark.io.RowParquetFile;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelFamilies;
import org.ucospark.model.ModelFamily;
import org.ucospark.nn.OffHeapCollector;

/**
 * Which cluster every example went to: a plain Parquet data set (part files directly in the folder,
 * any Parquet reader opens it) with one row per example:
 *
 * <pre>
 * id          long     the prepared data set's id
 * label       int      its label; null where the data set has none (a negative label)
 * cluster     int      the model's cluster: argmax_k of the soft assignments (DDC's A, DEC's Student-t Q),
 *                      for OHC the nearest centroid argmin_k C_ik (as {@link Evaluator} predicts)
 * confidence  float    the winning soft assignment max_k A_ik / max_k q_ik; for OHC, which has none, −min_k C_ik
 * embedding   array&lt;float&gt;  DDC's hidden representation H, DEC's bottleneck z, OHC's embedding z
 *                      (left out when {@code assignments.embedding = false})
 * </pre>
 *
 * A run writes two (docs/ALGORITHMS.md §4.3 reports the lowest-loss checkpoint): {@code
 * RUN_DIR/assignments/} of the reported network ({@code checkpoints/best.zip}, the lowest evaluated
 * total loss; the final network when no evaluation saved one) and {@code
 * RUN_DIR/assignments-final/} of the network after the last epoch; {@code predict} writes the same
 * layout for any prepared data set.
 *
 * <p>Computed in inference mode in batches of the training batch size: on the executors, one
 * network per partition, written by Spark's Parquet writer, when the data is an RDD (never
 * collected here); in this JVM with {@link RowParquetFile} (no Spark job, no session needed: a
 * trial inside an executor task) for local data. Either way written into a temporary sibling folder
 * and then swapped in ({@link HadoopFs#replace}), so a crash leaves no half-written folder.
 */
public final class Assignments implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Folder of the reported (lowest-loss checkpoint) network's assignments in a run directory. */
  public static final String BEST = "assignments";

  /** Folder of the final network's assignments in a run directory. */
  public static final String FINAL = "assignments-final";

  private final ModelFamily family;
  private final InputShape shape;
  private final int batchSize;
  private final boolean embedding;

  /**
   * @param family decides the cluster, confidence and embedding layer
   * @param shape the images' C×H×W
   * @param batchSize examples per forward pass
   * @param embedding whether to write the embedding column
   */
  public Assignments(ModelFamily family, InputShape shape, int batchSize, boolean embedding) {
    this.family = family;
    this.shape = shape;
    this.batchSize = batchSize;
    this.embedding = embedding;
  }

  /** The Spark schema of the folder (without {@code embedding} when it is turned off). */
  public StructType schema() {
    StructType s =
        new StructType()
            .add("id", DataTypes.LongType, false)
            .add("label", DataTypes.IntegerType, true)
            .add("cluster", DataTypes.IntegerType, false)
            .add("confidence", DataTypes.FloatType, false);
    return embedding
        ? s.add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false)
        : s;
  }

  /**
   * At the end of a run: {@code assignments/} from {@code checkpoints/best.zip} (the final network
   * when there is none) and {@code assignments-final/} from {@code finalNetwork}, on the executors
   * of {@code spark} when the run trained there, else in this JVM ({@link #writeRunHere}).
   */
  public static void writeRun(
      SparkSession spark,
      HadoopFs fs,
      RunDirectory dir,
      RunSettings settings,
      TrainingData data,
      ComputationGraph finalNetwork) {
    if (settings.master().local()) {
      writeRunHere(fs, dir, settings, data, finalNetwork);
      return;
    }
    Assignments a = of(settings, data);
    for (Map.Entry<String, ComputationGraph> e : networks(fs, dir, finalNetwork)) {
      a.write(spark, fs, dir.path(e.getKey()), data.rdd(spark), e.getValue());
    }
  }

  /** {@link #writeRun} computed in this JVM (no Spark needed). */
  public static void writeRunHere(
      HadoopFs fs,
      RunDirectory dir,
      RunSettings settings,
      TrainingData data,
      ComputationGraph finalNetwork) {
    Assignments a = of(settings, data);
    TrainingData.Local local = data.collectLocal();
    for (Map.Entry<String, ComputationGraph> e : networks(fs, dir, finalNetwork)) {
      a.write(fs, dir.path(e.getKey()), local, e.getValue());
    }
  }

  private static Assignments of(RunSettings settings, TrainingData data) {
    return new Assignments(
        ModelFamilies.of(settings.variant()),
        data.shape(),
        settings.batchSize(),
        EvaluationKeys.ASSIGNMENTS_EMBEDDING.get(settings.config()));
  }

  /** The networks of a run's two assignment tables: the best (else the final) and the final one. */
  private static List<Map.Entry<String, ComputationGraph>> networks(
      HadoopFs fs, RunDirectory dir, ComputationGraph finalNetwork) {
    ComputationGraph best =
        fs.exists(dir.path("checkpoints/best.zip")) ? dir.loadBest() : finalNetwork;
    return List.of(Map.entry(BEST, best), Map.entry(FINAL, finalNetwork));
  }

  /**
   * Computes on the executors (one network per partition) and writes with Spark into {@code
   * target}.
   */
  public void write(
      SparkSession spark,
      HadoopFs fs,
      Path target,
      JavaRDD<TrainingData.Example> rows,
      ComputationGraph network) {
    String configuration = network.getConfiguration().toJson();
    float[] parameters = network.params().castTo(DataType.FLOAT).toFloatVector();
    Assignments self = this;
    JavaRDD<Row> out = rows.mapPartitions(it -> self.partition(it, configuration, parameters));
    Path tmp = HadoopFs.temporarySibling(target);
    try {
      spark.createDataFrame(out, schema()).write().parquet(tmp.toString());
      fs.replace(tmp, target);
    } catch (RuntimeException e) {
      fs.deleteQuietly(tmp);
      throw e;
    }
  }

  /**
   * Computes in this JVM over local data (ids 0..N−1 in order) and writes one part file into {@code
   * target}.
   */
  public void write(HadoopFs fs, Path target, TrainingData.Local data, ComputationGraph network) {
    int n = data.labels().length;
    List<Row> rows = new ArrayList<>(n);
    for (int from = 0; from < n; from += batchSize) {
      int start = from;
      int[] ids = new int[Math.min(batchSize, n - from)];
      Arrays.setAll(ids, i -> start + i);
      rows.addAll(
          rows(
              network,
              ids,
              Arrays.copyOfRange(data.labels(), from, from + ids.length),
              MiniBatches.gather(data.images(), ids, shape)));
      OffHeapCollector.afterStep();
    }
    Path tmp = HadoopFs.temporarySibling(target);
    try {
      RowParquetFile.write(
          fs.configuration(), new Path(tmp, "part-00000.snappy.parquet"), schema(), rows);
      fs.replace(tmp, target);
    } catch (IOException e) {
      fs.deleteQuietly(tmp);
      throw new UcoException(target + ": cannot write assignments: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      fs.deleteQuietly(tmp);
      throw e;
    }
  }

  private Iterator<Row> partition(
      Iterator<TrainingData.Example> it, String configuration, float[] parameters) {
    List<Row> out = new ArrayList<>();
    if (!it.hasNext()) {
      return out.iterator();
    }
    ComputationGraph network = NetworkSnapshot.restore(configuration, parameters);
    List<TrainingData.Example> batch = new ArrayList<>(batchSize);
    while (it.hasNext()) {
      batch.add(it.next());
      if (batch.size() == batchSize || !it.hasNext()) {
        out.addAll(
            rows(
                network,
                batch.stream().mapToInt(e -> e.id).toArray(),
                batch.stream().mapToInt(e -> e.label).toArray(),
                MiniBatches.images(batch, shape)));
        batch.clear();
        OffHeapCollector.afterStep();
      }
    }
    return out.iterator();
  }

  /**
   * One batch in inference mode: the clusters, the confidences, the soft assignments (DDC's A,
   * DEC's Student-t Q; null for OHC, which has none) and the embedding (null when not asked for).
   */
  public record Inference(
      int[] clusters, float[] confidence, float[][] soft, float[][] embedding) {}

  /** The {@link Inference} of a batch of images [B, C, H, W] (the Spark ML model uses it too). */
  public static Inference infer(
      ModelFamily family, ComputationGraph network, INDArray images, boolean embedding) {
    Map<String, INDArray> acts = network.feedForward(new INDArray[] {images}, false, false);
    int[] clusters = family.clusters(acts);
    float[] confidence = family.confidence(acts, clusters);
    float[][] soft = family.softAssignments(acts);
    float[][] z = null;
    if (embedding) {
      INDArray e = acts.get(family.embeddingLayer());
      z = e.reshape('c', e.size(0), e.length() / e.size(0)).castTo(DataType.FLOAT).toFloatMatrix();
    }
    return new Inference(clusters, confidence, soft, z);
  }

  /** The rows of one batch of images [B, C, H, W] (inference mode). */
  List<Row> rows(ComputationGraph network, int[] ids, int[] labels, INDArray images) {
    Inference inf = infer(family, network, images, embedding);
    List<Row> rows = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      Integer label = labels[i] >= 0 ? labels[i] : null;
      if (inf.embedding() == null) {
        rows.add(RowFactory.create((long) ids[i], label, inf.clusters()[i], inf.confidence()[i]));
      } else {
        rows.add(
            RowFactory.create(
                (long) ids[i], label, inf.clusters()[i], inf.confidence()[i], inf.embedding()[i]));
      }
    }
    return rows;
  }
}
