package org.ucospark.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.ucospark.UcoException;

/**
 * The registry of {@link LossTerm} kinds: every {@code LossTerm} that {@link ServiceLoader} finds
 * in {@code META-INF/services/org.ucospark.model.LossTerm} on the class path (the built-in ones in
 * this jar; a test or a plug-in jar adds its own).
 */
public final class LossTerms {
  private static final Map<String, LossTerm> ALL = load();

  private LossTerms() {}

  private static Map<String, LossTerm> load() {
    Map<String, LossTerm> all = new LinkedHashMap<>();
    for (LossTerm t : ServiceLoader.load(LossTerm.class, LossTerms.class.getClassLoader())) {
      LossTerm before = all.putIfAbsent(t.name(), t);
      if (before != null && before.getClass() != t.getClass()) {
        throw new IllegalStateException(
            "two loss terms named " + t.name() + ": " + before.getClass() + ", " + t.getClass());
      }
    }
    return java.util.Collections.unmodifiableMap(all);
  }

  /** Every registered kind, in class-path order. */
  public static java.util.Collection<LossTerm> all() {
    return ALL.values();
  }

  /** The kind called {@code name}. */
  public static LossTerm named(String name) {
    LossTerm t = ALL.get(name);
    if (t == null) {
      throw new UcoException(
          "unknown loss term '" + name + "' (known: " + String.join(", ", ALL.keySet()) + ")");
    }
    return t;
  }
}
