package org.ucospark.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ucospark.loss.DdcLoss;

/**
 * DDC loss output layer (docs/ALGORITHMS.md §3.3): score = ddc_1 + ddc_2 + ddc_3 of {@link
 * DdcLoss}, input = MergeVertex(H [B,hiddenSize], A [B,clusters]) in that order.
 *
 * <p>Why not a {@code SameDiffOutputLayer} (the original design): the spec needs the exact median
 * of the B² distances (mean of the two middle values), recomputed per batch, as a gradient-free
 * constant. SameDiff M2.1 has no median/percentile op; the only sort-like op, {@code top_k}, takes
 * k as a static argument while B (hence k = B²/2) is only known at run time, and it has no gradient
 * (docs/ALGORITHMS.md §3.3), so the graph would also need a stop-gradient around it. A SameDiff
 * version was therefore not pursued (not tried in code); this layer is written like the UCO head: a
 * custom DL4J layer with the explicit backward of the fixture-checked {@link DdcLoss} (value and
 * gradient identical to the pure functions). It also avoids the SameDiff workspace-corruption trap
 * of M2.1. Terms for logging: {@code org.ucospark.model.Objective#evaluate}.
 *
 * <p>Wiring: {@code .addVertex("ddc_in", new MergeVertex(), "hidden", "assign") .addLayer("ddc",
 * new DdcLossLayer.Builder().hiddenSize(100).clusters(10).relSigma(0.15).distanceGradient("exact")
 * .build(), "ddc_in")} (the values come from the model's {@code Objective}), output "ddc" with a
 * dummy label [B,1]; its activations are A.
 */
public class DdcLossLayer extends ExplicitLossLayer {
  private int hiddenSize;

  public DdcLossLayer() {}

  private DdcLossLayer(Builder b) {
    super(b);
    this.hiddenSize = b.hiddenSize;
  }

  public int getHiddenSize() {
    return hiddenSize;
  }

  public void setHiddenSize(int hiddenSize) {
    this.hiddenSize = hiddenSize;
  }

  @Override
  public long inputSize() {
    return (long) hiddenSize + clusters;
  }

  @Override
  protected ExplicitLossLayerImpl<?> newImpl(
      NeuralNetConfiguration conf, DataType networkDataType) {
    return new Impl(conf, networkDataType);
  }

  /** Runtime layer. */
  public static class Impl extends ExplicitLossLayerImpl<DdcLossLayer> {
    public Impl(NeuralNetConfiguration conf, DataType dataType) {
      super(conf, dataType);
    }

    @Override
    protected Pair<Double, INDArray> lossAndGradient(INDArray in, boolean grads) {
      DdcLossLayer c = layerConf();
      int h = c.getHiddenSize();
      INDArray hid = in.get(NDArrayIndex.all(), NDArrayIndex.interval(0, h)).dup('c');
      INDArray a =
          in.get(NDArrayIndex.all(), NDArrayIndex.interval(h, h + c.getClusters())).dup('c');
      DdcLoss.Result r =
          DdcLoss.compute(
              a,
              hid,
              c.getRelSigma(),
              sigmaOrNaN(),
              grads,
              c.distanceGradientMode(),
              TermSelection.weight("ddc_1"),
              TermSelection.weight("ddc_2"),
              TermSelection.weight("ddc_3"));
      java.util.Map<String, Double> terms = new java.util.LinkedHashMap<>();
      terms.put("ddc_1", r.ddc1());
      terms.put("ddc_2", r.ddc2());
      terms.put("ddc_3", r.ddc3());
      rememberTerms(terms);
      INDArray g = grads ? org.nd4j.linalg.factory.Nd4j.hstack(r.gradH(), r.gradA()) : null;
      return new Pair<>(r.total(), g);
    }
  }

  /** Builder. */
  public static class Builder extends ExplicitLossLayer.Builder<Builder> {
    private int hiddenSize;

    public Builder hiddenSize(int v) {
      hiddenSize = v;
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public DdcLossLayer build() {
      if (hiddenSize <= 0 || clusters < 2)
        throw new IllegalArgumentException("hiddenSize > 0 and clusters >= 2 required");
      checkLossSettings();
      return new DdcLossLayer(this);
    }
  }
}
