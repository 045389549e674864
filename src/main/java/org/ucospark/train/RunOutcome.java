package org.ucospark.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a run produced: its {@link RunResult}, the wall time and training throughput, the rows of
 * metrics.jsonl and summary.json as written. For a diverged run the evaluations are null when none
 * came before the divergence, and {@link #finalResult} is the last finite one.
 */
public record RunOutcome(
    RunResult result,
    double wallSeconds,
    double imagesPerSecond,
    List<String> metricRows,
    ObjectNode summary) {

  /** {@link RunResult#FINISHED} or {@link RunResult#DIVERGED}. */
  public String status() {
    return result.status();
  }

  /** Where the run diverged, null when it finished. */
  public Divergence divergence() {
    return result.divergence();
  }

  /** Whether the run diverged. */
  public boolean diverged() {
    return result.diverged();
  }

  /** The last finite evaluation, null when there is none. */
  public EvaluationResult finalResult() {
    return result.last();
  }

  /** The epoch of the last finite evaluation (the last epoch trained). */
  public int finalEpoch() {
    return result.finalEpoch();
  }

  /** The best checkpoint re-evaluated, null when there is none. */
  public EvaluationResult best() {
    return result.best();
  }

  /** The evaluation that selected the best checkpoint, null when there is none. */
  public EvaluationResult selection() {
    return result.selection();
  }

  /** The epoch of the best checkpoint (0 without one). */
  public int bestEpoch() {
    return result.bestEpoch();
  }
}
