package org.ucospark.sweep;

import java.util.Comparator;
import java.util.List;

/**
 * Display order of data sets and models: the order of the contracts (CONTRACTS.md) first, unknown
 * names after them alphabetically.
 */
public final class Order {

  private static final List<String> DATASET_NAMES = List.of("mnist", "fmnist", "usps", "coil100");
  private static final List<String> MODEL_NAMES =
      List.of(
          "ddc", "ddc_uco", "ddc_ae", "dec", "idec", "dec_uco", "cdec", "icdec", "cdec_uco", "ohc");

  /** Data sets: mnist, fmnist, usps, coil100, then others alphabetically. */
  public static final Comparator<String> DATASETS = by(DATASET_NAMES);

  /** Models: the contract list, then others alphabetically. */
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
