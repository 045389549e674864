package org.ucospark.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;
import org.ucospark.sweep.MetricSource;
import org.ucospark.sweep.SummaryTables;
import org.ucospark.sweep.SummaryTables.Grid;
import org.ucospark.sweep.SweepAnalysis;
import org.ucospark.sweep.TrialRecord;

/** The HTML of {@code report/index.html}: inline CSS, no scripts, relative image links only. */
public final class ReportHtml {

  static final String CSS =
      """
            body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;
            color:#222;padding:0 1em;line-height:1.4}
            h1{font-size:1.7em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            p.meta{color:#666;margin-top:0}
            table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}
            th,td{border:1px solid #ccc;padding:.3em .7em;text-align:right;white-space:nowrap}
            th{background:#f3f5f8}td.l,th.l{text-align:left}td.err{white-space:normal;text-align:left;max-width:36em;
            font-family:monospace;font-size:.9em}tr:nth-child(even) td{background:#fafafa}
            figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}
            .pair{display:flex;gap:1em}.pair figure{flex:1;margin:.5em 0}figcaption{font-size:.9em;color:#444}
            .note{color:#555;font-size:.92em}
            td.json{white-space:normal;word-break:break-all;text-align:left;font-family:monospace;font-size:.85em}
            """;

  private ReportHtml() {}

  /**
   * Escapes text for HTML.
   *
   * @param s text, may be null
   * @return escaped text
   */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  /** The best runs of {@code dataset}: a link to each run report and its confusion matrix. */
  private static String bestRuns(String dataset, List<BestRun> best) {
    StringBuilder sb = new StringBuilder();
    for (BestRun b : best) {
      if (!b.dataset().equals(dataset)) {
        continue;
      }
      if (sb.length() == 0) {
        sb.append("<h3>").append(esc(dataset)).append(": best run of each model</h3>\n");
      }
      String what = b.label() + ", seed " + b.seed() + " (" + b.trialId() + ")";
      // the caption first: it says whose confusion matrix follows
      sb.append("<figure><figcaption>").append(esc(what)).append(": ");
      if (b.link() != null) {
        sb.append("<a href=\"").append(esc(b.link())).append("\">run report</a>");
      }
      if (b.note() != null) {
        sb.append(b.link() != null ? "; " : "").append(esc(b.note()));
      }
      sb.append("</figcaption>");
      if (b.confusion() != null) {
        sb.append("<img src=\"")
            .append(esc(b.confusionFile()))
            .append("\" alt=\"")
            .append(esc("confusion matrix of the best run, " + what))
            .append("\">");
      }
      sb.append("</figure>\n");
    }
    return sb.toString();
  }

  static String table(Grid g, boolean errorLastColumn) {
    return table(g, errorLastColumn, Map.of());
  }

  /** The table; a cell whose (row label, column) is a key of {@code links} links to its value. */
  static String table(Grid g, boolean errorLastColumn, Map<List<String>, String> links) {
    StringBuilder sb =
        new StringBuilder("<table>\n<tr><th class=\"l\">").append(esc(g.corner())).append("</th>");
    for (String c : g.columns()) {
      sb.append("<th>").append(esc(c)).append("</th>");
    }
    sb.append("</tr>\n");
    for (int r = 0; r < g.rowLabels().size(); r++) {
      sb.append("<tr><td class=\"l\">").append(esc(g.rowLabels().get(r))).append("</td>");
      List<String> cells = g.cells().get(r);
      for (int c = 0; c < cells.size(); c++) {
        String cls = errorLastColumn && c == cells.size() - 1 ? " class=\"err\"" : "";
        String link =
            c < g.columns().size()
                ? links.get(List.of(g.rowLabels().get(r), g.columns().get(c)))
                : null;
        sb.append("<td")
            .append(cls)
            .append('>')
            .append(
                link == null
                    ? esc(cells.get(c))
                    : "<a href=\""
                        + esc(link)
                        + "\" title=\"run report of the best run\">"
                        + esc(cells.get(c))
                        + "</a>")
            .append("</td>");
      }
      sb.append("</tr>\n");
    }
    return sb.append("</table>\n").toString();
  }

  /**
   * Renders the page without best runs and provenance.
   *
   * @param a analysis of the sweep
   * @param images PNG file names per data set, in display order
   * @param now generation time
   * @return HTML
   */
  public static String page(SweepAnalysis a, Map<String, List<String>> images, Instant now) {
    return page(a, images, List.of(), null, now);
  }

  /** Provenance fields as rows of a two-column table (name, value); objects and lists as JSON. */
  static String provenanceRows(JsonNode p) {
    StringBuilder sb = new StringBuilder();
    p.fields()
        .forEachRemaining(
            e ->
                sb.append("<tr><td class=\"l\">")
                    .append(esc(e.getKey()))
                    .append(
                        e.getValue().isValueNode()
                            ? "</td><td class=\"l\">"
                            : "</td><td class=\"json\">")
                    .append(
                        esc(
                            e.getValue().isValueNode()
                                ? e.getValue().asText()
                                : e.getValue().toString()))
                    .append("</td></tr>\n"));
    return sb.toString();
  }

