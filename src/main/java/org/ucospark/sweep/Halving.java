package org.ucospark.sweep;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ucospark.Settings;
import org.ucospark.UcoException;

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
    String k = "sweep.halving.";
    int minEpochs = Settings.atLeast(c, k + "min_epochs", 1);
    int eta = Settings.atLeast(c, k + "eta", 2);
    String rule = c.getString(k + "rule");
    if (!rule.equals(RANK) && !rule.equals(WILCOXON)) {
      throw bad(c, k + "rule", "rank or wilcoxon, got " + rule);
    }
    double alpha = c.getDouble(k + "alpha");
    if (!(alpha > 0 && alpha < 1)) {
      throw bad(c, k + "alpha", "a level between 0 and 1 (exclusive), got " + alpha);
    }
    String name = c.getString(k + "criterion");
    String mode = c.getString(k + "mode");
    boolean maximise =
        switch (mode) {
          case "max" -> true;
          case "min" -> false;
          case "auto" -> Criterion.LABELLED.contains(name);
          default -> throw bad(c, k + "mode", "min, max or auto, got " + mode);
        };
    Criterion criterion = new Criterion(name, maximise);
    String labels = c.getString(k + "labels");
    if (!labels.equals("allowed") && !labels.equals("forbidden")) {
      throw bad(c, k + "labels", "allowed or forbidden, got " + labels);
    }
    if (criterion.usesLabels() && !labels.equals("allowed")) {
      throw bad(
          c,
          k + "criterion",
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
            k + "criterion",
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
