package org.ucospark.sweep;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ucospark.UcoException;
import org.ucospark.config.SweepKeys;

/**
 * {@code sweep.halving}: successive halving over seed groups (docs/SWEEPS.md). The unit kept or
 * stopped is a configuration with all its seeds; configurations are compared at rungs of {@code
 * min_epochs·etaⁱ} epochs by the seed mean of the {@link Criterion}, within one (data set, model).
 *
 * @param minEpochs the first rung
 * @param eta the reduction factor: rung i+1 trains eta times the epochs of rung i, and rule {@code
 *     rank} keeps the best 1/eta
 * @param criterion what configurations are compared by
 * @param rule {@link #RANK} or {@link #WILCOXON}
 * @param alpha rule wilcoxon: a configuration stops when its seed-paired values are worse than the
 *     rung leader's at two-sided p below alpha
 */
public record Halving(int minEpochs, int eta, Criterion criterion, String rule, double alpha) {
  /** Keep the best ⌊n/η⌋ of the n configurations that reached the rung (ASHA). */
  public static final String RANK = "rank";

  /** Stop what is significantly worse than the rung leader (paired by seed). */
  public static final String WILCOXON = "wilcoxon";

  /** Decision of a configuration that goes on to the next rung. */
  public static final String PROMOTED = "promoted";

  /** Decision of a configuration that stops at this rung. */
  public static final String STOPPED = "stopped";

  /**
   * The halving block of {@code c} (keys under {@code sweep.halving}), checked against the sweep's
   * axes.
   */
  public static Halving from(Config c, Set<String> axes, List<String> models) {
    int minEpochs = SweepKeys.HALVING_MIN_EPOCHS.get(c);
    int eta = SweepKeys.HALVING_ETA.get(c);
    String rule = SweepKeys.HALVING_RULE.get(c);
    double alpha = SweepKeys.HALVING_ALPHA.get(c);
    String name = SweepKeys.HALVING_CRITERION.get(c);
    boolean maximise =
        switch (SweepKeys.HALVING_MODE.get(c)) {
          case "max" -> true;
          case "min" -> false;
          default -> Criterion.usesLabels(name); // auto
        };
    Criterion criterion = new Criterion(name, maximise);
    String labels = SweepKeys.HALVING_LABELS.get(c);
    if (criterion.usesLabels() && !labels.equals("allowed")) {
      throw bad(
          c,
          SweepKeys.HALVING_CRITERION.name(),
          "a label-free criterion: '"
              + name
              + "' uses the ground-truth labels, which clustering does not have (label leakage);"
              + " set sweep.halving.labels = allowed to select with labels anyway");
    }
    for (String model : models) {
      String axis = criterion.definingAxis(model, axes);
      if (axis != null) {
        throw bad(
            c,
            SweepKeys.HALVING_CRITERION.name(),
            "an explicit criterion: the axis '"
                + axis
                + "' changes the definition of "
                + model
                + "'s clustering loss (the default criterion), so its values cannot be compared"
                + " across that axis; name another criterion (e.g. a term or a logged metric)");
      }
    }
    return new Halving(minEpochs, eta, criterion, rule, alpha);
  }

  private static UcoException bad(Config c, String key, String expected) {
    return new UcoException(
        c.getValue(key).origin().description() + ": key '" + key + "' must be " + expected);
  }

  /**
   * The rungs of a trial of {@code epochs} epochs: {@code min_epochs·ηⁱ} below {@code epochs}, then
   * {@code epochs} itself (the last rung, which decides nothing).
   */
  public List<Integer> rungs(int epochs) {
    List<Integer> rungs = new ArrayList<>();
    for (long e = minEpochs; e < epochs; e *= eta) {
      rungs.add((int) e);
    }
    rungs.add(epochs);
    return rungs;
  }

  /** Whether the sweep's choice used the labels ("selected with labels" in every table). */
  public boolean selectedWithLabels() {
    return criterion.usesLabels();
  }
}
