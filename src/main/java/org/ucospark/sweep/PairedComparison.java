package org.ucospark.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathRuntimeException;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;

/**
 * Paired comparison of two models on one data set. Run r of every model starts from the same
 * initial weights (docs/ALGORITHMS.md §4.1: the seed fixes the initialisation), so runs are matched
 * by seed and the per-seed differences {@code d_s = x_A(s) − x_B(s)} are tested.
 *
 * <ul>
 *   <li>mean difference {@code d̄ = (1/n) Σ_s d_s} over the n matched seeds;
 *   <li>wins / ties / losses of A: {@code d_s > 0}, {@code |d_s| < 1e-12}, {@code d_s < 0};
 *   <li>two-sided Wilcoxon signed-rank p-value over the non-tied differences (zeros are dropped, as
 *       in Wilcoxon's original procedure): with ranks {@code R_s} of {@code |d_s|}, {@code W+ =
 *       Σ_{d_s>0} R_s}, {@code W = max(W+, W−)}; exact {@code p = 2·#{S : Σ_{s∈S} s ≥ W}/2^m} over
 *       subsets S of {1..m} for m ≤ 30 non-zero differences, normal approximation beyond (both from
 *       commons-math {@link WilcoxonSignedRankTest}), capped at 1. NaN when n &lt; 2 or every
 *       difference is zero.
 * </ul>
 *
 * <p>Which groups are compared: on each data set, every pair of (model, params) groups of different
 * models whose params are equal or one of which is the default {@code "{}"} (a baseline without the
 * swept hyperparameter is compared with every grid point of the other model).
 */
public final class PairedComparison {

  /** Differences below this magnitude are ties. */
  public static final double TIE = 1e-12;

  /** Largest number of non-zero differences for which the exact p-value is computed. */
  public static final int EXACT_MAX = 30;

  private PairedComparison() {}

  /**
   * Statistics of one metric over matched pairs.
   *
   * @param n matched pairs
   * @param meanDiff mean of {@code a − b}, NaN when n = 0
   * @param wins pairs with {@code a − b ≥ 1e-12}
   * @param ties pairs with {@code |a − b| < 1e-12}
   * @param losses pairs with {@code a − b ≤ −1e-12}
   * @param p two-sided Wilcoxon signed-rank p-value, NaN when undefined
   */
  public record Stat(int n, double meanDiff, int wins, int ties, int losses, double p) {}

  /**
   * One comparison row (A versus B on a data set; differences are A − B).
   *
   * @param dataset data set
   * @param modelA first model
   * @param paramsA its params group
   * @param modelB second model
   * @param paramsB its params group
   * @param stats the statistics of every headline metric of {@link MetricRegistry}, keyed by name
   *     in registry order
   */
  public record Result(
      String dataset,
      String modelA,
      String paramsA,
      String modelB,
      String paramsB,
      Map<String, Stat> stats) {

    /**
     * @param metric a headline metric
     * @return its statistics
     */
    public Stat stat(Metric metric) {
      return stat(metric.name());
    }

    /**
     * @param metric a headline metric's name
     * @return its statistics
     * @throws IllegalArgumentException for a metric that is not compared
     */
    public Stat stat(String metric) {
      Stat s = stats.get(metric);
      if (s == null) {
        throw new IllegalArgumentException("no paired test of " + metric);
      }
      return s;
    }

    /**
     * @return the number of matched pairs
     */
    public int n() {
      return stats.values().iterator().next().n();
    }
  }

