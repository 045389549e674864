package org.ucospark.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.ucospark.UcoException;

/**
 * The registry of {@link ModelFamily}s: every one {@link ServiceLoader} finds in {@code
 * META-INF/services/org.ucospark.model.ModelFamily} on the class path (the built-in ones in this
 * jar; a test or a plug-in jar adds its own), in {@link ModelFamily#order}.
 */
public final class ModelFamilies {
  private static final List<ModelFamily> ALL = load();

  private ModelFamilies() {}

  private static List<ModelFamily> load() {
    List<ModelFamily> all = new ArrayList<>();
    for (ModelFamily f :
        ServiceLoader.load(ModelFamily.class, ModelFamilies.class.getClassLoader())) {
      if (all.stream().noneMatch(g -> g.name().equals(f.name()))) {
        all.add(f);
      }
    }
    all.sort(Comparator.comparingInt(ModelFamily::order).thenComparing(ModelFamily::name));
    return List.copyOf(all);
  }

  /** Every registered family. */
  public static List<ModelFamily> all() {
    return ALL;
  }

  /** The family of {@code variant}. */
  public static ModelFamily of(ModelVariant variant) {
    for (ModelFamily f : ALL) {
      if (f.name().equals(variant.family())) {
        return f;
      }
    }
    throw new UcoException(
        "model " + variant.id() + ": no model family '" + variant.family() + "' is registered");
  }

  /**
   * Every model of every family, in display order: each family's own, then those the registered
   * {@link LossTerm}s add to it.
   */
  public static List<ModelVariant> variants() {
    List<ModelVariant> all = new ArrayList<>();
    for (ModelFamily f : ALL) {
      all.addAll(f.variants());
      for (LossTerm t : LossTerms.all()) {
        t.variants().stream().filter(v -> v.family().equals(f.name())).forEach(all::add);
      }
    }
    return all;
  }

  /** The names of {@link #variants}, joined by ", " (help texts, messages). */
  public static String names() {
    return variants().stream().map(ModelVariant::id).collect(Collectors.joining(", "));
  }

  /** The model called {@code name} (any case). */
  public static ModelVariant parse(String name) {
    for (ModelVariant v : variants()) {
      if (v.id().equals(name.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw new UcoException("unknown model '" + name + "' (known: " + names() + ")");
  }
}
