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
 * Plain-text renderings of a sweep summary: the paper-style grids (rows = models, columns = data
 * sets, cells "mean ± std (best)" with 3 decimals), Markdown and RFC 4180 CSV. No Spark, no I/O.
 */
public final class SummaryTables {

  /** Placeholder for an undefined number or an empty cell. */
  public static final String NA = "–";

  /**
   * The ACC/NMI/ARI cell of finished runs on a data set without labels (their metrics are null).
   */
  public static final String NO_LABELS = "no labels";

  private SummaryTables() {}

  /**
   * A table of strings: a header row and labelled body rows.
   *
   * @param corner header of the label column
   * @param columns column headers
   * @param rowLabels row labels
   * @param cells {@code cells.get(r).get(c)}
   */
  public record Grid(
      String corner, List<String> columns, List<String> rowLabels, List<List<String>> cells) {}

  /**
   * Label of a (model, params) group: the model, followed by the params JSON unless {@code "{}"}.
   *
   * @param model model
   * @param params params JSON
   * @return label
   */
  public static String label(String model, String params) {
    return params == null || "{}".equals(params) ? model : model + " " + params;
  }

  /**
   * @param x number
   * @return {@code x} with 3 decimals, {@link #NA} when not finite
   */
  public static String f3(double x) {
    return Double.isFinite(x) ? String.format(Locale.ROOT, "%.3f", x) : NA;
  }

  /**
   * The paper's cell: {@code "mean ± std (best)"}, 3 decimals; {@code best} omitted when NaN.
   *
   * @param mean mean over runs
   * @param std sample std over runs
   * @param best value of the best run (NaN to omit)
   * @return the cell, {@link #NA} when the mean is undefined
   */
  public static String cell(double mean, double std, double best) {
    if (!Double.isFinite(mean)) {
      return NA;
    }
    String s = f3(mean) + " ± " + f3(std);
    return Double.isFinite(best) ? s + " (" + f3(best) + ")" : s;
  }

  /**
   * The paper-style grid of one metric: a row per (model, params) group, a column per data set.
   *
   * @param rows summary rows in display order
   * @param metric a tabulated metric's name ({@code acc}, {@code nmi}, {@code ari}, …) or {@code
   *     ofm} (only headline metrics' cells carry the best run's value, OFM cells carry none and
   *     value; only groups with an OFM appear)
   * @return the grid; missing groups are {@link #NA}
   */
  public static Grid grid(List<SummaryRow> rows, String metric) {
    List<String> datasets = new ArrayList<>();
    Map<String, Map<String, String>> byLabel = new LinkedHashMap<>();
    TreeSet<List<String>> groups =
        new TreeSet<>(
            (a, b) -> {
              int c = Order.MODELS.compare(a.get(0), b.get(0));
              return c != 0 ? c : a.get(1).compareTo(b.get(1));
            });
    for (SummaryRow r : rows) {
      if (!datasets.contains(r.dataset())) {
        datasets.add(r.dataset());
      }
      if (!"ofm".equals(metric) || Double.isFinite(r.ofmMean())) {
        groups.add(List.of(r.model(), r.params()));
      }
    }
    datasets.sort(Order.DATASETS);
    for (List<String> g : groups) {
      byLabel.put(label(g.get(0), g.get(1)), new LinkedHashMap<>());
    }
    for (SummaryRow r : rows) {
      Map<String, String> m = byLabel.get(label(r.model(), r.params()));
      if (m == null) {
        continue;
      }
      SummaryRow.Spread spread = r.spread(metric);
      String c = cell(spread.mean(), spread.std(), r.best().get(metric));
      if (!"ofm".equals(metric) && Double.isFinite(r.bestLoss()) && NA.equals(c)) {
        // evaluated runs (a finite loss) without metrics: a data set without labels; runs that
        // diverged before their first evaluation have no loss either and leave the cell "–"
        c = NO_LABELS;
      }
      m.put(r.dataset(), c + marks(r));
    }
    List<List<String>> cells = new ArrayList<>();
    for (Map<String, String> m : byLabel.values()) {
      List<String> line = new ArrayList<>();
      for (String d : datasets) {
        line.add(m.getOrDefault(d, NA));
      }
      cells.add(line);
    }
    return new Grid("model", datasets, new ArrayList<>(byLabel.keySet()), cells);
  }

  /** The mark of the selecting evaluation ({@link #marks}). */
  public static final String SELECTION_MARK = "†";

  /**
   * What a cell adds to its numbers: {@code " [n diverged]"} when n of its trials diverged
   * (docs/PROTOCOL.md, "survivorship"), and {@link #SELECTION_MARK} when some of its runs were
   * written before the best checkpoint was re-evaluated, so that their checkpoint metrics are those
   * of the evaluation that selected it ("winner's curse"); empty otherwise.
   *
   * @param r summary row
   * @return the marks, empty when none
   */
  public static String marks(SummaryRow r) {
    return (r.diverged() > 0 ? " [" + r.diverged() + " diverged]" : "")
        + (r.selectionOnly() > 0 ? " " + SELECTION_MARK : "");
  }

