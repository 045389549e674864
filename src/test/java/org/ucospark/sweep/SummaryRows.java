package org.ucospark.sweep;

import java.util.LinkedHashMap;
import java.util.Map;

/** Summary rows for tests that build them by hand. */
final class SummaryRows {
  private SummaryRows() {}

  /** Mean and std of ACC, NMI and ARI; OFM NaN (no companion). */
  static Map<String, SummaryRow.Spread> spreads(
      double acc, double accStd, double nmi, double nmiStd, double ari, double ariStd) {
    Map<String, SummaryRow.Spread> m = new LinkedHashMap<>();
    m.put("acc", new SummaryRow.Spread(acc, accStd));
    m.put("nmi", new SummaryRow.Spread(nmi, nmiStd));
    m.put("ari", new SummaryRow.Spread(ari, ariStd));
    m.put(SummaryRow.OFM, SummaryRow.Spread.NONE);
    return m;
  }
}
