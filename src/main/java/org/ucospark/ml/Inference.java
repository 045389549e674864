package org.ucospark.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelFamily;
import org.ucospark.train.Assignments;
import org.ucospark.train.MiniBatches;
import org.ucospark.train.NetworkSnapshot;
import org.ucospark.train.TrainingData;

/**
 * {@link DeepClusteringModel#transform} on an executor: one network per partition (restored from
 * its graph JSON and parameters, as {@link Assignments} does), batches of the training batch size
 * in inference mode ({@link Assignments#infer}), each input row with the prediction, the soft
 * assignment vector and the embedding appended.
 */
final class Inference implements Serializable {
  private static final long serialVersionUID = 1L;
  private final ModelFamily family;
  private final InputShape shape;
  private final int batchSize;
  private final String configuration;
  private final float[] parameters;
  private final String column;
  private final boolean probability;
  private final boolean embedding;

  Inference(
      ModelFamily family,
      InputShape shape,
      int batchSize,
      String configuration,
      float[] parameters,
      String column,
      boolean probability,
      boolean embedding) {
    this.family = family;
    this.shape = shape;
    this.batchSize = batchSize;
    this.configuration = configuration;
    this.parameters = parameters;
    this.column = column;
    this.probability = probability;
    this.embedding = embedding;
  }

  /** The rows of a partition whose last column ({@code width}-th) holds the pixels as floats. */
  Iterator<Row> partition(Iterator<Row> rows, int width) {
    List<Row> out = new ArrayList<>();
    if (!rows.hasNext()) {
      return out.iterator();
    }
    ComputationGraph network = NetworkSnapshot.restore(configuration, parameters);
    List<Row> batch = new ArrayList<>(batchSize);
    while (rows.hasNext()) {
      batch.add(rows.next());
      if (batch.size() == batchSize || !rows.hasNext()) {
        out.addAll(rows(network, batch, width));
        batch.clear();
      }
    }
    return out.iterator();
  }

  private List<Row> rows(ComputationGraph network, List<Row> batch, int width) {
    List<TrainingData.Example> images = new ArrayList<>(batch.size());
    for (Row r : batch) {
      images.add(new TrainingData.Example(0, -1, pixels(r, width)));
    }
    Assignments.Inference inf =
        Assignments.infer(family, network, MiniBatches.images(images, shape), embedding);
    List<Row> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      List<Object> values = new ArrayList<>(width + 3);
      for (int c = 0; c < width; c++) {
        values.add(batch.get(i).get(c));
      }
      values.add(inf.clusters()[i]);
      if (probability && inf.soft() != null) {
        values.add(vector(inf.soft()[i]));
      }
      if (embedding) {
        values.add(vector(inf.embedding()[i]));
      }
      out.add(RowFactory.create(values.toArray()));
    }
    return out;
  }

  private float[] pixels(Row r, int width) {
    List<Float> list = r.isNullAt(width) ? null : r.getList(width);
    if (list == null || list.contains(null)) {
      throw new IllegalArgumentException(
          "featuresCol '" + column + "': a row with null features or null pixel values");
    }
    Features.check(shape, list.size(), column);
    float[] values = new float[list.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = list.get(i);
    }
    return values;
  }

  private static Vector vector(float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = values[i];
    }
    return Vectors.dense(d);
  }
}
