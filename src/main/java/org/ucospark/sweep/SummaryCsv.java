package org.ucospark.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;

/**
 * {@code summary.csv} and {@code paired.csv}: the columns of the summary rows and of the paired
 * comparisons, those of the metrics from {@link MetricRegistry} (docs/FILES.md).
 */
public final class SummaryCsv {
  private SummaryCsv() {}

  /**
   * {@code summary.csv}: one line per summary row, columns as the summary data frame (the first,
   * {@code metrics}, names the view), then {@code diverged} and {@code selection_only} of {@link
   * SummaryRow}, {@code diverged_runs} ({@code include} or {@code exclude}) and, for a
   * successive-halving sweep, a last column {@code selection} saying how its configurations were
   * chosen ({@link HalvingSummary#selection}: {@code "halving by acc (max); selected with
   * labels"}); NaN written as an empty field.
   *
   * @param rows summary rows
   * @param source the view the rows show
   * @param diverged whether diverged runs count
   * @param selection the selection column's value, null for a full sweep (no such column)
   * @return CSV text with header
   */
  public static String summaryCsv(
      List<SummaryRow> rows, MetricSource source, DivergedRuns diverged, String selection) {
    StringBuilder sb = new StringBuilder();
    List<Object> header =
        new ArrayList<>(List.of("metrics", "dataset", "model", "params", "runs", "failed"));
    for (String m : SummaryRow.spreadNames()) {
      header.addAll(List.of(m + "_mean", m + "_std"));
    }
    header.add("best_seed");
    for (Metric m : MetricRegistry.headline()) {
      header.add("best_" + m.name());
    }
    header.addAll(List.of("best_loss", "diverged", "selection_only", "diverged_runs"));
    selectionColumn(header, selection, "selection");
    Csv.line(sb, header.toArray());
    for (SummaryRow r : rows) {
      List<Object> line =
          new ArrayList<>(
              Arrays.asList(
                  source.description(), r.dataset(), r.model(), r.params(), r.runs(), r.failed()));
      for (String m : SummaryRow.spreadNames()) {
        line.addAll(List.of(r.spread(m).mean(), r.spread(m).std()));
      }
      line.add(r.bestSeed());
      for (Metric m : MetricRegistry.headline()) {
        line.add(r.best().get(m));
      }
      line.addAll(List.of(r.bestLoss(), r.diverged(), r.selectionOnly(), diverged.id()));
      selectionColumn(line, selection, selection);
      Csv.line(sb, line.toArray());
    }
    return sb.toString();
  }

  /**
   * {@code paired.csv}: one line per comparison (the first column, {@code metrics}, names the
   * view), with the last column {@code selection} of a halving sweep as in {@link #summaryCsv}.
   *
   * @param paired comparisons
   * @param source the view compared
   * @param selection the selection column's value, null for a full sweep (no such column)
   * @return CSV text with header
   */
  public static String pairedCsv(
      List<PairedComparison.Result> paired, MetricSource source, String selection) {
    StringBuilder sb = new StringBuilder();
    List<Object> header =
        new ArrayList<>(
            List.of("metrics", "dataset", "model_a", "params_a", "model_b", "params_b", "n"));
    for (Metric m : MetricRegistry.headline()) {
      for (String f : List.of("_mean_diff", "_wins", "_ties", "_losses", "_p")) {
        header.add(m.name() + f);
      }
    }
    selectionColumn(header, selection, "selection");
    Csv.line(sb, header.toArray());
    for (PairedComparison.Result p : paired) {
      List<Object> line =
          new ArrayList<>(
              Arrays.asList(
                  source.description(),
                  p.dataset(),
                  p.modelA(),
                  p.paramsA(),
                  p.modelB(),
                  p.paramsB(),
                  p.n()));
      for (PairedComparison.Stat st : p.stats().values()) {
        line.addAll(List.of(st.meanDiff(), st.wins(), st.ties(), st.losses(), st.p()));
      }
      selectionColumn(line, selection, selection);
      Csv.line(sb, line.toArray());
    }
    return sb.toString();
  }

  /** Adds {@code value} as the selection column's field when there is one (a halving sweep). */
  private static void selectionColumn(List<Object> fields, String selection, String value) {
    if (selection != null) {
      fields.add(value);
    }
  }
}
