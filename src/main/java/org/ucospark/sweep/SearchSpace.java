package org.ucospark.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.ucospark.UcoException;
import org.ucospark.config.SweepKeys;

/**
 * The hyperparameter axes of a sweep and how points are drawn from them (docs/SWEEPS.md, "Search
 * spaces"). An axis is a list of values or a distribution: {@code { loguniform = [a, b] }}, {@code
 * { uniform = [a, b] }}, {@code { int = [a, b] }} (both ends included) or {@code { choice = [...]
 * }}. {@code grid} takes every combination of list axes; {@code random} draws {@code samples}
 * points independently (Mersenne Twister seeded with {@code sampling_seed}); {@code sobol} takes
 * {@code samples} consecutive points of the Sobol low-discrepancy sequence (commons-math {@link
 * SobolSequenceGenerator}, one dimension per axis in key order), starting at index {@code 1 +
 * sampling_seed} (index 0 is the all-zero corner). A list axis under random or sobol is a choice.
 * Drawn reals are rounded to 6 significant digits, so the params and the trial id (which covers the
 * drawn value) read cleanly.
 */
public final class SearchSpace {
  /** The kinds of distribution an axis may be. */
  static final List<String> KINDS = List.of("loguniform", "uniform", "int", "choice");

  /** One axis: a kind ({@code list} for a plain list of values) and its arguments. */
  record Axis(String key, String kind, List<ConfigValue> args) {
    /** The axis value at {@code u} in [0, 1). */
    ConfigValue at(double u) {
      return switch (kind) {
        case "uniform" -> real(lo() + u * (hi() - lo()));
        case "loguniform" -> real(Math.exp(Math.log(lo()) + u * (Math.log(hi()) - Math.log(lo()))));
        case "int" ->
            ConfigValueFactory.fromAnyRef(
                (int) Math.min(hi(), Math.floor(lo() + u * (hi() - lo() + 1))));
        default -> args.get(Math.min(args.size() - 1, (int) Math.floor(u * args.size())));
      };
    }

    double lo() {
      return ((Number) args.get(0).unwrapped()).doubleValue();
    }

    double hi() {
      return ((Number) args.get(1).unwrapped()).doubleValue();
    }

    private static ConfigValue real(double v) {
      return ConfigValueFactory.fromAnyRef(
          new BigDecimal(v).round(new MathContext(6)).doubleValue());
    }
  }

  private final List<Axis> axes;
  private final String search;
  private final int samples;
  private final long samplingSeed;

  private SearchSpace(List<Axis> axes, String search, int samples, long samplingSeed) {
    this.axes = axes;
    this.search = search;
    this.samples = samples;
    this.samplingSeed = samplingSeed;
  }

