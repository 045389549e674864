package org.ucospark.train;

/**
 * How a run ended, typed: {@code status} ({@link #FINISHED} or {@link #DIVERGED}, then {@code
 * divergence} says where), the last finite evaluation and its epoch, the best checkpoint's epoch
 * and its re-evaluation ({@code best}, order {@link ShufflePlan#FINAL}) and the evaluation that
 * selected it ({@code selection}); evaluations are null when there is none (a run that diverged
 * before its first evaluation). summary.json ({@link Summaries}), the result table and the trials
 * table are written from it.
 */
public record RunResult(
    String status,
    Divergence divergence,
    int finalEpoch,
    EvaluationResult last,
    int bestEpoch,
    EvaluationResult best,
    EvaluationResult selection) {

  /** summary.json's {@code status} of a run that trained every epoch. */
  public static final String FINISHED = "finished";

  /** summary.json's {@code status} of a run whose loss stopped being finite. */
  public static final String DIVERGED = "diverged";

  /** Whether the run diverged. */
  public boolean diverged() {
    return divergence != null;
  }
}
