package org.ucospark.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ucospark.model.DdcNetworkBuilder;
import org.ucospark.model.Layers;
import org.ucospark.model.ModelVariant;
import org.ucospark.model.Objective;

/**
 * Every case of fixtures/losses.json through the DDC-UCO {@link Objective} (the terms, their scales
 * λ·w_l and the gradients the loss heads train with), in float64 (tolerance 1e-6) and float32
 * (1e-3). Error measure: max|a−b| / max(1, max|b|) per tensor, |a−b| / max(1,|b|) per scalar; in
 * addition the intermediate gradients (entries ~1e-3) must satisfy max|a−b| / max|b| ≤ tol.
 */
class LossFixtureTest {

  @TestFactory
  Stream<DynamicTest> fixtureCases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : Fixtures.lossCases()) {
      tests.add(
          DynamicTest.dynamicTest(
              Fixtures.name(c) + " double", () -> check(c, DataType.DOUBLE, 1e-6)));
      tests.add(
          DynamicTest.dynamicTest(
              Fixtures.name(c) + " float", () -> check(c, DataType.FLOAT, 1e-3)));
    }
    return tests.stream();
  }

  /**
   * The DDC-UCO {@link Objective} of loss settings {@code p} (block outputs X_1 … X_L = {@code xs})
   * on A and H, with the gradients of its total w.r.t. A ({@link Layers#ASSIGNMENTS}), H ({@link
   * DdcNetworkBuilder#HIDDEN}) and every X_l ({@link Layers#block}).
   */
  static Objective.Evaluation evaluate(INDArray a, INDArray h, List<INDArray> xs, LossParams p) {
    List<long[]> blocks = new ArrayList<>();
    Map<String, INDArray> activations = new java.util.HashMap<>();
    activations.put(Layers.ASSIGNMENTS, a);
    activations.put(Layers.HIDDEN, h);
    for (int i = 0; i < xs.size(); i++) {
      long[] shape = xs.get(i).shape();
      blocks.add(java.util.Arrays.copyOfRange(shape, 1, shape.length));
      activations.put(Layers.block(i), xs.get(i));
    }
    Objective objective =
        Objective.of(ModelVariant.DDC_UCO, p, (int) h.size(1), (int) a.size(1), blocks, 0);
    return objective.evaluate(activations, null, true);
  }

  static void check(JsonNode c, DataType dt, double tol) {
    LossParams p =
        new LossParams(
            c.get("rel_sigma").asDouble(),
            c.get("uco_lambda").asDouble(),
            LossParams.KernelType.parse(c.get("kernel").asText()),
            c.has("weighting")
                ? LossParams.Weighting.parse(c.get("weighting").asText())
                : LossParams.Weighting.CONSTANT,
            true,
            Fixtures.distanceGradient(c));
    JsonNode in = c.get("inputs");
    INDArray a = Fixtures.tensor(in.get("assignments"), dt);
    INDArray h = Fixtures.tensor(in.get("hidden"), dt);
    List<INDArray> xs = Fixtures.tensors(in.get("intermediates"), dt);
    String tag = Fixtures.name(c) + " " + dt;
    StringBuilder report = new StringBuilder(tag);
    double worst = 0;
    double worstScaled = 0;

    double e =
        Fixtures.relErr(
            Distances.squaredEuclidean(h),
            Fixtures.tensor(c.get("hidden_distance"), DataType.DOUBLE));
    report.append(String.format(" hidden_distance=%.2e", e));
    worst = Math.max(worst, e);
    List<INDArray> dExp = Fixtures.tensors(c.get("distances"), DataType.DOUBLE);
    for (int i = 0; i < xs.size(); i++) {
      INDArray d =
          p.kernel() == LossParams.KernelType.TENSOR
              ? TensorKernel.distances(xs.get(i))
              : NaiveKernel.distances(xs.get(i));
      e = Fixtures.relErr(d, dExp.get(i));
      report.append(String.format(" distance/%d=%.2e", i, e));
      worst = Math.max(worst, e);
    }

    Objective.Evaluation r = evaluate(a, h, xs, p);
    Iterator<Map.Entry<String, JsonNode>> it = c.get("terms").fields();
    int n = 0;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> t = it.next();
      Double got = r.terms().get(t.getKey());
      assertTrue(got != null, tag + ": missing term " + t.getKey());
      e = Fixtures.relErr(got, t.getValue().asDouble());
      report.append(String.format(" %s=%.2e", t.getKey(), e));
      worst = Math.max(worst, e);
      n++;
    }
    assertEquals(n, r.terms().size(), tag + ": term names " + r.terms().keySet());
    e = Fixtures.relErr(r.total(), c.get("total").asDouble());
    report.append(String.format(" total=%.2e", e));
    worst = Math.max(worst, e);

    JsonNode g = c.get("grad");
    e =
        Fixtures.relErr(
            r.gradients().get(Layers.ASSIGNMENTS),
            Fixtures.tensor(g.get("assignments"), DataType.DOUBLE));
    report.append(String.format(" gradA=%.2e", e));
    worst = Math.max(worst, e);
    e =
        Fixtures.relErr(
            r.gradients().get(Layers.HIDDEN), Fixtures.tensor(g.get("hidden"), DataType.DOUBLE));
    report.append(String.format(" gradH=%.2e", e));
    worst = Math.max(worst, e);
    List<INDArray> gx = Fixtures.tensors(g.get("intermediates"), DataType.DOUBLE);
    for (int i = 0; i < gx.size(); i++) {
      e = Fixtures.relErr(r.gradients().get(Layers.block(i)), gx.get(i));
      report.append(String.format(" gradX/%d=%.2e", i, e));
      worst = Math.max(worst, e);
      // the UCO gradients are O(1e-3): also relative to their own scale, max|a−b| / max|b|
      double amax = gx.get(i).amaxNumber().doubleValue();
      double eScaled = e * Math.max(1.0, amax) / amax;
      report.append(String.format(" (scaled %.2e)", eScaled));
      worstScaled = Math.max(worstScaled, eScaled);
    }
    report.append(
        String.format(
            " | worst=%.2e (tol %.0e), gradX scaled worst=%.2e (tol %.0e)",
            worst, tol, worstScaled, tol));
    System.out.println(report);
    assertTrue(worst <= tol, report.toString());
    assertTrue(worstScaled <= tol, report.toString());
  }
}
