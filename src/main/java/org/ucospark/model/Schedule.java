package org.ucospark.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;

/**
 * What a model family does between epochs besides fitting ({@link ModelFamily#schedule}). DDC and
 * OHC train one network throughout ({@link #NONE}); the DEC family pre-trains an autoencoder, then
 * clusters ({@link DecSchedule}). The trainer hands it a {@link Stage}: what a schedule may read
 * and change of the running training.
 */
public interface Schedule {
  Schedule NONE = new Schedule() {};

  /** Called before epoch {@code epoch} (1-based) is fitted. */
  default void beforeEpoch(int epoch, Stage stage) {}

  /** Called once when a run resumes after the checkpoint of {@code epoch}. */
  default void resumed(int epoch, Stage stage) {}

  /** Whether the network of epoch {@code epoch} can be evaluated (assigns clusters). */
  default boolean evaluates(int epoch) {
    return true;
  }

  /** The running training, as a schedule sees it. */
  interface Stage {
    /** The network being trained. */
    ComputationGraph network();

    /** Replaces the network being trained (its optimiser starts afresh). */
    void setNetwork(ComputationGraph network);

    /** The activations of layer {@code layer} of the current network over the whole data set. */
    INDArray activations(String layer);

    /** The data set's labels in row order ({@code NO_LABEL} where unlabelled). */
    int[] labels();

    /** Trains on the target distribution rows {@code p} [N,K] from now on and saves them. */
    void updateTargets(int epoch, INDArray p);

    /** Trains on the targets saved at epoch {@code epoch} (a resumed run). */
    void restoreTargets(int epoch);

    /** Writes the run's {@code kmeans.json}. */
    void writeKMeans(ObjectNode record);

    /** A line in the run's log (and the console). */
    void info(Logger log, String message);
  }
}
