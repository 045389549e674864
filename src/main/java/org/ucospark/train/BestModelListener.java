package org.ucospark.train;

/**
 * Tracks the best network: the lowest evaluated total loss (no labels involved, docs/ALGORITHMS.md
 * §4.3), saved as checkpoints/best.zip when found. After a resume it starts from the best epoch and
 * loss of the checkpoint's state.json.
 */
final class BestModelListener implements TrainingListener {
  private final RunDirectory dir;
  private int bestEpoch;
  private double bestLoss;

  /**
   * The evaluation of the best network when it was found in this process; null when the best epoch
   * predates a resume, and only then is the saved best.zip loaded and evaluated again at the end
   * ({@link #best}).
   */
  private EvaluationResult bestEval;

  BestModelListener(RunDirectory dir, RunDirectory.State state) {
    this.dir = dir;
    this.bestEpoch = state.bestEpoch();
    this.bestLoss = state.bestLoss();
  }

  @Override
  public void epochEnded(EpochEnd end) {
    if (end.eval() != null && end.eval().loss() < bestLoss) {
      bestLoss = end.eval().loss();
      bestEpoch = end.epoch();
      bestEval = end.eval();
      dir.saveBest(end.trainer().network());
    }
  }

  int bestEpoch() {
    return bestEpoch;
  }

  double bestLoss() {
    return bestLoss;
  }

  /**
   * The evaluation that selected the best network, at the end of a run whose last evaluation is
   * {@code last} (evaluated again in the same order when it predates a resume: the same numbers).
   */
  EvaluationResult best(Trainer trainer, EvaluationResult last) {
    if (bestEval != null) {
      return bestEval;
    }
    return bestEpoch > 0 && dir.hasBest() ? trainer.evaluate(dir.loadBest()) : last;
  }

  /**
   * The best network evaluated once more in the order {@link ShufflePlan#FINAL} (docs/PROTOCOL.md,
   * "winner's curse"), reloaded from checkpoints/best.zip as {@code predict} reads it; the current
   * network of a finished run that saved no best checkpoint; null for a diverged run without one.
   */
  EvaluationResult reevaluate(Trainer trainer, boolean diverged) {
    if (bestEpoch > 0 && dir.hasBest()) {
      return trainer.evaluate(dir.loadBest(), ShufflePlan.FINAL);
    }
    return diverged ? null : trainer.evaluate(trainer.network(), ShufflePlan.FINAL);
  }
}
