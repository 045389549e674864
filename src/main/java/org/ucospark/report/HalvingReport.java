package org.ucospark.report;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.ucospark.sweep.HalvingSummary;

/**
 * The successive-halving section of a sweep report (docs/SWEEPS.md, "What you see"): per (data set,
 * model) each configuration's criterion per rung, stopped configurations faded, the chosen one in
 * bold, then the compute against the full grid; and, when the criterion used the labels, "selected
 * with labels" under the title.
 */
public final class HalvingReport {
  private HalvingReport() {}

  /** Adds the section to {@code files}' index.html; nothing for a full sweep ({@code v} null). */
  static void addTo(Map<String, byte[]> files, HalvingSummary.View v) {
    if (v == null || !files.containsKey(ReportFolder.INDEX)) {
      return;
    }
    String html = new String(files.get(ReportFolder.INDEX), StandardCharsets.UTF_8);
    if (HalvingSummary.withLabels(v.settings())) {
      html =
          html.replaceFirst(
              "</h1>\n",
              "</h1>\n<p class=\"note\"><strong>"
                  + HalvingSummary.WITH_LABELS
                  + "</strong>: the successive-halving criterion uses the ground-truth labels.</p>\n");
    }
    html = html.replace("</body>", section(v) + "</body>");
    files.put(ReportFolder.INDEX, html.getBytes(StandardCharsets.UTF_8));
  }

  static String section(HalvingSummary.View v) {
    StringBuilder sb = new StringBuilder("<h2>Successive halving</h2>\n<p class=\"note\">");
    sb.append(ReportHtml.esc(v.trialCount() + "; " + HalvingSummary.how(v.settings())))
        .append(". Seed mean of the criterion per rung (epochs); stopped configurations faded,")
        .append(" the chosen one in bold.</p>\n");
    String group = null;
    for (HalvingSummary.Line l : v.lines()) {
      if (!l.group().equals(group)) {
        sb.append(group == null ? "" : "</table>\n");
        group = l.group();
        sb.append("<h3>")
            .append(ReportHtml.esc(group))
            .append("</h3>\n<table>\n<tr><th>configuration</th>");
        v.rungs().forEach(r -> sb.append("<th>rung ").append(r).append("</th>"));
        sb.append("<th>outcome</th></tr>\n");
      }
      String style =
          l.stopped() ? " style=\"opacity:0.4\"" : l.chosen() ? " style=\"font-weight:bold\"" : "";
      sb.append("<tr")
          .append(style)
          .append("><td>")
          .append(ReportHtml.esc(l.params()))
          .append("</td>");
      for (int r : v.rungs()) {
        Double m = l.means().get(r);
        sb.append("<td>")
            .append(m == null ? "" : String.format(Locale.ROOT, "%.5g", m))
            .append("</td>");
      }
      String outcome = l.chosen() ? "chosen" : l.stopped() ? "stopped" : "completed";
      sb.append("<td>").append(outcome).append("</td></tr>\n");
    }
    if (group != null) {
      sb.append("</table>\n");
    }
    HalvingSummary.Compute c = v.compute();
    sb.append(
        String.format(
            Locale.ROOT,
            "<p>Compute: %d of the full grid's %d epochs (%.1f %%), %,d of %,d images; wall time %.0f s"
                + " of an extrapolated %.0f s.</p>\n",
            c.epochs(),
            c.fullEpochs(),
            100.0 * c.epochs() / Math.max(1, c.fullEpochs()),
            c.images(),
            c.fullImages(),
            c.wallS(),
            c.fullWallS()));
    return sb.toString();
  }
}
