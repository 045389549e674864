package org.ucospark.model;

import org.deeplearning4j.nn.graph.ComputationGraph;

/** Test helpers of {@link ObjectiveTest} for tests of other packages. */
public final class ObjectiveTestAccess {
  private ObjectiveTestAccess() {}

  /** {@code graph} with layer {@code from} called {@code to}, holding the same parameters. */
  public static ComputationGraph renamed(ComputationGraph graph, String from, String to) {
    return ObjectiveTest.renamed(graph, from, to);
  }
}
