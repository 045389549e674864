package org.ucospark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pairwise OFM through the trials table: stored per trial, aggregated per model as a mean per pair.
 */
class PairwiseOfmTest {
  @TempDir Path tmp;

  @Test
  void pairwiseOfmRoundTripsThroughTheTrialsTableAndIsAveragedPerPair() throws Exception {
    SparkSession spark = SyntheticSweep.spark();
    String sweepDir = tmp.resolve("sweep").toUri().toString();
    SyntheticSweep.write(spark, sweepDir);
    List<TrialRecord> latest =
        TrialsTable.collect(TrialsTable.latest(TrialsTable.read(spark, sweepDir)));
    TrialRecord uco =
        latest.stream()
            .filter(r -> r.model().equals("ddc_uco") && r.seed() == 2)
            .findFirst()
            .orElseThrow();
    assertEquals(
        SyntheticSweep.cosine(0, 3, 2),
        MetricSource.FINAL.ofmPairwise(uco).get("ddc_1").get("uco/0"),
        1e-12,
        "stored and read back");
    assertTrue(
        MetricSource.CHECKPOINT
            .ofmPairwise(
                latest.stream().filter(r -> r.model().equals("ddc")).findFirst().orElseThrow())
            .isEmpty(),
        "no pairwise OFM: empty");

    List<PairwiseOfm.Matrix> matrices = PairwiseOfm.aggregate(latest, MetricSource.CHECKPOINT);
    assertEquals(
        List.of("mnist", "usps"), matrices.stream().map(PairwiseOfm.Matrix::dataset).toList());
    for (PairwiseOfm.Matrix m : matrices) {
      assertEquals("ddc_uco", m.label());
      assertEquals(SyntheticSweep.PAIRWISE_TERMS, m.terms());
      assertEquals(5, m.runs());
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
          double meanOverSeeds =
              (SyntheticSweep.cosine(i, j, 1)
                      + SyntheticSweep.cosine(i, j, 2)
                      + SyntheticSweep.cosine(i, j, 3)
                      + SyntheticSweep.cosine(i, j, 4)
                      + SyntheticSweep.cosine(i, j, 5))
                  / 5;
          assertEquals(meanOverSeeds, m.mean()[i][j], 1e-12, i + "," + j);
        }
      }
    }
    String csv = PairwiseOfm.csv(matrices);
    assertEquals(1 + 2 * 10, csv.lines().count(), csv);
    assertTrue(csv.contains("usps,ddc_uco,ddc_1,uco/0,-0.070000,5"), csv);

    SweepSummary.write(spark, sweepDir, MetricSource.CHECKPOINT);
    assertEquals(csv, Files.readString(tmp.resolve("sweep").resolve(PairwiseOfm.CSV)));
  }
}