  /**
   * The footnote of {@link #SELECTION_MARK}, or empty when no row carries it.
   *
   * @param rows summary rows
   * @return the footnote text (one line), empty when none
   */
  public static String selectionFootnote(List<SummaryRow> rows) {
    int n = rows.stream().mapToInt(SummaryRow::selectionOnly).sum();
    return n == 0
        ? ""
        : SELECTION_MARK
            + " "
            + n
            + " run(s) were written before the best checkpoint was re-evaluated: their checkpoint"
            + " metrics are those of the evaluation that selected it, whose loss is biased low.";
  }

  /**
   * @return the runs grid: "counted / failed / diverged" per group and data set (counted: finished,
   *     and diverged ones with {@code sweep.diverged = include})
   */
  public static Grid runsGrid(List<SummaryRow> rows) {
    Grid acc = grid(rows, MetricRegistry.headline().get(0).name());
    List<List<String>> cells = new ArrayList<>();
    for (String label : acc.rowLabels()) {
      List<String> line = new ArrayList<>();
      for (String d : acc.columns()) {
        String c = NA;
        for (SummaryRow r : rows) {
          if (r.dataset().equals(d) && label(r.model(), r.params()).equals(label)) {
            c = r.runs() + " / " + r.failed() + " / " + r.diverged();
          }
        }
        line.add(c);
      }
      cells.add(line);
    }
    return new Grid("model", acc.columns(), acc.rowLabels(), cells);
  }

  /**
   * @return the paired comparisons as a grid (one row per comparison)
   */
  public static Grid pairedGrid(List<PairedComparison.Result> paired) {
    List<String> cols = new ArrayList<>(List.of("A", "B", "n"));
    for (Metric m : MetricRegistry.headline()) {
      cols.addAll(List.of("Δ" + m.label(), "W/T/L", "p (" + m.label() + ")"));
    }
    List<String> labels = new ArrayList<>();
    List<List<String>> cells = new ArrayList<>();
    for (PairedComparison.Result p : paired) {
      labels.add(p.dataset());
      List<String> line =
          new ArrayList<>(
              List.of(
                  label(p.modelA(), p.paramsA()),
                  label(p.modelB(), p.paramsB()),
                  Integer.toString(p.n())));
      for (PairedComparison.Stat st : p.stats().values()) {
        line.addAll(List.of(signed(st.meanDiff()), wtl(st), pval(st.p())));
      }
      cells.add(line);
    }
    return new Grid("dataset", cols, labels, cells);
  }

  /**
   * @return the failed trials as a grid (one row per trial)
   */
  public static Grid failedGrid(List<FailedTrial> failed) {
    List<String> cols = List.of("model", "dataset", "params", "seed", "attempt", "error");
    List<String> labels = new ArrayList<>();
    List<List<String>> cells = new ArrayList<>();
    for (FailedTrial f : failed) {
      labels.add(f.trialId());
      cells.add(
          List.of(
              f.model(),
              f.dataset(),
              f.params(),
              Integer.toString(f.seed()),
              Integer.toString(f.attempt()),
              shortError(f.error())));
    }
    return new Grid("trial_id", cols, labels, cells);
  }

  /**
   * The heading of a table that shows one view: {@code "ACC — lowest-loss checkpoint"}.
   *
   * @param title table title
   * @param source the view the table shows
   * @return heading text
   */
  public static String heading(String title, MetricSource source) {
    return title + " — " + source.description();
  }

  /**
   * The heading of a summary table: the view and whether diverged runs count, {@code "ACC —
   * lowest-loss checkpoint, diverged runs included"}, and {@code "; selected with labels"} when a
   * halving sweep chose its configurations by a label metric (docs/SWEEPS.md, "The criterion").
   *
   * @param title table title
   * @param a the analysis the table shows
   * @return heading text
   */
  public static String heading(String title, SweepAnalysis a) {
    return title + " — " + view(a);
  }

  /**
   * What the tables of {@code a} show: {@code "lowest-loss checkpoint, diverged runs included"},
   * with {@code "; selected with labels"} when a halving sweep chose by a label metric (the tables'
   * headings and summary.tex's captions).
   */
  public static String view(SweepAnalysis a) {
    return a.source().description()
        + ", "
        + a.diverged().description()
        + (a.selectedWithLabels() ? "; " + HalvingSummary.WITH_LABELS : "");
  }

  private static String signed(double x) {
    return Double.isFinite(x) ? String.format(Locale.ROOT, "%+.3f", x) : NA;
  }

  private static String wtl(PairedComparison.Stat s) {
    return s.wins() + "/" + s.ties() + "/" + s.losses();
  }

