package org.ucospark.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;

/**
 * The HTML frame of a run report: title, the result table (reported, selecting and final
 * evaluation), the provenance table, then the sections' body; and the figure markup every section
 * uses.
 */
final class RunPage {
  private RunPage() {}

  static String figure(String file, String alt) {
    return "<figure><img src=\"" + file + "\" alt=\"" + ReportHtml.esc(alt) + "\"></figure>\n";
  }

  /** The whole page of summary.json {@code s} around {@code body}. */
  static String page(JsonNode s, String body, Instant now) {
    String title =
        s.path("model").asText("?")
            + " on "
            + s.path("dataset").asText("?")
            + ", seed "
            + s.path("seed").asText("?");
    StringBuilder sb =
        new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<title>Run report: ")
            .append(ReportHtml.esc(title))
            .append("</title>\n<style>\n")
            .append(ReportHtml.CSS)
            .append("</style>\n</head>\n<body>\n<h1>Run report: ")
            .append(ReportHtml.esc(title))
            .append("</h1>\n<p class=\"meta\">")
            .append(ReportHtml.esc(s.path("experiment").asText()))
            .append(". Generated ")
            .append(ReportHtml.esc(now.toString()))
            .append(".</p>\n");
    result(s, sb);
    provenance(s, sb);
    return sb.append("</table>\n").append(body).append("</body>\n</html>\n").toString();
  }

  private static void result(JsonNode s, StringBuilder sb) {
    sb.append("<h2>Result</h2>\n<table>\n<tr><th class=\"l\">network</th><th>epoch</th>");
    for (Metric m : MetricRegistry.tabulated()) {
      sb.append("<th>").append(ReportHtml.esc(m.label())).append("</th>");
    }
    sb.append("<th>OFM</th><th>loss</th></tr>\n");
    for (String which : List.of("best", "selection", "final")) {
      if (!s.has(which)) {
        continue; // "selection": runs before the best checkpoint was re-evaluated have none
      }
      JsonNode r = s.path(which);
      sb.append("<tr><td class=\"l\">")
          .append(
              switch (which) {
                case "best" ->
                    s.has("selection")
                        ? "best (lowest loss), evaluated again: reported"
                        : "best (lowest loss, reported; the evaluation that selected it)";
                case "selection" -> "best as selected (biased low: docs/PROTOCOL.md)";
                default -> "final";
              })
          .append("</td><td>")
          .append(r.path("epoch").asText());
      List<String> columns = new ArrayList<>();
      MetricRegistry.tabulated().forEach(m -> columns.add(m.name()));
      columns.addAll(List.of("ofm", "loss"));
      for (String m : columns) {
        sb.append("</td><td>")
            .append(
                r.path(m).isNumber()
                    ? String.format(Locale.ROOT, "%.4f", r.path(m).asDouble())
                    : "–");
      }
      sb.append("</td></tr>\n");
    }
  }

  /** The provenance table, left open for the caller to close. */
  private static void provenance(JsonNode s, StringBuilder sb) {
    sb.append("</table>\n<h2>Provenance</h2>\n<table>\n");
    for (String key :
        List.of(
            "experiment",
            "model",
            "dataset",
            "data_path",
            "examples",
            "seed",
            "status",
            "epochs",
            "batch_size",
            "spark_master",
            "executors",
            "trainer",
            "wall_s",
            "images_per_s")) {
      if (s.has(key)) {
        sb.append("<tr><td class=\"l\">")
            .append(key)
            .append("</td><td class=\"l\">")
            .append(ReportHtml.esc(s.get(key).asText()))
            .append("</td></tr>\n");
      }
    }
    sb.append(ReportHtml.provenanceRows(s.path("provenance")));
  }
}
