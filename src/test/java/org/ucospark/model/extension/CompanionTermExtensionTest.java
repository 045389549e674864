package org.ucospark.model.extension;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loss-term extension point (docs/CODE.md, "Adding a loss term"): {@link ActivityTerm},
 * registered only on the test class path, adds model {@code ddc_activity}, which trains in a sweep
 * with the term as a companion of OFM and is summarized through the command line. Files of the
 * extension: ActivityTerm.java, its META-INF/services line, this test (+
 * conf/experiments/ddc_activity_usps.conf).
 */
class CompanionTermExtensionTest {
  @TempDir Path tmp;

  @Test
  void aCompanionTermFromTheTestClassPathTrainsAndIsSummarizedThroughTheCommandLine()
      throws Exception {
    String metrics =
        ModelFamilyExtensionTest.metrics(
            ModelFamilyExtensionTest.sweepAndSummarize(tmp, "ddc_activity"));
    assertTrue(metrics.contains("\"activity\""), "the companion term is logged: " + metrics);
    assertTrue(metrics.matches("(?s).*\"ofm\"\\s*:\\s*-?[0-9].*"), "OFM is defined: " + metrics);
  }
}
