package org.ucospark.model;

import java.util.List;
import java.util.stream.Stream;

/**
 * The built-in models as parameter sources ({@code @MethodSource}) of the tests that cover every
 * one of them; test-only families registered on the test class path are left out.
 */
public final class BuiltInModels {
  private BuiltInModels() {}

  public static Stream<ModelVariant> all() {
    return Stream.of(new DdcFamily(), new DecFamily(), new OhcFamily())
        .flatMap(f -> f.variants().stream());
  }

  public static List<ModelVariant> ddc() {
    return new DdcFamily().variants();
  }

  public static List<ModelVariant> dec() {
    return new DecFamily().variants();
  }

  /** The models with a companion objective and pairwise OFM's test set. */
  public static List<ModelVariant> pairwise() {
    return List.of(
        ModelVariant.DDC_UCO, ModelVariant.DDC_AE, ModelVariant.IDEC, ModelVariant.DEC_UCO);
  }
}
