package org.ucospark.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.UcoException;
import org.ucospark.loss.LossParams;

/** The limits a data set of one's own can hit fail early, in one line that says what to do. */
class ArchitectureLimitsTest {

  private static ModelParams params(ModelVariant variant, int side, int clusters) {
    return new ModelParams(
        variant,
        new InputShape(1, side, side),
        clusters,
        ModelParams.HIDDEN_SIZE,
        LossParams.defaults(),
        0.1,
        new OptimizerParams(1e-3, 0.9, 0.999, 1e-7, 10),
        0);
  }

  private static String message(ModelParams p, long examples, int batch) {
    return assertThrows(
            UcoException.class, () -> ArchitectureLimits.check(p, examples, batch, "/d/own"))
        .getMessage();
  }

  @Test
  void imagesTooSmallForCnnSmallSayResize() {
    String m = message(params(ModelVariant.DDC, 16, 3), 300, 120);
    assertTrue(m.startsWith("/d/own: 16x16 images are too small for cnn_small (ddc)"), m);
    assertTrue(m.contains("--resize 32x32"), m);
    assertTrue(message(params(ModelVariant.OHC, 12, 3), 300, 120).contains("LeNet"));
    // the limit is real: at 16×16 X_2 is empty and DL4J cannot even build the graph or run it
    assertThrows(
        Exception.class,
        () -> Networks.create(params(ModelVariant.DDC, 16, 3)).output(Nd4j.rand(2, 1, 16, 16)));
  }

  @Test
  void theSmallestAcceptedSizeBuildsAndRuns() {
    ModelParams p = params(ModelVariant.DDC_UCO, ArchitectureLimits.CNN_SMALL_MIN, 3);
    assertDoesNotThrow(() -> ArchitectureLimits.check(p, 300, 120, "/d/own"));
    ComputationGraph g = Networks.create(p);
    assertDoesNotThrow(() -> g.output(Nd4j.rand(4, 1, 20, 20)));
  }

  @Test
  void cnnDecodersNeedSidesThatAreMultiplesOfFour() {
    String m = message(params(ModelVariant.DDC_AE, 22, 3), 300, 120);
    assertTrue(m.contains("multiples of 4") && m.contains("--resize 24x24"), m);
    assertDoesNotThrow(
        () -> ArchitectureLimits.check(params(ModelVariant.DDC, 22, 3), 300, 120, "/d/own"));
  }

  @Test
  void clusterCountAndDataSetSizeAreChecked() {
    assertTrue(message(params(ModelVariant.DDC, 32, 1), 300, 120).contains("K = 1 cluster"));
    assertTrue(
        message(params(ModelVariant.DDC, 32, 50), 40, 20)
            .contains("40 examples for K = 50 clusters"));
    String m = message(params(ModelVariant.DDC, 32, 3), 100, 120);
    assertTrue(m.startsWith("batch_size 120 is larger than the data set (100 rows at /d/own)"), m);
  }
}
