package org.ucospark.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * Writes the loss heads of an {@link Objective} into a graph (docs/PROTOCOL.md, §3 "Losses"): one
 * output layer per head, reading the activations its terms name, written by the terms' {@link
 * LossTerm} with the terms' scales and the objective's loss settings.
 */
public final class LossHeads {
  private LossHeads() {}

  /**
   * Adds the heads of {@code objective}'s terms whose inputs are all in the graph already and whose
   * head is neither there nor in {@code done}, in term order; returns their output names. A builder
   * calls it once after the encoder and its clustering head, and again after the layers a later
   * term reads (the decoder), so every variant's heads come in term order.
   */
  public static List<String> add(
      ComputationGraphConfiguration.GraphBuilder g, Objective objective, Collection<String> done) {
    Set<String> present = new HashSet<>(g.getVertices().keySet());
    present.addAll(g.getNetworkInputs());
    List<String> heads = new ArrayList<>();
    for (Term t : objective.terms()) {
      if (!heads.contains(t.head())
          && !done.contains(t.head())
          && present.containsAll(t.inputs())) {
        LossTerms.named(t.kind()).addHead(g, objective.context(), t);
        heads.add(t.head());
      }
    }
    return heads;
  }

  /**
   * {@link #add} for the builders: the heads readable now, then (when a term reads the decoder
   * output) the decoder {@code decoder} adds and the remaining heads.
   */
  static List<String> addAround(
      ComputationGraphConfiguration.GraphBuilder g, Objective objective, Runnable decoder) {
    List<String> outputs = new ArrayList<>(add(g, objective, List.of()));
    if (objective.reads(Layers.DECODER_OUTPUT)) {
      decoder.run();
      outputs.addAll(add(g, objective, outputs));
    }
    return outputs;
  }
}
