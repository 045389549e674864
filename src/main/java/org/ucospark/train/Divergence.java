package org.ucospark.train;

/**
 * Where a run's loss stopped being finite (docs/PROTOCOL.md, "survivorship"): the epoch, the term
 * ({@code train_loss} for the epoch's training loss, else the evaluated term, {@code loss} for the
 * total) and its value ({@code NaN}, {@code Infinity}, …).
 */
public record Divergence(int epoch, String term, String value) {
  /** One line for logs and the trials table. */
  public String describe() {
    return "diverged at epoch " + epoch + ": " + term + " = " + value;
  }

  /** The first non-finite value of an epoch (training loss first), else null. */
  static Divergence of(int epoch, double trainLoss, EvaluationResult eval) {
    if (!Double.isFinite(trainLoss)) {
      return new Divergence(epoch, "train_loss", String.valueOf(trainLoss));
    }
    String failure = eval == null ? null : eval.failure();
    if (failure == null) {
      return null;
    }
    int eq = failure.lastIndexOf(" = ");
    return new Divergence(epoch, failure.substring(0, eq), failure.substring(eq + 3));
  }
}
