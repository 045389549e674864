package org.ucospark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** summary.tex: booktabs tables, mean ± std, the best mean per data set in bold. */
class SummaryLatexTest {
  private static SummaryRow row(String dataset, String model, double acc, double std) {
    return new SummaryRow(
        dataset,
        model,
        "{}",
        3,
        0,
        SummaryRows.spreads(acc, std, acc - 0.1, std, acc - 0.2, std),
        0,
        SyntheticSweep.scores(acc, acc, Double.NaN),
        1.0,
        0,
        0);
  }

  @Test
  void theBestMeanOfEachDataSetIsBoldAndCellsAreMeanPlusMinusStd() {
    String tex =
        SummaryLatex.tables(
            List.of(
                row("usps", "ddc", 0.70, 0.02),
                row("usps", "ddc_uco", 0.75, 0.01),
                row("mnist", "ddc", 0.90, 0.03),
                row("mnist", "ddc_uco", 0.85, Double.NaN)),
            "after the last epoch");
    assertEquals(3, tex.split("\\\\begin\\{table\\}", -1).length - 1, "ACC, NMI, ARI");
    assertTrue(
        tex.contains("\\toprule") && tex.contains("\\midrule") && tex.contains("\\bottomrule"));
    assertTrue(tex.contains("Model & mnist & usps \\\\"), tex);
    assertTrue(tex.contains("ddc & $\\textbf{0.900} \\pm 0.030$ & $0.700 \\pm 0.020$ \\\\"), tex);
    assertTrue(tex.contains("ddc\\_uco & $0.850$ & $\\textbf{0.750} \\pm 0.010$ \\\\"), tex);
  }

  @Test
  void latexSpecialCharactersAreEscaped() {
    assertEquals("ddc\\_uco \\{\"lr\": 1\\} 50\\%", SummaryLatex.escape("ddc_uco {\"lr\": 1} 50%"));
  }
}