  /**
   * Renders the page.
   *
   * @param a analysis of the sweep
   * @param images PNG file names per data set, in display order
   * @param best best run of each cell: the ACC/NMI cells link to its run report, and its confusion
   *     matrix is shown under its data set
   * @param provenance the sweep's provenance, null for none
   * @param now generation time
   * @return HTML
   */
  public static String page(
      SweepAnalysis a,
      Map<String, List<String>> images,
      List<BestRun> best,
      JsonNode provenance,
      Instant now) {
    Map<List<String>, String> links = new java.util.HashMap<>();
    for (BestRun b : best) {
      if (b.link() != null) {
        links.put(List.of(b.label(), b.dataset()), b.link());
      }
    }
    TreeSet<String> sweeps = new TreeSet<>();
    int finished = 0;
    for (TrialRecord r : a.latest()) {
      if (r.sweep() != null) {
        sweeps.add(r.sweep());
      }
      if (r.finished()) {
        finished++;
      }
    }
    String name = sweeps.isEmpty() ? "sweep" : String.join(", ", sweeps);
    StringBuilder sb = new StringBuilder();
    sb.append(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Sweep report: ")
        .append(esc(name))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
    sb.append("<h1>Sweep report: ").append(esc(name)).append("</h1>\n");
    sb.append("<p class=\"meta\">")
        .append(esc(a.trialCount()))
        .append(", ")
        .append(finished)
        .append(" finished, ")
        .append(a.failed().size())
        .append(" failed (latest attempt of each). Generated ")
        .append(esc(now.toString()))
        .append(".</p>\n");
    MetricSource s = a.source();
    sb.append("<p class=\"note\">Every run reports the evaluation of its ")
        .append(esc(s.description()))
        .append(". Cells: mean ± sample std over finished runs, in parentheses the best run ")
        .append("(lowest total loss of that evaluation, selected without labels)")
        .append(links.isEmpty() ? "" : "; a linked cell opens the report of that best run")
        .append(".</p>\n");
    tables(sb, a, links);
    for (var e : images.entrySet()) {
      sb.append("<h2>").append(esc(e.getKey())).append("</h2>\n");
      if (e.getValue().isEmpty()) {
        sb.append("<p>No finished runs.</p>\n");
      }
      for (String img : e.getValue()) {
        sb.append("<figure><img src=\"")
            .append(esc(img))
            .append("\" alt=\"")
            .append(esc(e.getKey() + " " + img))
            .append("\"></figure>\n");
      }
      sb.append(bestRuns(e.getKey(), best));
    }
    if (provenance != null) {
      sb.append(
              "<h2>Provenance</h2>\n<p class=\"note\">Of this report and the trials table; each run's own ")
          .append("is in its summary.json and run report.</p>\n<table>\n")
          .append(provenanceRows(provenance))
          .append("</table>\n");
    }
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  /**
   * The summary's tables: one per headline metric (best runs linked), OFM, runs, the paired
   * comparisons and the failed trials.
   */
  private static void tables(StringBuilder sb, SweepAnalysis a, Map<List<String>, String> links) {
    for (Metric m : MetricRegistry.headline()) {
      sb.append("<h2>")
          .append(esc(SummaryTables.heading(m.label(), a)))
          .append("</h2>\n")
          .append(table(SummaryTables.grid(a.rows(), m.name()), false, links));
    }
    Grid ofm = SummaryTables.grid(a.rows(), "ofm");
    if (!ofm.rowLabels().isEmpty()) {
      sb.append("<h2>")
          .append(esc(SummaryTables.heading("OFM (companion models)", a)))
          .append("</h2>\n")
          .append(table(ofm, false));
    }
    String footnote = SummaryTables.selectionFootnote(a.rows());
    if (!footnote.isEmpty()) {
      sb.append("<p class=\"note\">").append(esc(footnote)).append("</p>\n");
    }
    sb.append("<h2>Runs (counted / failed / diverged)</h2>\n");
    String stopped = SummaryTables.stoppedNote(a).strip();
    if (!stopped.isEmpty()) {
      sb.append("<p class=\"note\">").append(esc(stopped)).append("</p>\n");
    }
    sb.append(table(SummaryTables.runsGrid(a.rows()), false));
    sb.append("<h2>")
        .append(esc(SummaryTables.heading("Paired comparisons", a)))
        .append("</h2>\n<p class=\"note\">Runs matched by seed (same initialisation); ")
        .append(
            "Δ = mean of A − B; W/T/L = wins, ties, losses of A; p = two-sided Wilcoxon signed-rank ")
        .append("(exact up to 30 pairs).</p>\n");
    sb.append(
        a.paired().isEmpty()
            ? "<p>None.</p>\n"
            : table(SummaryTables.pairedGrid(a.paired()), false));
    sb.append("<h2>Failed trials</h2>\n");
    sb.append(
        a.failed().isEmpty()
            ? "<p>None.</p>\n"
            : table(SummaryTables.failedGrid(a.failed()), true));
  }
}