  /**
   * Compares paired samples {@code a[i]} versus {@code b[i]}. Pairs where either value is not
   * finite are skipped.
   *
   * @param a values of model A
   * @param b values of model B, same length
   * @return the statistics
   */
  public static Stat compare(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
    }
    List<double[]> nonZero = new ArrayList<>();
    int n = 0;
    int wins = 0;
    int ties = 0;
    int losses = 0;
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
        continue;
      }
      double d = a[i] - b[i];
      n++;
      sum += d;
      if (Math.abs(d) < TIE) {
        ties++;
      } else {
        if (d > 0) {
          wins++;
        } else {
          losses++;
        }
        nonZero.add(new double[] {a[i], b[i]});
      }
    }
    double mean = n == 0 ? Double.NaN : sum / n;
    return new Stat(n, mean, wins, ties, losses, n < 2 ? Double.NaN : wilcoxon(nonZero));
  }

  private static double wilcoxon(List<double[]> pairs) {
    int m = pairs.size();
    if (m == 0) {
      return Double.NaN;
    }
    double[] x = new double[m];
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      x[i] = pairs.get(i)[0];
      y[i] = pairs.get(i)[1];
    }
    try {
      double p = new WilcoxonSignedRankTest().wilcoxonSignedRankTest(x, y, m <= EXACT_MAX);
      return Double.isNaN(p) ? p : Math.min(1.0, p);
    } catch (MathIllegalArgumentException | MathRuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * All comparisons of a sweep, diverged runs included (the default of {@code sweep.diverged}).
   *
   * @param latest latest attempt of every trial
   * @param source which metric columns to compare
   * @return results ordered by data set, then model A, model B (in {@link Order} order), params
   */
  public static List<Result> compute(List<TrialRecord> latest, MetricSource source) {
    return compute(latest, source, DivergedRuns.INCLUDE);
  }

  /**
   * All comparisons of a sweep (see the class comment for which groups are paired). The counted
   * runs take part ({@link TrialRecord#counted}); a run is identified by its seed within its group.
   *
   * @param latest latest attempt of every trial
   * @param source which metric columns to compare
   * @param diverged whether diverged runs take part
   * @return results ordered by data set, then model A, model B (in {@link Order} order), params
   */
  public static List<Result> compute(
      List<TrialRecord> latest, MetricSource source, DivergedRuns diverged) {
    // dataset -> group key (model, params) -> seed -> record
    Map<String, Map<List<String>, Map<Integer, TrialRecord>>> byDataset =
        new TreeMap<>(Order.DATASETS);
    for (TrialRecord r : latest) {
      if (!r.counted(diverged)) {
        continue;
      }
      byDataset
          .computeIfAbsent(r.dataset(), k -> new LinkedHashMap<>())
          .computeIfAbsent(List.of(r.model(), r.params()), k -> new TreeMap<>())
          .put(r.seed(), r);
    }
    Comparator<List<String>> groupOrder =
        Comparator.<List<String>, String>comparing(g -> g.get(0), Order.MODELS)
            .thenComparing(g -> g.get(1));
    List<Result> out = new ArrayList<>();
    for (var ds : byDataset.entrySet()) {
      List<List<String>> groups = new ArrayList<>(ds.getValue().keySet());
      groups.sort(groupOrder);
      for (int i = 0; i < groups.size(); i++) {
        for (int j = i + 1; j < groups.size(); j++) {
          List<String> ga = groups.get(i);
          List<String> gb = groups.get(j);
          if (ga.get(0).equals(gb.get(0)) || !comparable(ga.get(1), gb.get(1))) {
            continue;
          }
          Map<Integer, TrialRecord> ra = ds.getValue().get(ga);
          Map<Integer, TrialRecord> rb = ds.getValue().get(gb);
          List<Integer> seeds = new ArrayList<>(ra.keySet());
          seeds.retainAll(rb.keySet());
          if (seeds.isEmpty()) {
            continue;
          }
          Map<String, Stat> stats = new LinkedHashMap<>();
          for (Metric m : MetricRegistry.headline()) {
            double[] a = new double[seeds.size()];
            double[] b = new double[seeds.size()];
            for (int k = 0; k < seeds.size(); k++) {
              a[k] = source.of(ra.get(seeds.get(k))).get(m);
              b[k] = source.of(rb.get(seeds.get(k))).get(m);
            }
            stats.put(m.name(), compare(a, b));
          }
          out.add(new Result(ds.getKey(), ga.get(0), ga.get(1), gb.get(0), gb.get(1), stats));
        }
      }
    }
    return out;
  }

  private static boolean comparable(String pa, String pb) {
    return pa.equals(pb) || "{}".equals(pa) || "{}".equals(pb);
  }
}
