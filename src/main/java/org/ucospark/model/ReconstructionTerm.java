package org.ucospark.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ucospark.nn.ReconstructionLoss;

/**
 * The reconstruction companion (docs/PROTOCOL.md, §3 "Losses"): {@code reconstruct} = weight · mean
 * over all pixels of (x̂ − x)² (DDC-AE 0.1, IDEC 10; 1 in the DEC family's pre-training, {@link
 * Objective#pretraining}); head: a loss layer of {@link ReconstructionLoss} (the weight) on the
 * decoder output (labels: the images). The model's builder adds the decoder.
 */
public final class ReconstructionTerm extends LossTerm {
  public static final String NAME = ModelVariant.RECONSTRUCT;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Term> companionTerms(Context context) {
    return List.of(
        new Term(
            NAME,
            NAME,
            true,
            Layers.RECONSTRUCT_OUTPUT,
            List.of(Layers.DECODER_OUTPUT, Layers.INPUT),
            1,
            context.reconstructionWeight()));
  }

  @Override
  public void addHead(ComputationGraphConfiguration.GraphBuilder g, Context context, Term t) {
    g.addLayer(t.head(), Layers.lossLayer(new ReconstructionLoss(t.scale())), t.inputs().get(0));
  }

  @Override
  public void evaluate(
      Term t, List<INDArray> in, Context context, INDArray targets, boolean gradients, Values out) {
    out.terms().put(t.name(), new ReconstructionLoss(t.scale()).value(in.get(0), in.get(1)));
  }
}
