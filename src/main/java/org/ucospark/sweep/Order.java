package org.ucospark.sweep;

import java.util.Comparator;
import java.util.List;
import org.ucospark.model.ModelFamilies;
import org.ucospark.model.ModelVariant;

/**
 * Display order of data sets and models: the contracts' data sets first, the models in the order of
 * the model-family registry ({@link ModelFamilies#variants}), unknown names after them
 * alphabetically.
 */
public final class Order {

  private static final List<String> DATASET_NAMES = List.of("mnist", "fmnist", "usps", "coil100");
  private static final List<String> MODEL_NAMES =
      ModelFamilies.variants().stream().map(ModelVariant::id).toList();

  /** Data sets: mnist, fmnist, usps, coil100, then others alphabetically. */
  public static final Comparator<String> DATASETS = by(DATASET_NAMES);

  /** Models: the registry's order, then others alphabetically. */
  public static final Comparator<String> MODELS = by(MODEL_NAMES);

  private Order() {}

  private static Comparator<String> by(List<String> known) {
    return Comparator.<String>comparingInt(
            s -> {
              int i = known.indexOf(s);
              return i < 0 ? known.size() : i;
            })
        .thenComparing(Comparator.naturalOrder());
  }
}
