package org.ucospark.model.extension;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.ucospark.model.DdcTerm;
import org.ucospark.model.Layers;
import org.ucospark.model.LossHeads;
import org.ucospark.model.ModelFamily;
import org.ucospark.model.ModelParams;
import org.ucospark.model.ModelVariant;
import org.ucospark.model.Objective;
import org.ucospark.model.Term;

/**
 * A test-only model family, registered from the test class path
 * (META-INF/services/org.ucospark.model.ModelFamily) with public API only: model {@code toy}, a
 * small MLP (dense 64 ⇒ X_1, dense 32 ⇒ X_2, dense 100 ⇒ H (the DDC head's width), dense K softmax
 * ⇒ A) trained with DDC's clustering terms; its published settings are
 * conf/experiments/toy_usps.conf.
 */
public final class ToyFamily extends ModelFamily {
  public static final ModelVariant TOY = new ModelVariant("toy", "toy", ModelVariant.Encoder.MLP);

  @Override
  public String name() {
    return "toy";
  }

  @Override
  public List<ModelVariant> variants() {
    return List.of(TOY);
  }

  @Override
  public ComputationGraphConfiguration network(ModelParams params, DataType dataType) {
    ComputationGraphConfiguration.GraphBuilder g = Layers.graph(params, dataType);
    g.addLayer(Layers.BLOCK1, Layers.dense(64, Activation.RELU), Layers.INPUT)
        .addLayer(Layers.BLOCK2, Layers.dense(32, Activation.RELU), Layers.BLOCK1)
        .addLayer(Layers.HIDDEN, Layers.dense(params.hiddenSize(), Activation.RELU), Layers.BLOCK2)
        .addLayer(
            Layers.ASSIGNMENTS, Layers.dense(params.clusters(), Activation.SOFTMAX), Layers.HIDDEN);
    List<String> heads = LossHeads.add(g, Objective.of(params), List.of());
    return g.setOutputs(heads.toArray(String[]::new)).build();
  }

  @Override
  public List<Term> clusteringTerms() {
    return DdcTerm.terms();
  }

  @Override
  public String embeddingLayer() {
    return Layers.HIDDEN;
  }
}
