package org.ucospark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rung view of fixed trials-table rows: criterion per rung, stopped, chosen, compute, labels.
 */
class HalvingSummaryTest {
  static TrialRecord row(
      String params, int rung, double criterion, String status, String decision) {
    return TrialRecord.failed(
            new TrialKey(params + "-s0", "t", "usps", "ddc_uco", 0, params),
            1,
            null,
            "x",
            "now",
            2.0 * rung)
        .atRung(rung, criterion, status, decision);
  }

  static JsonNode settings(boolean labels) throws Exception {
    return new ObjectMapper()
        .readTree(
            "{\"criterion\":\""
                + (labels ? "acc" : "clustering")
                + "\",\"mode\":\""
                + (labels ? "max" : "min")
                + "\",\"rule\":\"rank\",\"eta\":3,\"min_epochs\":1,\"alpha\":0.05,"
                + "\"selected_with_labels\":"
                + labels
                + ",\"epochs\":{\"a-s0\":3,\"b-s0\":3,\"c-s0\":3}}");
  }

  static List<TrialRecord> rows() {
    List<TrialRecord> rows = new ArrayList<>();
    rows.add(row("a", 1, 2.0, "finished", null));
    rows.add(row("b", 1, 1.0, "finished", null));
    rows.add(row("c", 1, 3.0, "finished", null));
    rows.add(row("b", 1, 1.0, "finished", Halving.PROMOTED));
    rows.add(row("a", 1, 2.0, TrialRecord.STOPPED, Halving.STOPPED));
    rows.add(row("c", 1, 3.0, TrialRecord.STOPPED, Halving.STOPPED));
    rows.add(row("b", 3, 0.5, "finished", null));
    return rows;
  }

  @Test
  void theViewShowsEveryRungTheStoppedTheChosenAndTheCompute() throws Exception {
    HalvingSummary.View v =
        HalvingSummary.view(
            settings(false), rows(), Map.of("a-s0", 100L, "b-s0", 100L, "c-s0", 100L));
    assertEquals(List.of(1, 3), v.rungs());
    HalvingSummary.Line b =
        v.lines().stream().filter(l -> l.params().equals("b")).findFirst().get();
    assertTrue(b.chosen());
    assertEquals(0.5, b.means().get(3));
    assertTrue(v.lines().stream().filter(l -> !l.params().equals("b")).allMatch(l -> l.stopped()));
    assertEquals(5, v.compute().epochs(), "1 + 1 + 3");
    assertEquals(9, v.compute().fullEpochs());
    assertEquals(900, v.compute().fullImages());
    assertEquals(5 * 2.0 * 1 + 0, v.compute().wallS() - 0, 10.0);
    String md = HalvingSummary.markdown(v);
    assertTrue(md.contains("| **b** | 1 | 1.0000 | 0.50000 | **chosen** |"), md);
    assertTrue(md.contains("| ~~a~~ | 1 | ~~2.0000~~ |  | stopped at 1 |"), md);
    assertTrue(
        md.contains("Compute: 5 of the full grid's 9 epochs (55.6 %), 500 of 900 images"), md);
    assertFalse(md.contains(HalvingSummary.WITH_LABELS), md);
    String html = org.ucospark.report.HalvingReportAccess.section(v);
    assertTrue(html.contains("opacity:0.4") && html.contains("<td>chosen</td>"), html);
  }

  @Test
  void aSweepSelectedWithLabelsSaysSo() throws Exception {
    HalvingSummary.View v = HalvingSummary.view(settings(true), rows(), Map.of());
    assertTrue(HalvingSummary.markdown(v).contains("selected with labels"));
    assertTrue(org.ucospark.report.HalvingReportAccess.section(v).contains("selected with labels"));
  }
}
