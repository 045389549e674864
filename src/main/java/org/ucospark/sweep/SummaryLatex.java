package org.ucospark.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;

/**
 * {@code summary.tex}: the summary tables as LaTeX for a paper, one {@code table} per metric (ACC,
 * NMI, ARI), a row per (model, hyperparameters) group and a column per data set, cells {@code mean
 * ± std} over the finished runs (3 decimals; {@code ± std} left out for a single run), the best
 * mean of each data set in bold; rules of the booktabs package. Fed by the same {@link SummaryRow}s
 * as summary.md.
 */
public final class SummaryLatex {
  /** File name in the sweep directory. */
  public static final String FILE = "summary.tex";

  private SummaryLatex() {}

  /**
   * @param rows the summary rows
   * @param source which metric columns the rows hold (named in the captions)
   */
  public static String tables(List<SummaryRow> rows, String source) {
    StringBuilder sb =
        new StringBuilder("% uco-spark sweep summary; needs \\usepackage{booktabs}\n");
    for (Metric metric : MetricRegistry.tabulated()) {
      sb.append(table(rows, metric, source));
    }
    return sb.toString();
  }

  static String table(List<SummaryRow> rows, Metric metric, String source) {
    List<String> datasets = new ArrayList<>();
    TreeSet<List<String>> groups =
        new TreeSet<>(
            (a, b) -> {
              int c = Order.MODELS.compare(a.get(0), b.get(0));
              return c != 0 ? c : a.get(1).compareTo(b.get(1));
            });
    Map<List<String>, SummaryRow> byCell = new LinkedHashMap<>();
    for (SummaryRow r : rows) {
      if (!datasets.contains(r.dataset())) {
        datasets.add(r.dataset());
      }
      groups.add(List.of(r.model(), r.params()));
      byCell.put(List.of(r.model(), r.params(), r.dataset()), r);
    }
    datasets.sort(Order.DATASETS);
    Map<String, Double> bestMean = new LinkedHashMap<>();
    for (SummaryRow r : rows) {
      double m = mean(r, metric);
      if (Double.isFinite(m) && m > bestMean.getOrDefault(r.dataset(), Double.NEGATIVE_INFINITY)) {
        bestMean.put(r.dataset(), m);
      }
    }
    String name = metric.label();
    StringBuilder sb =
        new StringBuilder("\n\\begin{table}[t]\n\\centering\n\\caption{")
            .append(name)
            .append(" (mean $\\pm$ sample std over seeds; ")
            .append(escape(source))
            .append("; best mean per data set in bold)}\n\\label{tab:")
            .append(metric.name())
            .append("}\n\\begin{tabular}{l")
            .append("c".repeat(datasets.size()))
            .append("}\n\\toprule\nModel");
    for (String d : datasets) {
      sb.append(" & ").append(escape(d));
    }
    sb.append(" \\\\\n\\midrule\n");
    for (List<String> g : groups) {
      sb.append(escape(SummaryTables.label(g.get(0), g.get(1))));
      for (String d : datasets) {
        SummaryRow r = byCell.get(List.of(g.get(0), g.get(1), d));
        double m = r == null ? Double.NaN : mean(r, metric);
        sb.append(" & ");
        if (!Double.isFinite(m)) {
          sb.append("--");
          continue;
        }
        String cell = String.format(Locale.ROOT, "%.3f", m);
        if (m == bestMean.get(d)) {
          cell = "\\textbf{" + cell + "}";
        }
        double s = std(r, metric);
        sb.append('$')
            .append(cell)
            .append(Double.isFinite(s) ? String.format(Locale.ROOT, " \\pm %.3f", s) : "")
            .append('$');
      }
      sb.append(" \\\\\n");
    }
    return sb.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n").toString();
  }

  private static double mean(SummaryRow r, Metric metric) {
    return r.spread(metric).mean();
  }

  private static double std(SummaryRow r, Metric metric) {
    return r.spread(metric).std();
  }

  /** Text with LaTeX's special characters escaped. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> sb.append("\\textbackslash{}");
        case '_', '%', '&', '#', '$', '{', '}' -> sb.append('\\').append(c);
        case '~' -> sb.append("\\textasciitilde{}");
        case '^' -> sb.append("\\textasciicircum{}");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
