package org.ucospark.train;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.UcoException;
import org.ucospark.data.CustomImages;
import org.ucospark.io.HadoopFs;
import org.ucospark.model.InputShape;
import org.ucospark.prepare.LocalParquetReader;
import org.ucospark.prepare.PreparedDataset;

/**
 * The prepared data set a run trains on: its shape, number of classes, number of examples N (after
 * {@code data.limit}), and its rows as an RDD of {@link Example}s. Ids must be 0..N−1 (prepare
 * writes them so), which lets every epoch's order be a permutation computed from the seed alone.
 */
public final class TrainingData {
  private final PreparedDataset dataset;
  private final HadoopFs fs;
  private final long limit;
  private final long count;

  /**
   * One row: id, label, C×H×W pixels. A plain class rather than a record: Spark serialises RDD
   * elements with Kryo, which cannot set the final fields of a Java record.
   */
  public static final class Example implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public final int id;
    public final int label;
    public final float[] pixels;

    public Example(int id, int label, float[] pixels) {
      this.id = id;
      this.label = label;
      this.pixels = pixels;
    }
  }

  public TrainingData(HadoopFs fs, String path, long limit) {
    this.fs = fs;
    this.dataset = PreparedDataset.open(fs, path);
    this.limit = limit;
    this.count =
        limit > 0 ? Math.min(limit, dataset.manifest().count()) : dataset.manifest().count();
  }

  public InputShape shape() {
    return InputShape.of(dataset.manifest().shape());
  }

  public int classes() {
    return dataset.manifest().numClasses();
  }

  /**
   * False for a data set without labels: every label is {@link CustomImages#NO_LABEL} and
   * ACC/NMI/ARI are null.
   */
  public boolean labeled() {
    return dataset.manifest().hasLabels();
  }

  public long count() {
    return count;
  }

  public String name() {
    return dataset.manifest().name();
  }

  public String path() {
    return dataset.path().toString();
  }

  /** The data set's manifest (recipe, source checksums). */
  public org.ucospark.prepare.Manifest manifest() {
    return dataset.manifest();
  }

  /** The rows, read from Parquet on the executors (never collected here). */
  public JavaRDD<Example> rdd(SparkSession spark) {
    long n = count;
    return dataset
        .read(spark, limit)
        .select("id", "label", "pixels")
        .javaRDD()
        .map(r -> toExample(r, n));
  }

  static Example toExample(Row r, long n) {
    long id = r.getLong(0);
    if (id < 0 || id >= n) {
      throw new UcoException(
          "prepared data set: id " + id + " outside 0.." + (n - 1) + "; re-run prepare");
    }
    List<Float> pixels = r.getList(2);
    float[] values = new float[pixels.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = pixels.get(i);
    }
    return new Example((int) id, r.isNullAt(1) ? CustomImages.NO_LABEL : r.getInt(1), values);
  }

  /**
   * All examples in this JVM, in id order (no Spark needed): images [N, C·H·W] and labels. The data
   * set is decoded once per JVM ({@link LocalParquetReader#cached}); each caller gets its own copy
   * of the first N.
   */
  public Local collectLocal() {
    LocalParquetReader.Rows rows = LocalParquetReader.cached(fs, dataset);
    int n = (int) count;
    long size = shape().size();
    float[] pixels =
        n == rows.labels().length ? rows.pixels() : Arrays.copyOf(rows.pixels(), (int) (n * size));
    return new Local(
        Nd4j.create(pixels, new long[] {n, size}, 'c'), Arrays.copyOf(rows.labels(), n));
  }

  /** Examples held locally: images [N, C·H·W] in id order and their labels. */
  public record Local(INDArray images, int[] labels) {}
}
