package org.ucospark.model.extension;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ucospark.model.Layers;
import org.ucospark.model.LossTerm;
import org.ucospark.model.ModelVariant;
import org.ucospark.model.Term;
import org.ucospark.nn.TermLoss;

/**
 * A test-only companion objective, registered from the test class path
 * (META-INF/services/org.ucospark.model.LossTerm) with public API only: {@code activity} = w · ½ ·
 * mean over the batch and the D features of X_2², a penalty on the last block output's activity (w
 * = {@link #WEIGHT}). It adds the model {@code ddc_activity} (DDC plus this term), whose published
 * settings are conf/experiments/ddc_activity_usps.conf.
 */
public final class ActivityTerm extends LossTerm {
  public static final String NAME = "activity";
  static final double WEIGHT = 1e-3;
  public static final ModelVariant DDC_ACTIVITY =
      new ModelVariant("ddc_activity", "ddc", ModelVariant.Encoder.CNN_SMALL, NAME);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<ModelVariant> variants() {
    return List.of(DDC_ACTIVITY);
  }

  @Override
  public List<Term> companionTerms(Context context) {
    return List.of(new Term(NAME, NAME, true, NAME, List.of(Layers.BLOCK2), 1, WEIGHT));
  }

  @Override
  public void addHead(ComputationGraphConfiguration.GraphBuilder g, Context context, Term t) {
    long[] shape = context.blockShape(Layers.BLOCK2);
    g.addVertex(
            t.head() + "_flat",
            new PreprocessorVertex(new CnnToFeedForwardPreProcessor(shape[1], shape[2], shape[0])),
            Layers.BLOCK2)
        .addLayer(t.head(), Layers.lossLayer(new Loss(t.scale())), t.head() + "_flat");
  }

  @Override
  public void evaluate(
      Term t, List<INDArray> in, Context context, INDArray targets, boolean gradients, Values out) {
    INDArray x = in.get(0);
    double squares = x.mul(x).sumNumber().doubleValue();
    out.terms().put(t.name(), t.scale() * 0.5 * squares / x.length());
  }

  /** The head: per example w · ½ · Σ_j x_j² / D, gradient w · x / D (DL4J divides by B). */
  public static final class Loss extends TermLoss {
    @JsonProperty("weight")
    private double weight;

    public Loss() {
      this(1.0);
    }

    public Loss(@JsonProperty("weight") double weight) {
      this.weight = weight;
    }

    @Override
    public INDArray computeScoreArray(
        INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
      INDArray x = activationFn.getActivation(preOutput.dup(), true);
      INDArray rows = x.mul(x).sum(true, 1).muli(0.5 * weight / x.size(1));
      return applyMask(rows, mask);
    }

    @Override
    public INDArray computeGradient(
        INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
      INDArray x = activationFn.getActivation(preOutput.dup(), true);
      INDArray dx = x.mul(weight / x.size(1));
      return selected(applyMask(activationFn.backprop(preOutput.dup(), dx).getFirst(), mask), NAME);
    }

    @Override
    public String name() {
      return "ActivityLoss(" + weight + ")";
    }

    @Override
    protected Object settings() {
      return weight;
    }
  }
}
