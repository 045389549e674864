package org.ucospark.config;

import static org.ucospark.config.ConfigKey.Stage.REPORT;

/** The {@code report} block: run reports (also those a sweep report writes for its best runs). */
public final class ReportKeys {
  private ReportKeys() {}

  public static final ConfigKey<Integer> TSNE_POINTS =
      ConfigKey.integer(
              "report.tsne_points",
              2000,
              REPORT,
              "Examples in the run report's t-SNE map at most; 0 draws no t-SNE map (PCA only).")
          .validatedBy(Validator.atLeast(0));
}
