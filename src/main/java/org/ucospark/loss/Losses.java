package org.ucospark.loss;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DDC-UCO objective (ALGORITHMS.md §3): ddc_1 + ddc_2 + ddc_3 + Σ_l uco/(l−1), with the
 * gradients of the total w.r.t. A, H and every intermediate X_l. With no intermediates this
 * is plain DDC. The distance matrices of vectors are differentiated as {@code p.distanceGradient()} says.
 */
public final class Losses {
  private Losses() {}

  public static LossResult compute(INDArray a, INDArray h, List<INDArray> xs, LossParams p) {
    Map<String, Double> terms = new LinkedHashMap<>();
    DdcLoss.Result ddc = DdcLoss.compute(a, h, p.relSigma(), Double.NaN, true, p.distanceGradient());
    terms.put("ddc_1", ddc.ddc1());
    terms.put("ddc_2", ddc.ddc2());
    terms.put("ddc_3", ddc.ddc3());
    INDArray gA = ddc.gradA().dup();
    List<INDArray> gX = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      UcoLoss.Result u = UcoLoss.compute(a, xs.get(i), i + 1, xs.size(), p);
      terms.put("uco/" + i, u.value());
      gX.add(u.gradX());
      if (u.gradA() != null) gA.addi(u.gradA());
    }
    return new LossResult(terms, gA, ddc.gradH(), gX);
  }
}
