package org.ucospark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ucospark.testing.TestSpark;

/**
 * The schema and data checks of {@link DeepClustering#fit}: one IllegalArgumentException naming the
 * column and what was expected, before anything is written or trained.
 */
class DeepClusteringSchemaTest {
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = TestSpark.session();
  }

  static Dataset<Row> table(StructType schema, Object[]... rows) {
    return spark.createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), schema);
  }

  static final StructType PIXELS =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("label", DataTypes.IntegerType)
          .add("img", DataTypes.createArrayType(DataTypes.FloatType, true));

  static Dataset<Row> images(int count, int length) {
    Object[][] rows = new Object[count][];
    for (int i = 0; i < count; i++) {
      Float[] pixels = new Float[length];
      Arrays.fill(pixels, (float) i / count);
      rows[i] = new Object[] {(long) i, i % 2, Arrays.asList(pixels)};
    }
    return table(PIXELS, rows);
  }

  static String refusal(DeepClustering d, Dataset<Row> data) {
    return assertThrows(IllegalArgumentException.class, () -> d.fit(data)).getMessage();
  }

  static DeepClustering estimator() {
    return new DeepClustering()
        .setModel("ddc")
        .setK(2)
        .setFeaturesCol("img")
        .setInputShape(1, 2, 2);
  }

  @Test
  void aMissingFeaturesColumnIsNamedWithTheColumnsThereAre() {
    String m = refusal(estimator().setFeaturesCol("pixels"), images(4, 4));
    assertTrue(m.contains("'pixels' does not exist") && m.contains("id, label, img"), m);
  }

  @Test
  void aColumnOfTheWrongTypeSaysWhatWasExpected() {
    StructType schema = new StructType().add("img", DataTypes.StringType);
    String m = refusal(estimator(), table(schema, new Object[] {"a"}));
    assertEquals(
        "featuresCol 'img' must be an array of numbers (C×H×W pixels) or an ML Vector, but is"
            + " string",
        m);
  }

  @Test
  void rowsOfTheWrongLengthForTheShapeAreRefused() {
    String m = refusal(estimator(), images(4, 5));
    assertEquals("featuresCol 'img': rows of 5 values, but the input shape 1x2x2 needs 4", m);
  }

  @Test
  void rowsOfDifferentLengthsAreRefused() {
    Dataset<Row> mixed = images(3, 4).union(images(1, 6));
    String m = refusal(estimator(), mixed);
    assertTrue(m.contains("rows of 4 to 6 values; expected one length for every row"), m);
  }

  @Test
  void nullPixelsAreRefused() {
    Dataset<Row> data =
        table(
            PIXELS,
            new Object[] {0L, 0, Arrays.asList(0f, 1f, null, 1f)},
            new Object[] {1L, 1, Arrays.asList(0f, 1f, 1f, 1f)},
            new Object[] {2L, 1, null});
    String m = refusal(estimator(), data);
    assertEquals(
        "featuresCol 'img': 2 rows with null features or null pixel values; expected none", m);
  }

  @Test
  void kLargerThanTheRowsIsRefused() {
    String m = refusal(estimator().setK(5), images(4, 4));
    assertEquals("k = 5 is larger than the number of rows (4)", m);
  }

  @Test
  void anArrayColumnNeedsItsShape() {
    String m = refusal(new DeepClustering().setFeaturesCol("img"), images(4, 4));
    assertTrue(m.startsWith("inputShape must be set (C, H, W) for the array column 'img'"), m);
  }

  @Test
  void aLabelColumnMustHoldIntegersAndOutputsMustBeNew() {
    StructType schema = PIXELS.add("name", DataTypes.StringType);
    Dataset<Row> data = table(schema, new Object[] {0L, 0, List.of(0f, 0f, 0f, 0f), "x"});
    assertEquals(
        "labelCol 'name' must hold integers, but is string",
        refusal(estimator().setLabelCol("name"), data));
    assertEquals(
        "output column 'label' already exists; choose another name",
        refusal(estimator().setPredictionCol("label"), data));
  }

  @Test
  void aVectorColumnIsAcceptedByTheSchemaCheck() {
    StructType schema = new StructType().add("v", SQLDataTypes.VectorType());
    DeepClustering d = new DeepClustering().setFeaturesCol("v");
    assertEquals(schema, d.transformSchema(schema));
  }

  @Test
  void explainParamsListsEveryParamWithItsConfigKeyAndDefault() {
    String text = new DeepClustering().explainParams();
    for (String name :
        List.of(
            "model",
            "k",
            "featuresCol",
            "labelCol",
            "predictionCol",
            "probabilityCol",
            "embeddingCol",
            "epochs",
            "batchSize",
            "seed",
            "learningRate",
            "relSigma",
            "ucoLambda",
            "trainMode",
            "workers",
            "averagingFrequency",
            "evalInterval",
            "checkpointDir")) {
      assertTrue(text.contains(name + ":"), name + " missing from\n" + text);
    }
    assertTrue(text.contains("configuration key train.averaging_frequency"), text);
    assertTrue(text.contains("default: 120"), text); // batch_size in reference.conf
  }

  @Test
  void paramValidatorsAreTheConfigurationsOwnRules() {
    DeepClustering d = new DeepClustering();
    assertThrows(IllegalArgumentException.class, () -> d.setEpochs(0));
    assertThrows(IllegalArgumentException.class, () -> d.setBatchSize(1));
    assertThrows(IllegalArgumentException.class, () -> d.setTrainMode("gpu"));
    assertThrows(IllegalArgumentException.class, () -> d.setModel("kmeans"));
    assertThrows(IllegalArgumentException.class, () -> d.setUcoKernel("gaussian"));
    assertThrows(IllegalArgumentException.class, () -> d.setK(1));
    assertEquals(5, d.setEpochs(5).getEpochs());
    assertFalse(d.isSet(d.batchSize()));
  }
}
