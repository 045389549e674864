package org.ucospark.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.model.Layers;

/**
 * {@code loss.distance_gradient = authors}: every case of fixtures/authors_gradient.json (terms as
 * the exact ones, gradients of the authors' hand-written sqdist gradient 4·(X ⊙ rowsum(G) − GX)),
 * checked like losses.json by {@link LossFixtureTest#check} (1e-6 in float64, 1e-3 in float32).
 */
class AuthorsGradientFixtureTest {

  @TestFactory
  Stream<DynamicTest> authorsGradientCases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : Fixtures.authorsGradientCases()) {
      assertEquals(LossParams.DistanceGradient.AUTHORS, Fixtures.distanceGradient(c));
      tests.add(
          DynamicTest.dynamicTest(
              Fixtures.name(c) + " double", () -> LossFixtureTest.check(c, DataType.DOUBLE, 1e-6)));
      tests.add(
          DynamicTest.dynamicTest(
              Fixtures.name(c) + " float", () -> LossFixtureTest.check(c, DataType.FLOAT, 1e-3)));
    }
    return tests.stream();
  }

  /**
   * The exact gradient w.r.t. H differs from the authors' one as the fixture says (its recorded
   * cosine).
   */
  @Test
  void exactAndAuthorsHiddenGradientsHaveTheFixtureCosine() {
    for (JsonNode c : Fixtures.authorsGradientCases()) {
      JsonNode in = c.get("inputs");
      INDArray a = Fixtures.tensor(in.get("assignments"), DataType.DOUBLE);
      INDArray h = Fixtures.tensor(in.get("hidden"), DataType.DOUBLE);
      List<INDArray> xs = Fixtures.tensors(in.get("intermediates"), DataType.DOUBLE);
      LossParams authors =
          new LossParams(
              0.15,
              c.get("uco_lambda").asDouble(),
              LossParams.KernelType.parse(c.get("kernel").asText()),
              LossParams.Weighting.CONSTANT,
              true,
              LossParams.DistanceGradient.AUTHORS);
      INDArray gAuthors =
          LossFixtureTest.evaluate(a, h, xs, authors).gradients().get(Layers.HIDDEN);
      INDArray gExact =
          LossFixtureTest.evaluate(
                  a,
                  h,
                  xs,
                  new LossParams(
                      authors.relSigma(),
                      authors.ucoLambda(),
                      authors.kernel(),
                      authors.weighting(),
                      authors.ucoAssignmentGradient(),
                      LossParams.DistanceGradient.EXACT))
              .gradients()
              .get(Layers.HIDDEN);
      double cos =
          gAuthors.mul(gExact).sumNumber().doubleValue()
              / (gAuthors.norm2Number().doubleValue() * gExact.norm2Number().doubleValue());
      assertEquals(c.get("cosine_hidden_grad_vs_exact").asDouble(), cos, 1e-9, Fixtures.name(c));
      assertTrue(cos < 0.9, "the two gradients differ: " + cos);
    }
  }

  /** For a symmetric ∂L/∂D both backward rules agree. */
  @Test
  void bothRulesAgreeOnASymmetricUpstreamGradient() {
    Nd4j.getRandom().setSeed(5);
    INDArray x = Nd4j.randn(DataType.DOUBLE, 7, 3);
    INDArray g = Nd4j.randn(DataType.DOUBLE, 7, 7);
    INDArray sym = g.add(g.transpose());
    INDArray exact = Distances.squaredEuclideanBackward(x, sym, LossParams.DistanceGradient.EXACT);
    INDArray authors =
        Distances.squaredEuclideanBackward(x, sym, LossParams.DistanceGradient.AUTHORS);
    assertTrue(Fixtures.relErr(authors, exact) < 1e-12);
    assertTrue(
        Fixtures.relErr(
                Distances.squaredEuclideanBackward(x, g, LossParams.DistanceGradient.AUTHORS),
                Distances.squaredEuclideanBackward(x, g, LossParams.DistanceGradient.EXACT))
            > 1e-3);
  }
}
