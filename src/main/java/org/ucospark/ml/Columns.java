package org.ucospark.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Identifiable;

/**
 * The column Params that {@link DeepClustering} and {@link DeepClusteringModel} share, declared
 * once with their docs and defaults (the names and defaults of Spark's own clustering stages).
 */
final class Columns {
  private Columns() {}

  static Param<String> featuresCol(Identifiable owner) {
    return new Param<>(
        owner,
        "featuresCol",
        "features column: an array of numbers (C×H×W pixels, row-major, as inputShape says) or an"
            + " ML Vector (the MLP models dec, idec, dec_uco; shape 1×1×d)");
  }

  static Param<String> predictionCol(Identifiable owner) {
    return new Param<>(owner, "predictionCol", "prediction column: the cluster 0..k−1 (int)");
  }

  static Param<String> probabilityCol(Identifiable owner) {
    return new Param<>(
        owner,
        "probabilityCol",
        "soft assignment column (Vector of k): DDC's A, DEC's Student-t Q; empty = not written;"
            + " ohc has none");
  }

  static Param<String> embeddingCol(Identifiable owner) {
    return new Param<>(
        owner,
        "embeddingCol",
        "embedding column (Vector): DDC's hidden H, DEC's bottleneck z, OHC's z; empty = not"
            + " written");
  }

  /** Sets the shared defaults on {@code owner}. */
  static void setDefaults(
      Params owner,
      Param<String> features,
      Param<String> prediction,
      Param<String> probability,
      Param<String> embedding) {
    owner.setDefault(features, "features");
    owner.setDefault(prediction, "prediction");
    owner.setDefault(probability, "probability");
    owner.setDefault(embedding, "embedding");
  }
}
