package org.ucospark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.ucospark.sweep.HistoryPoint;
import org.ucospark.sweep.Stats;

/**
 * A metric versus epoch, aggregated over runs: at each evaluated epoch e, {@code mean(e) = (1/n_e)
 * Σ_r x_r(e)} and {@code std(e) = sqrt(Σ_r (x_r(e) − mean(e))² / (n_e − 1))} over the n_e runs with
 * a finite value at e (std is 0 where n_e = 1, so the band collapses onto the line). Epochs where
 * no run has a finite value are left out.
 *
 * @param label series label
 * @param epochs evaluated epochs, ascending
 * @param mean mean per epoch
 * @param std sample std per epoch
 * @param runs number of runs that contributed
 */
public record EpochCurve(String label, double[] epochs, double[] mean, double[] std, int runs) {

  /**
   * Aggregates the histories of several runs.
   *
   * @param label series label
   * @param histories one history per run
   * @param metric the value to read from each point (e.g. {@code HistoryPoint::acc})
   * @return the curve (possibly with no epochs)
   */
  public static EpochCurve of(
      String label, List<List<HistoryPoint>> histories, ToDoubleFunction<HistoryPoint> metric) {
    Map<Integer, List<Double>> byEpoch = new TreeMap<>();
    for (List<HistoryPoint> h : histories) {
      for (HistoryPoint p : h) {
        double v = metric.applyAsDouble(p);
        if (Double.isFinite(v)) {
          byEpoch.computeIfAbsent(p.epoch(), k -> new ArrayList<>()).add(v);
        }
      }
    }
    int n = byEpoch.size();
    double[] e = new double[n];
    double[] m = new double[n];
    double[] s = new double[n];
    int i = 0;
    for (var en : byEpoch.entrySet()) {
      double[] xs = en.getValue().stream().mapToDouble(Double::doubleValue).toArray();
      e[i] = en.getKey();
      m[i] = Stats.mean(xs);
      s[i] = xs.length < 2 ? 0.0 : Stats.sampleStd(xs);
      i++;
    }
    return new EpochCurve(label, e, m, s, histories.size());
  }

  /**
   * @return true when the curve has at least one epoch
   */
  public boolean isEmpty() {
    return epochs.length == 0;
  }
}
