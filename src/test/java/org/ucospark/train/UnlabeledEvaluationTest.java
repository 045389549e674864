package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ucospark.data.CustomImages;

/**
 * An evaluation on a data set without labels: no ACC/NMI/ARI (NaN, written as null), everything
 * else as usual.
 */
class UnlabeledEvaluationTest {

  @Test
  void labelFreeMetricsStayAndLabelMetricsAreNaN() {
    EvaluationAccumulator acc = new EvaluationAccumulator(4);
    int[] none = {CustomImages.NO_LABEL, CustomImages.NO_LABEL};
    acc.add(
        0,
        new int[] {0, 1},
        none,
        new Evaluator.BatchResult(
            new int[] {0, 1}, Map.of("ddc_1", 0.5), Map.of(), Double.NaN, Map.of()));
    acc.add(
        1,
        new int[] {2, 3},
        none,
        new Evaluator.BatchResult(
            new int[] {1, 1}, Map.of("ddc_1", 0.3), Map.of(), Double.NaN, Map.of()));
    EvaluationResult r = acc.result(2);
    assertTrue(Double.isNaN(r.acc()) && Double.isNaN(r.nmi()) && Double.isNaN(r.ari()));
    assertEquals(0.4, r.loss(), 1e-12);
    assertArrayEquals(new int[] {1, 3}, r.clusterCounts());
    String row = MetricRow.json(1, 0.4, 10, 1, r);
    assertTrue(
        row.contains("\"acc\":null")
            && row.contains("\"nmi\":null")
            && row.contains("\"ari\":null"),
        row);
    assertTrue(MetricRow.progress(1, 2, 0.4, r, 10, 1).contains("no labels"));
  }

  @Test
  void aNullLabelReadFromParquetRowsIsNoLabel() {
    var pixels =
        scala.collection.JavaConverters.asScalaBuffer(java.util.List.<Object>of(0.5f, -0.5f))
            .toSeq();
    TrainingData.Example e =
        TrainingData.toExample(org.apache.spark.sql.RowFactory.create(1L, null, pixels), 2);
    assertEquals(CustomImages.NO_LABEL, e.label);
    assertArrayEquals(new float[] {0.5f, -0.5f}, e.pixels);
    assertEquals(
        3, TrainingData.toExample(org.apache.spark.sql.RowFactory.create(0L, 3, pixels), 2).label);
  }

  @Test
  void labeledDataStillGetsItsScores() {
    EvaluationAccumulator acc = new EvaluationAccumulator(2);
    acc.add(
        0,
        new int[] {0, 1},
        new int[] {1, 0},
        new Evaluator.BatchResult(
            new int[] {0, 1}, Map.of("ddc_1", 0.5), Map.of(), Double.NaN, Map.of()));
    assertEquals(1.0, acc.result(2).acc(), 0);
  }
}