  private static String pval(double p) {
    return Double.isFinite(p) ? String.format(Locale.ROOT, "%.4f", p) : NA;
  }

  /**
   * First line of an error, at most 200 characters, and the pointer to the trial's log when it has
   * one ({@link TrialRunner}: kept whole, since it says where the rest is).
   *
   * @param error message, may be null
   * @return short form
   */
  public static String shortError(String error) {
    if (error == null || error.isBlank()) {
      return NA;
    }
    String line = error.strip().lines().findFirst().orElse("");
    String cause = TrialRunner.cause(line);
    String s = cause.length() > 200 ? cause.substring(0, 197) + "..." : cause;
    return s + line.substring(cause.length());
  }

  /**
   * Renders a grid as a GitHub-flavoured Markdown table ({@code |} escaped).
   *
   * @param g grid
   * @return Markdown lines
   */
  public static String markdownTable(Grid g) {
    StringBuilder sb = new StringBuilder();
    sb.append("| ").append(md(g.corner()));
    for (String c : g.columns()) {
      sb.append(" | ").append(md(c));
    }
    sb.append(" |\n|---");
    sb.append("|---".repeat(g.columns().size())).append("|\n");
    for (int r = 0; r < g.rowLabels().size(); r++) {
      sb.append("| ").append(md(g.rowLabels().get(r)));
      for (String c : g.cells().get(r)) {
        sb.append(" | ").append(md(c));
      }
      sb.append(" |\n");
    }
    return sb.toString();
  }

  private static String md(String s) {
    return s == null
        ? ""
        : s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ");
  }

  /**
   * {@code summary.md}: ACC and NMI tables (rows = models, columns = data sets), OFM of companion
   * models, run counts, paired comparisons and failed trials.
   *
   * @param a the analysis
   * @return Markdown
   */
  public static String markdown(SweepAnalysis a) {
    MetricSource s = a.source();
    StringBuilder sb = new StringBuilder();
    sb.append("# Sweep summary — ")
        .append(s.description())
        .append(", ")
        .append(a.diverged().description())
        .append("\n\n");
    sb.append(a.halving() == null ? "" : a.trialCount() + ". ");
    sb.append("Latest attempt of each trial; every run reports the evaluation of its ")
        .append(s.description())
        .append(" (`")
        .append(s.prefix())
        .append("*`")
        .append(
            s == MetricSource.CHECKPOINT
                ? ": the checkpoint evaluated once more after training in another order than the"
                    + " one that selected it, `selection_*` in the trials table"
                : "")
        .append("). Cells: mean ± sample std over the counted runs (finished")
        .append(
            a.diverged() == DivergedRuns.INCLUDE
                ? ", and diverged ones with their best checkpoint from before the divergence"
                : "; diverged runs are left out")
        .append("; `[n diverged]`: n of the cell's trials diverged); best run: the counted run ")
        .append("whose ")
        .append(s.description())
        .append(" evaluation has the lowest total loss, `")
        .append(s.column("loss"))
        .append("`, selected without labels.\n\n");
    String footnote = selectionFootnote(a.rows());
    for (Metric m : MetricRegistry.headline()) {
      sb.append("## ")
          .append(heading(m.label(), a))
          .append("\n\n")
          .append(markdownTable(grid(a.rows(), m.name())))
          .append(footnote.isEmpty() ? "" : "\n" + footnote + "\n")
          .append('\n');
    }
    Grid ofm = grid(a.rows(), "ofm");
    if (!ofm.rowLabels().isEmpty()) {
      sb.append("## ")
          .append(heading("OFM (companion models)", a))
          .append("\n\n")
          .append(markdownTable(ofm))
          .append('\n');
    }
    sb.append("## Runs (counted / failed / diverged)\n\n")
        .append(stoppedNote(a))
        .append(markdownTable(runsGrid(a.rows())))
        .append('\n');
    sb.append("## ")
        .append(heading("Paired comparisons", a))
        .append("\n\n")
        .append(
            "Runs matched by seed (same initialisation); Δ = mean of A − B; W/T/L = wins, ties, ")
        .append("losses of A; p = two-sided Wilcoxon signed-rank (exact for ≤ 30 pairs).\n\n");
    sb.append(a.paired().isEmpty() ? "None.\n" : markdownTable(pairedGrid(a.paired())))
        .append('\n');
    sb.append("## Failed trials\n\n");
    sb.append(a.failed().isEmpty() ? "None.\n" : markdownTable(failedGrid(a.failed())));
    return sb.toString();
  }

  /**
   * Above the run counts of a halving sweep: {@code "27 trials, 24 stopped by halving (not
   * counted)."}, so the counted runs are not read as the sweep's size; empty for a full sweep.
   */
  public static String stoppedNote(SweepAnalysis a) {
    return a.halving() == null ? "" : a.trialCount() + " (the stopped ones are not counted).\n\n";
  }
}
