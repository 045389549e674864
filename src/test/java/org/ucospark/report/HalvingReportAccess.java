package org.ucospark.report;

import org.ucospark.sweep.HalvingSummary;

/** Tests outside this package reach the report's halving section through here. */
public final class HalvingReportAccess {
  private HalvingReportAccess() {}

  public static String section(HalvingSummary.View v) {
    return HalvingReport.section(v);
  }
}
