package org.ucospark.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every {@link Metric} the program knows, in a fixed order: the built-in ones of docs/PROTOCOL.md
 * section 5 (ACC, NMI, ARI, the unadjusted Rand index), then those registered with {@link
 * ServiceLoader} under {@code META-INF/services/org.ucospark.eval.Metric} (another jar, or {@code
 * src/test}) in the order the class path lists them. The order is the order of the fields of
 * metrics.jsonl and of the columns of every table, so the files written before the registry existed
 * keep their layout.
 *
 * <p>Names are checked once, when the class loads: a name that is not a lower-case identifier, is
 * taken twice or collides with a fixed field ({@code ofm}, {@code loss}, …) stops the program with
 * an {@link IllegalStateException} naming the metric class.
 */
public final class MetricRegistry {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  /** Field names every evaluation or table row has beside the metrics. */
  private static final Set<String> RESERVED =
      Set.of("ofm", "loss", "terms", "kl_star", "epoch", "seed", "runs", "failed", "diverged");

  private static final List<Metric> ALL = load();

  private MetricRegistry() {}

  private static List<Metric> load() {
    List<Metric> metrics =
        new ArrayList<>(
            List.of(
                new Accuracy(),
                new NormalizedMutualInformation(),
                new AdjustedRandIndex(),
                new RandIndex()));
    for (Metric m : ServiceLoader.load(Metric.class, MetricRegistry.class.getClassLoader())) {
      metrics.add(m);
    }
    Map<String, Metric> byName = new LinkedHashMap<>();
    for (Metric m : metrics) {
      String where = "metric " + m.getClass().getName() + ": ";
      if (m.name() == null || !NAME.matcher(m.name()).matches()) {
        throw new IllegalStateException(where + "name '" + m.name() + "' is not [a-z][a-z0-9_]*");
      }
      if (RESERVED.contains(m.name()) || byName.containsKey(m.name())) {
        throw new IllegalStateException(where + "name '" + m.name() + "' is already taken");
      }
      byName.put(m.name(), m);
    }
    return List.copyOf(metrics);
  }

  /**
   * @return every metric, in registry order
   */
  public static List<Metric> all() {
    return ALL;
  }

  /**
   * @param tier the least tier
   * @return the metrics carried at least as far as {@code tier}, in registry order
   */
  public static List<Metric> atLeast(Metric.Tier tier) {
    return ALL.stream().filter(m -> m.tier().atLeast(tier)).toList();
  }

  /**
   * @return the metrics of the trials table and the summaries' means ({@link Metric.Tier#TABULATED}
   *     and above)
   */
  public static List<Metric> tabulated() {
    return atLeast(Metric.Tier.TABULATED);
  }

  /**
   * @return the metrics with tables of their own, best-run values and paired tests ({@link
   *     Metric.Tier#HEADLINE})
   */
  public static List<Metric> headline() {
    return atLeast(Metric.Tier.HEADLINE);
  }

  /**
   * Every metric of one evaluation. Metrics that need labels are left out (read as NaN) when {@code
   * labels} is null.
   *
   * @param labels true class of each example, null for a data set without labels
   * @param predictions predicted cluster of each example
   * @return the scores in registry order
   */
  public static Scores score(int[] labels, int[] predictions) {
    MetricInput in = MetricInput.of(labels, predictions);
    Map<String, Double> values = new LinkedHashMap<>();
    for (Metric m : ALL) {
      if (in.labeled() || !m.needsLabels()) {
        values.put(m.name(), m.compute(in));
      }
    }
    return new Scores(values);
  }
}
