package org.ucospark.train;

/**
 * What acts on a run's progress besides fitting: checkpoints, metrics, progress lines, best-model
 * tracking (the way DL4J's {@code TrainingListener}s and Lightning's callbacks work). {@link
 * TrainingRun}'s loop fits and evaluates; its listeners, called in the order they were added and on
 * the driver, do the rest.
 */
public interface TrainingListener {
  /** Once before the first epoch this process fits ({@code firstEpoch} > 1 after a resume). */
  default void runStarted(Trainer trainer, int firstEpoch) {}

  /** After an epoch was fitted and, when due, evaluated, with finite losses. */
  default void epochEnded(EpochEnd end) {}

  /**
   * After an epoch whose training loss or evaluated loss term is not finite: the listeners record
   * it, then the run stops with an error (a NaN is never the lowest loss; a run that went on would
   * choose its best without it).
   */
  default void epochFailed(EpochEnd end) {}

  /** After the final evaluation, summary.json and the assignments are written. */
  default void runEnded(RunOutcome outcome) {}

  /**
   * One epoch: its number (1-based) of {@code epochs}, the mean batch loss, the seconds its fit
   * took, the training seconds and images of the run so far (across resumes), the images one epoch
   * fits, and its evaluation (null when the epoch was not evaluated).
   */
  record EpochEnd(
      int epoch,
      int epochs,
      double trainLoss,
      double seconds,
      double trainSeconds,
      long images,
      int imagesPerEpoch,
      EvaluationResult eval,
      Trainer trainer) {
    /** Training images per second of this epoch. */
    public double imagesPerSecond() {
      return imagesPerEpoch / seconds;
    }
  }
}
