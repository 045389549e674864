package org.ucospark.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pairwise OFM of a sweep ({@code ofm.mode = pairwise}, docs/ALGORITHMS.md §5.4): per (data set,
 * model, params), the mean over its finished runs of each pair's cosine (each run's value being
 * already the mean over the OFM batches of its evaluation), as a symmetric term × term matrix. A
 * pair missing from a run (another term set) is averaged over the runs that have it.
 */
public final class PairwiseOfm {
  /** Written by {@link SweepSummary#write} when any trial has pairwise OFM. */
  public static final String CSV = "ofm_pairwise.csv";

  private PairwiseOfm() {}

  /**
   * One model's matrix.
   *
   * @param dataset data set
   * @param label model label ({@link SummaryTables#label})
   * @param terms terms in the runs' order
   * @param mean mean cosine, [i][j] for terms i, j (symmetric, 1 on the diagonal; NaN where no run
   *     has it)
   * @param runs finished runs with pairwise OFM
   */
  public record Matrix(
      String dataset, String label, List<String> terms, double[][] mean, int runs) {}

  /**
   * @param latest latest attempt of every trial
   * @param source final or lowest-loss checkpoint evaluation
   * @return one matrix per (data set, model, params) that has pairwise OFM, in table order
   */
  public static List<Matrix> aggregate(List<TrialRecord> latest, MetricSource source) {
    Map<List<String>, List<Map<String, Map<String, Double>>>> groups = new LinkedHashMap<>();
    List<TrialRecord> sorted = new ArrayList<>(latest);
    sorted.sort(
        Comparator.comparing(TrialRecord::dataset, Order.DATASETS)
            .thenComparing(TrialRecord::model, Order.MODELS)
            .thenComparing(TrialRecord::params)
            .thenComparingInt(TrialRecord::seed));
    for (TrialRecord r : sorted) {
      Map<String, Map<String, Double>> m = r.finished() ? source.ofmPairwise(r) : Map.of();
      if (!m.isEmpty()) {
        groups
            .computeIfAbsent(
                List.of(r.dataset(), SummaryTables.label(r.model(), r.params())),
                k -> new ArrayList<>())
            .add(m);
      }
    }
    List<Matrix> out = new ArrayList<>();
    groups.forEach(
        (key, runs) -> {
          List<String> terms = new ArrayList<>();
          for (Map<String, Map<String, Double>> m : runs) {
            m.keySet().stream().filter(t -> !terms.contains(t)).forEach(terms::add);
          }
          double[][] mean = new double[terms.size()][terms.size()];
          for (int i = 0; i < terms.size(); i++) {
            for (int j = 0; j < terms.size(); j++) {
              double sum = 0;
              int n = 0;
              for (Map<String, Map<String, Double>> m : runs) {
                Double v = m.getOrDefault(terms.get(i), Map.of()).get(terms.get(j));
                if (v != null && Double.isFinite(v)) {
                  sum += v;
                  n++;
                }
              }
              mean[i][j] = n > 0 ? sum / n : Double.NaN;
            }
          }
          out.add(new Matrix(key.get(0), key.get(1), List.copyOf(terms), mean, runs.size()));
        });
    return out;
  }

  /**
   * @param matrices {@link #aggregate}
   * @return CSV {@code dataset,model,term_a,term_b,cos_mean,runs}, one row per pair (a before b)
   */
  public static String csv(List<Matrix> matrices) {
    StringBuilder sb = new StringBuilder("dataset,model,term_a,term_b,cos_mean,runs\n");
    for (Matrix m : matrices) {
      for (int i = 0; i < m.terms().size(); i++) {
        for (int j = i + 1; j < m.terms().size(); j++) {
          sb.append(
              String.format(
                  Locale.ROOT,
                  "%s,%s,%s,%s,%.6f,%d%n",
                  m.dataset(),
                  m.label(),
                  m.terms().get(i),
                  m.terms().get(j),
                  m.mean()[i][j],
                  m.runs()));
        }
      }
    }
    return sb.toString();
  }
}