  /**
   * The axes of {@code s} ({@code sweep}) with keys made plain by {@code dotted}; fails with one
   * line on a malformed axis, a distribution under grid, or random/sobol without samples.
   */
  static SearchSpace from(Config c, java.util.function.UnaryOperator<String> dotted) {
    String search = SweepKeys.SEARCH.get(c);
    int samples = SweepKeys.SAMPLES.get(c);
    if (!search.equals("grid") && samples < 1) {
      throw bad(
          c, "sweep.samples", "at least 1 with sweep.search = " + search + ", got " + samples);
    }
    // each of samples and random has a meaning under one search only: never ignored silently
    if (search.equals("grid") && samples != 0) {
      throw bad(c, "sweep.samples", "0 with sweep.search = grid (it counts random or sobol draws)");
    }
    if (!search.equals("grid") && SweepKeys.RANDOM.get(c) != 0) {
      throw bad(c, "sweep.random", "0 with sweep.search = " + search + " (use sweep.samples)");
    }
    List<Axis> axes = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : SweepKeys.AXES.get(c).root().entrySet()) {
      axes.addAll(axes(c, "", e.getKey(), e.getValue(), dotted, search));
    }
    // HOCON objects keep no order: axes in key order, so each has the same Sobol dimension always
    axes.sort(java.util.Comparator.comparing(Axis::key));
    return new SearchSpace(axes, search, samples, SweepKeys.SAMPLING_SEED.get(c));
  }

  /**
   * The axes under one entry of {@code axes}: itself when it is a list or a distribution, else (a
   * path written as nested objects, {@code loss { rel_sigma = [...] }}) the axes inside.
   */
  private static List<Axis> axes(
      Config c,
      String prefix,
      String name,
      ConfigValue v,
      java.util.function.UnaryOperator<String> dotted,
      String search) {
    String key = dotted.apply(prefix + com.typesafe.config.ConfigUtil.quoteString(name));
    String where = "sweep.axes." + key;
    if (v.unwrapped() instanceof List<?>) {
      List<ConfigValue> values = new ArrayList<>(((com.typesafe.config.ConfigList) v));
      return List.of(new Axis(key, "list", values));
    }
    if (!(v instanceof ConfigObject o)) {
      throw new UcoException(
          v.origin().description()
              + ": axis '"
              + where
              + "' must be a list of values or a distribution { loguniform | uniform | int | choice"
              + " = [...] }");
    }
    if (o.size() == 1 && KINDS.contains(o.keySet().iterator().next())) {
      String kind = o.keySet().iterator().next();
      if (search.equals("grid")) {
        throw new UcoException(
            v.origin().description()
                + ": axis '"
                + where
                + "' is a distribution ("
                + kind
                + "), which sweep.search = grid cannot enumerate; set sweep.search = random or"
                + " sobol (with sweep.samples), or give a list of values");
      }
      return List.of(distribution(v, where, key, kind, o.get(kind)));
    }
    List<Axis> inner = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
      inner.addAll(
          axes(
              c,
              prefix + com.typesafe.config.ConfigUtil.quoteString(name) + ".",
              e.getKey(),
              e.getValue(),
              dotted,
              search));
    }
    return inner;
  }

  private static Axis distribution(
      ConfigValue v, String where, String key, String kind, ConfigValue argsValue) {
    if (!(argsValue instanceof com.typesafe.config.ConfigList args) || args.isEmpty()) {
      throw new UcoException(
          v.origin().description() + ": axis '" + where + "' " + kind + " needs a list [...]");
    }
    List<ConfigValue> list = new ArrayList<>(args);
    if (!kind.equals("choice")) {
      boolean numbers =
          list.size() == 2 && list.stream().allMatch(x -> x.unwrapped() instanceof Number);
      Axis a = new Axis(key, kind, list);
      if (!numbers
          || !(a.lo() <= a.hi())
          || (kind.equals("loguniform") && !(a.lo() > 0))
          || (kind.equals("int") && (a.lo() != Math.rint(a.lo()) || a.hi() != Math.rint(a.hi())))) {
        throw new UcoException(
            v.origin().description()
                + ": axis '"
                + where
                + "' "
                + kind
                + " must be [low, high] with low <= high"
                + (kind.equals("loguniform") ? " and low > 0" : "")
                + (kind.equals("int") ? ", both whole numbers" : "")
                + ", got "
                + argsValue.render());
      }
    }
    return new Axis(key, kind, list);
  }

  private static UcoException bad(Config c, String key, String expected) {
    return new UcoException(
        c.getValue(key).origin().description() + ": key '" + key + "' must be " + expected);
  }

  /** The axis keys, in file order. */
  public List<String> keys() {
    return axes.stream().map(Axis::key).toList();
  }

  /** Whether points are drawn (random or sobol) rather than enumerated. */
  boolean sampled() {
    return !search.equals("grid");
  }

  /** The drawn points, one map axis → value each ({@code random} or {@code sobol}). */
  List<Map<String, ConfigValue>> draw() {
    List<Map<String, ConfigValue>> points = new ArrayList<>();
    if (axes.isEmpty()) {
      points.add(new LinkedHashMap<>());
      return points;
    }
    MersenneTwister random = new MersenneTwister(samplingSeed);
    SobolSequenceGenerator sobol = new SobolSequenceGenerator(axes.size());
    if (search.equals("sobol")) {
      sobol.skipTo((int) Math.min(Integer.MAX_VALUE - samples, 1 + samplingSeed));
    }
    for (int i = 0; i < samples; i++) {
      double[] u = search.equals("sobol") ? sobol.nextVector() : null;
      Map<String, ConfigValue> point = new LinkedHashMap<>();
      for (int d = 0; d < axes.size(); d++) {
        point.put(axes.get(d).key(), axes.get(d).at(u != null ? u[d] : random.nextDouble()));
      }
      points.add(point);
    }
    return points;
  }
}
