package org.ucospark.train;

import java.io.Serializable;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.model.ModelParams;
import org.ucospark.nn.Dl4jBackend;

/**
 * A network as plain serialisable values (graph JSON, flat parameters incl. batch-norm statistics,
 * model parameters), shipped to executors inside task closures to evaluate there.
 */
public final class NetworkSnapshot implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String configuration;
  private final float[] parameters;
  private final ModelParams params;

  public NetworkSnapshot(ComputationGraph graph, ModelParams params) {
    this.configuration = graph.getConfiguration().toJson();
    this.parameters = graph.params().castTo(DataType.FLOAT).toFloatVector();
    this.params = params;
  }

  public ModelParams params() {
    return params;
  }

  /** A fresh network holding the snapshot's parameters. */
  public ComputationGraph restore() {
    return restore(configuration, parameters);
  }

  /**
   * A fresh network of the graph JSON {@code configuration} holding the flat {@code parameters}.
   */
  public static ComputationGraph restore(String configuration, float[] parameters) {
    Dl4jBackend.configure();
    ComputationGraph graph =
        new ComputationGraph(ComputationGraphConfiguration.fromJson(configuration));
    graph.init();
    graph.setParams(
        Nd4j.createFromArray(parameters)
            .castTo(graph.params().dataType())
            .reshape(1, parameters.length));
    return graph;
  }
}
