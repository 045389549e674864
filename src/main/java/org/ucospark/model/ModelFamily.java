package org.ucospark.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model family (docs/PROTOCOL.md; docs/CODE.md, "Adding a model family"): the models it accepts,
 * their networks, their clustering objective, their training schedule, what they need of a data
 * set, and how assignments and embeddings are read from their network. Built in: {@link DdcFamily},
 * {@link DecFamily}, {@link OhcFamily}. A new family is one subclass with a public no-argument
 * constructor, listed in {@code META-INF/services/org.ucospark.model.ModelFamily} (also from a test
 * class path), plus its experiment files {@code conf/experiments/<model>_<dataset>.conf} (the
 * published settings of each model).
 */
public abstract class ModelFamily implements java.io.Serializable {
  /** The name its variants give as {@link ModelVariant#family}. */
  public abstract String name();

  /** Where its models come in listings and tables: lower first, then by name. */
  public int order() {
    return Integer.MAX_VALUE;
  }

  /** The models of this family, in display order. */
  public abstract List<ModelVariant> variants();

  /** The network a model of this family trains (for the DEC family: its clustering stage). */
  public abstract ComputationGraphConfiguration network(ModelParams params, DataType dataType);

  /**
   * The network a run starts from (the DEC family: its autoencoder); by default {@link #network}.
   */
  public ComputationGraphConfiguration initialNetwork(ModelParams params, DataType dataType) {
    return network(params, dataType);
  }

  /** The clustering terms of its objective, in order (the companions follow them). */
  public abstract List<Term> clusteringTerms();

  /**
   * The vertices whose ancestors are the backbone θ of OFM ({@link Objective#theta}): by default
   * the last block output X_L.
   *
   * @param wiring the graph's inputs of every vertex
   */
  public List<String> backboneEnds(Map<String, List<String>> wiring) {
    return List.of(Layers.BLOCK2);
  }

  /** The encoder of a model ({@link ArchitectureLimits} checks the data set against it). */
  public ModelVariant.Encoder encoder(ModelParams params) {
    return params.variant().encoder();
  }

  /** Whether the model rebuilds its input through a decoder (its sides must suit the decoder). */
  public boolean decodes(ModelVariant variant) {
    return variant.hasDecoder();
  }

  /** The layer whose activations are the embedding column of the assignments. */
  public abstract String embeddingLayer();

  /** Each example's cluster, from the network's activations: by default argmax_k of A. */
  public int[] clusters(Map<String, INDArray> activations) {
    return activations.get(Layers.ASSIGNMENTS).argMax(1).toIntVector();
  }

  /** How sure each assignment is (higher is surer): by default max_k A_ik. */
  public float[] confidence(Map<String, INDArray> activations, int[] clusters) {
    return activations.get(Layers.ASSIGNMENTS).max(1).castTo(DataType.FLOAT).toFloatVector();
  }

  /** Whether its networks give a distribution over the clusters (the Spark ML probability). */
  public boolean hasSoftAssignments() {
    return true;
  }

  /**
   * Each example's soft assignment over the clusters (a row sums to 1), or null without {@link
   * #hasSoftAssignments}: by default A (DDC's softmax, DEC's Student-t Q).
   */
  public float[][] softAssignments(Map<String, INDArray> activations) {
    return hasSoftAssignments()
        ? activations.get(Layers.ASSIGNMENTS).castTo(DataType.FLOAT).toFloatMatrix()
        : null;
  }

  /** What happens between epochs besides fitting. */
  public Schedule schedule(ModelParams params) {
    return Schedule.NONE;
  }

  /**
   * Whether {@code drop_last_batch = auto} keeps the last partial batch (the authors' protocol of
   * the family).
   */
  public boolean keepsPartialBatch() {
    return false;
  }

  /**
   * Why {@code epochs} epochs cannot train {@code variant} under {@code config}, as the "expected
   * …" text of the {@code epochs} key; null when they can.
   */
  public String epochsProblem(com.typesafe.config.Config config, ModelVariant variant, int epochs) {
    return null;
  }

  /**
   * The config keys that change the definition of its clustering loss (a kernel's bandwidth, a
   * Student-t's degrees of freedom): configurations that differ in them measure that loss with
   * different rulers, so a successive-halving sweep may not compare them by it (docs/SWEEPS.md).
   */
  public List<String> clusteringLossKeys() {
    return List.of();
  }

  /** Whether {@code bench} times its models (the peer's bench times the DDC family only). */
  public boolean benchmarked() {
    return false;
  }
}
