package org.ucospark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepSummaryTest {

  private static final double EPS = 1e-9;
  private static final double STD5 = 0.01 * Math.sqrt(2.5);

  @TempDir static Path tmp;

  static SparkSession spark;
  static String sweepDir;
  static SweepAnalysis analysis;
  static Map<String, SummaryRow> rows = new HashMap<>();

  @BeforeAll
  static void setUp() {
    spark = SyntheticSweep.spark();
    sweepDir = tmp.resolve("sweep").toUri().toString();
    SyntheticSweep.write(spark, sweepDir);
    analysis = SweepSummary.write(spark, sweepDir, MetricSource.FINAL);
    for (SummaryRow r : analysis.rows()) {
      rows.put(r.dataset() + "/" + r.model(), r);
    }
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @Test
  void aDamagedTrialsFileIsOneLineNamingItAndWhatToDo() throws IOException {
    Path damagedSweep = tmp.resolve("damaged");
    String dir = damagedSweep.toUri().toString();
    SyntheticSweep.write(spark, dir);
    Path bad = damagedSweep.resolve(TrialsTable.TRIALS).resolve("part-99999-damaged.parquet");
    Files.write(bad, "PAR1 not really parquet".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    org.ucospark.UcoException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.ucospark.UcoException.class, () -> SweepSummary.write(spark, dir));
    assertTrue(
        e.getMessage().contains("part-99999-damaged.parquet: damaged trials file")
            && e.getMessage().contains("move it out of")
            && !e.getMessage().contains("\n"),
        e.getMessage());
    assertFalse(Files.exists(damagedSweep.resolve(SweepSummary.SUMMARY_MD)), "nothing written");
  }

  private static List<Path> dataFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(
              p ->
                  p.getFileName().toString().startsWith("part-")
                      && p.getFileName().toString().endsWith(".parquet"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void appendAddsFilesAndNeverRewrites() throws IOException {
    Path trials = tmp.resolve("sweep/trials");
    List<Path> before = dataFiles(trials);
    assertEquals(2, before.size(), "one Parquet file per append");
    Map<Path, Long> mtimes = new HashMap<>();
    for (Path p : before) {
      mtimes.put(p, Files.getLastModifiedTime(p).toMillis());
    }
    String other = tmp.resolve("other").toUri().toString();
    SyntheticSweep.write(spark, other);
    TrialsTable.append(spark, other, List.of(SyntheticSweep.finished("usps", "ddc", 9, 1)));
    assertEquals(3, dataFiles(tmp.resolve("other/trials")).size());
    for (Path p : before) {
      assertEquals(mtimes.get(p), Files.getLastModifiedTime(p).toMillis());
    }
    try (Stream<Path> s = Files.list(tmp.resolve("other/trials"))) {
      assertTrue(
          s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary file left");
    }
    assertEquals(34, TrialsTable.read(spark, other).count());
  }

  @Test
  void readRoundTripsRecords() {
    Dataset<Row> all = TrialsTable.read(spark, sweepDir);
    assertEquals(TrialsTable.SCHEMA, all.schema());
    assertEquals(33, all.count());
    List<TrialRecord> back = TrialsTable.collect(all);
    Map<String, TrialRecord> byKey = new HashMap<>();
    for (TrialRecord r : back) {
      byKey.put(r.trialId() + "#" + r.attempt(), r);
    }
    TrialRecord want = SyntheticSweep.finished("usps", "ddc_uco", 4, 1);
    assertEquals(want, byKey.get(want.trialId() + "#1"), "NaN and history survive Parquet");
    TrialRecord failed = byKey.get(SyntheticSweep.FAILED_ID + "#2");
    assertEquals(SyntheticSweep.ERROR, failed.error());
    assertTrue(Double.isNaN(failed.last().get("acc")));
    assertTrue(failed.history().isEmpty());
  }

  @Test
  void emptyOrMissingTableReadsEmpty() {
    String none = tmp.resolve("none").toUri().toString();
    assertEquals(0, TrialsTable.read(spark, none).count());
    assertEquals(0, TrialsTable.latest(TrialsTable.read(spark, none)).count());
    assertEquals(List.of(), TrialsTable.latestRecords(spark, none));
  }

  @Test
  void latestAttemptWins() {
    assertEquals(31, TrialsTable.latest(TrialsTable.read(spark, sweepDir)).count());
    Map<String, TrialRecord> byId = new HashMap<>();
    for (TrialRecord r : TrialsTable.latestRecords(spark, sweepDir)) {
      byId.put(r.trialId(), r);
    }
    assertEquals(2, byId.get(SyntheticSweep.RETRIED_ID).attempt());
    assertTrue(byId.get(SyntheticSweep.RETRIED_ID).finished());
    assertEquals(2, byId.get(SyntheticSweep.FAILED_ID).attempt());
    assertFalse(byId.get(SyntheticSweep.FAILED_ID).finished());
  }

  @Test
  void meansStdsAndBestRun() {
    assertEquals(6, analysis.rows().size());
    SummaryRow ddc = rows.get("mnist/ddc");
    assertEquals(5, ddc.runs(), "the retried trial counts as finished");
    assertEquals(0, ddc.failed());
    assertEquals(0.83, ddc.spread("acc").mean(), EPS);
    assertEquals(STD5, ddc.spread("acc").std(), EPS);
    assertEquals(0.73, ddc.spread("nmi").mean(), EPS);
    assertEquals(0.63, ddc.spread("ari").mean(), EPS);
    assertEquals(STD5, ddc.spread("ari").std(), EPS);
    assertTrue(Double.isNaN(ddc.ofmMean()), "no companion: OFM NaN, never 0");
    assertTrue(Double.isNaN(ddc.spread("ofm").std()));
    assertEquals(5, ddc.bestSeed());
    assertEquals(0.85, ddc.best().get("acc"), EPS);
    assertEquals(0.75, ddc.best().get("nmi"), EPS);
    assertEquals(1.0, ddc.bestLoss(), EPS);

    SummaryRow uco = rows.get("usps/ddc_uco");
    assertEquals(0.75, uco.spread("acc").mean(), EPS);
    assertEquals(STD5, uco.spread("acc").std(), EPS);
    assertEquals(0.53, uco.ofmMean(), EPS);
    assertEquals(STD5, uco.spread("ofm").std(), EPS);
    assertEquals(3, uco.bestSeed());
    assertEquals(0.75, uco.best().get("acc"), EPS);

    SummaryRow ae = rows.get("usps/ddc_ae");
    assertEquals(5, ae.runs());
    assertEquals(1, ae.failed(), "the trial that stays failed counts");
    double[] accs = new double[5];
    for (int s = 1; s <= 5; s++) {
      accs[s - 1] = SyntheticSweep.acc("usps", "ddc_ae", s);
    }
    assertEquals(Stats.mean(accs), ae.spread("acc").mean(), EPS);
    assertEquals(Stats.sampleStd(accs), ae.spread("acc").std(), EPS);
    assertEquals(1, ae.bestSeed());
    assertEquals(0.715, ae.best().get("acc"), EPS);
  }

  @Test
  void checkpointSourceUsesBestColumns() {
    Dataset<Row> latest = TrialsTable.latest(TrialsTable.read(spark, sweepDir));
    List<SummaryRow> cp =
        SweepSummary.collect(SweepSummary.compute(latest, MetricSource.CHECKPOINT));
    SummaryRow ddc =
        cp.stream()
            .filter(r -> r.dataset().equals("mnist") && r.model().equals("ddc"))
            .findFirst()
            .orElseThrow();
    assertEquals(0.825, ddc.spread("acc").mean(), EPS);
    assertEquals(5, ddc.bestSeed(), "best run: lowest best_loss");
    assertEquals(0.845, ddc.best().get("acc"), EPS);
  }

  /** Trial {@code r} with other final and checkpoint total losses. */
  private static TrialRecord withLosses(TrialRecord r, double finalLoss, double bestLoss) {
    return new TrialRecord(
        r.key(),
        r.attempt(),
        r.status(),
        r.error(),
        r.executor(),
        r.started(),
        r.wallS(),
        r.epochs(),
        r.imagesPerS(),
        new TrialScores(r.last().scores(), r.last().ofm(), finalLoss, r.last().ofmPairwise()),
        new TrialScores(r.best().scores(), r.best().ofm(), bestLoss, r.best().ofmPairwise()),
        r.selection(),
        r.history(),
        r.reevaluated(),
        r.diverged());
  }

  /** {@code r} diverged at epoch 5, with the metrics of its best checkpoint from before. */
  private static TrialRecord diverged(TrialRecord r) {
    return new TrialRecord(
        r.key(),
        r.attempt(),
        TrialRecord.DIVERGED,
        null,
        r.executor(),
        r.started(),
        r.wallS(),
        5,
        r.imagesPerS(),
        r.last(),
        r.best(),
        r.selection(),
        r.history(),
        true,
        "diverged at epoch 5: train_loss = NaN");
  }

  @Test
  void aDivergedRunCountsByDefaultAndEveryCellSaysHowManyDiverged() {
    List<TrialRecord> recs =
        List.of(
            SyntheticSweep.finished("usps", "ddc", 1, 1),
            SyntheticSweep.finished("usps", "ddc", 2, 1),
            diverged(SyntheticSweep.finished("usps", "ddc", 3, 1)));
    Dataset<Row> df = toDataFrame(recs);
    double[] all = recs.stream().mapToDouble(r -> r.best().get("acc")).toArray();
    SummaryRow in =
        SweepSummary.collect(
                SweepSummary.compute(df, MetricSource.CHECKPOINT, DivergedRuns.INCLUDE))
            .get(0);
    assertEquals(3, in.runs());
    assertEquals(1, in.diverged());
    assertEquals(0, in.failed(), "diverged is not failed");
    assertEquals(Stats.mean(all), in.spread("acc").mean(), EPS);
    assertTrue(
        SummaryTables.grid(List.of(in), "acc").cells().get(0).get(0).endsWith(" [1 diverged]"));

    SummaryRow out =
        SweepSummary.collect(
                SweepSummary.compute(df, MetricSource.CHECKPOINT, DivergedRuns.EXCLUDE))
            .get(0);
    assertEquals(2, out.runs());
    assertEquals(1, out.diverged());
    assertEquals(Stats.mean(java.util.Arrays.copyOf(all, 2)), out.spread("acc").mean(), EPS);
    assertTrue(
        SummaryTables.grid(List.of(out), "acc").cells().get(0).get(0).endsWith(" [1 diverged]"));
    assertEquals(
        3,
        PairedComparison.compute(
                Stream.concat(
                        recs.stream(),
                        Stream.of(1, 2, 3)
                            .map(s -> SyntheticSweep.finished("usps", "ddc_uco", s, 1)))
                    .toList(),
                MetricSource.CHECKPOINT,
                DivergedRuns.INCLUDE)
            .get(0)
            .n(),
        "the diverged run is paired");
    assertEquals(
        2,
        PairedComparison.compute(
                Stream.concat(
                        recs.stream(),
                        Stream.of(1, 2, 3)
                            .map(s -> SyntheticSweep.finished("usps", "ddc_uco", s, 1)))
                    .toList(),
                MetricSource.CHECKPOINT,
                DivergedRuns.EXCLUDE)
            .get(0)
            .n());
  }

  /**
   * Trial files written before the best checkpoint was re-evaluated lack the selection_*,
   * reevaluated and diverged columns: their best_* is the selecting evaluation, and the tables say
   * so with a mark and a footnote.
   */
  @Test
  void rowsWrittenBeforeTheReevaluationAreMarkedAsReportingTheSelectingEvaluation()
      throws IOException {
    String dir = tmp.resolve("before-reevaluation").toUri().toString();
    int oldColumns = TrialsTable.SCHEMA.fieldIndex("best_ofm_pairwise") + 1;
    org.apache.spark.sql.types.StructType old =
        new org.apache.spark.sql.types.StructType(
            java.util.Arrays.copyOf(TrialsTable.SCHEMA.fields(), oldColumns));
    List<Row> oldRows =
        Stream.of(1, 2)
            .map(s -> SyntheticSweep.finished("usps", "ddc", s, 1).toRow())
            .map(
                r ->
                    org.apache.spark.sql.RowFactory.create(
                        java.util.stream.IntStream.range(0, oldColumns).mapToObj(r::get).toArray()))
            .toList();
    spark.createDataFrame(oldRows, old).write().parquet(dir + "/" + TrialsTable.TRIALS);

    SweepAnalysis a = SweepSummary.write(spark, dir, MetricSource.CHECKPOINT);
    assertTrue(a.latest().stream().noneMatch(TrialRecord::reevaluated));
    assertTrue(a.latest().stream().allMatch(r -> Double.isNaN(r.selection().loss())));
    assertEquals(2, a.rows().get(0).selectionOnly());
    String md = Files.readString(tmp.resolve("before-reevaluation/summary.md"));
    assertTrue(md.contains(" " + SummaryTables.SELECTION_MARK + " |"), md);
    assertTrue(
        md.contains(
            SummaryTables.SELECTION_MARK
                + " 2 run(s) were written before the best checkpoint was re-evaluated"),
        md);
    String csv = Files.readString(tmp.resolve("before-reevaluation/summary.csv"));
    assertTrue(
        csv.lines().findFirst().orElseThrow().endsWith(",diverged,selection_only,diverged_runs"),
        csv);
    assertTrue(csv.lines().skip(1).findFirst().orElseThrow().endsWith(",0,2,include"), csv);

    SweepSummary.write(spark, dir, MetricSource.FINAL);
    md = Files.readString(tmp.resolve("before-reevaluation/summary.md"));
    assertFalse(md.contains(SummaryTables.SELECTION_MARK), "the last-epoch view is unaffected");
  }

  /** {@code records} as a data frame of {@link TrialsTable#SCHEMA}. */
  private Dataset<Row> toDataFrame(List<TrialRecord> records) {
    return spark.createDataFrame(
        records.stream().map(TrialRecord::toRow).toList(), TrialsTable.SCHEMA);
  }

  @Test
  void theLowestLossCheckpointIsTheDefaultViewAndChoosesTheBestRunByItsOwnLoss() {
    // seed 1 has the lower final loss, seed 2 the lower checkpoint loss
    TrialRecord a = withLosses(SyntheticSweep.finished("usps", "ddc", 1, 1), 1.0, 2.0);
    TrialRecord b = withLosses(SyntheticSweep.finished("usps", "ddc", 2, 1), 1.5, 0.5);
    Dataset<Row> df = toDataFrame(List.of(a, b));
    Row raw = SweepSummary.compute(df).first();
    assertEquals("lowest-loss checkpoint", raw.getAs("metrics"));
    SummaryRow cp = SweepSummary.collect(SweepSummary.compute(df)).get(0);
    assertEquals((a.best().get("acc") + b.best().get("acc")) / 2, cp.spread("acc").mean(), EPS);
    assertEquals((a.best().get("nmi") + b.best().get("nmi")) / 2, cp.spread("nmi").mean(), EPS);
    assertEquals(2, cp.bestSeed(), "best run by best_loss");
    assertEquals(b.best().get("acc"), cp.best().get("acc"), EPS);
    assertEquals(0.5, cp.bestLoss(), EPS);

    SummaryRow fin = SweepSummary.collect(SweepSummary.compute(df, MetricSource.FINAL)).get(0);
    assertEquals((a.last().get("acc") + b.last().get("acc")) / 2, fin.spread("acc").mean(), EPS);
    assertEquals(1, fin.bestSeed(), "last-epoch view: best run by final_loss");
    assertEquals(a.last().get("acc"), fin.best().get("acc"), EPS);
    assertEquals(1.0, fin.bestLoss(), EPS);
  }

  @Test
  void everyTableHeaderNamesItsView() throws IOException {
    String other = tmp.resolve("views").toUri().toString();
    SyntheticSweep.write(spark, other);
    SweepAnalysis cp = SweepSummary.write(spark, other);
    assertEquals(MetricSource.CHECKPOINT, cp.source());
    String md = Files.readString(tmp.resolve("views").resolve(SweepSummary.SUMMARY_MD));
    for (String h :
        new String[] {
          "# Sweep summary",
          "## ACC",
          "## NMI",
          "## OFM (companion models)",
          "## Paired comparisons"
        }) {
      assertTrue(
          md.contains(h + " — lowest-loss checkpoint, diverged runs included\n"), h + " in\n" + md);
    }
    // mnist/ddc: best_acc = final_acc − 0.005 → mean 0.825; best run seed 5 (best_acc 0.845)
    assertTrue(md.contains("| ddc | 0.825 ± 0.016 (0.845) |"), md);
    assertTrue(
        Files.readAllLines(tmp.resolve("views").resolve(SweepSummary.SUMMARY_CSV))
            .get(1)
            .startsWith("lowest-loss checkpoint,mnist,ddc,"));
    assertTrue(
        Files.readAllLines(tmp.resolve("views").resolve(SweepSummary.PAIRED_CSV))
            .get(1)
            .startsWith("lowest-loss checkpoint,mnist,ddc,"));

    SweepSummary.write(spark, other, MetricSource.FINAL);
    md = Files.readString(tmp.resolve("views").resolve(SweepSummary.SUMMARY_MD));
    assertTrue(md.contains("## ACC — last epoch, diverged runs included\n"), md);
    assertTrue(md.contains("| ddc | 0.830 ± 0.016 (0.850) |"), md);
    assertFalse(md.contains("lowest-loss checkpoint"), md);
  }

  @Test
  void metricsViewIsParsedAndValidated() {
    assertEquals(MetricSource.FINAL, MetricSource.parse("final"));
    assertEquals(MetricSource.CHECKPOINT, MetricSource.parse(" Checkpoint "));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> MetricSource.parse("best"));
    com.typesafe.config.Config c = new org.ucospark.config.ConfigLoader().load();
    assertEquals(MetricSource.CHECKPOINT, SweepSpec.metrics(c), "reference.conf default");
    org.ucospark.UcoException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.ucospark.UcoException.class,
            () ->
                SweepSpec.metrics(
                    new org.ucospark.config.ConfigLoader()
                        .withOverrides(List.of("sweep.metrics=best"))
                        .load()));
    assertTrue(
        e.getMessage().contains("key 'sweep.metrics' must be checkpoint or final, got best"),
        e.getMessage());
  }

  @Test
  void allFailedGroupHasNoBestRun() {
    List<TrialRecord> recs =
        List.of(
            TrialRecord.failed(
                new TrialKey("x", "s", "mnist", "ohc", 1, "{}"), 1, "boom", "e", "t", 1));
    List<SummaryRow> r = SweepSummary.collect(SweepSummary.compute(toDataFrame(recs)));
    assertEquals(1, r.size());
    assertEquals(0, r.get(0).runs());
    assertEquals(1, r.get(0).failed());
    assertNull(r.get(0).bestSeed());
    assertTrue(Double.isNaN(r.get(0).spread("acc").mean()));
  }

  @Test
  void pairedComparisons() {
    assertEquals(6, analysis.paired().size());
    PairedComparison.Result first = analysis.paired().get(0);
    assertEquals("mnist", first.dataset());
    assertEquals("ddc", first.modelA());
    assertEquals("ddc_uco", first.modelB());
    assertEquals(5, first.stat("acc").n());
    assertEquals(-0.02, first.stat("acc").meanDiff(), EPS);
    assertEquals(0, first.stat("acc").wins());
    assertEquals(5, first.stat("acc").losses());
    assertEquals(0.0625, first.stat("acc").p(), 1e-12, "all 5 differences one sign: 2/2^5");
    assertEquals(0.0625, first.stat("nmi").p(), 1e-12);

    PairedComparison.Result ae = analysis.paired().get(1);
    assertEquals("ddc_ae", ae.modelB());
    assertEquals(4, ae.stat("acc").wins());
    assertEquals(1, ae.stat("acc").losses());
    assertEquals(0.125, ae.stat("acc").p(), 1e-12, "W = 14 of 15: 2·2/2^5");
    assertEquals((4 * 0.01 - 0.005) / 5, ae.stat("acc").meanDiff(), EPS);

    PairedComparison.Result ucoAe = analysis.paired().get(2);
    assertEquals("ddc_uco", ucoAe.modelA());
    assertEquals(5, ucoAe.stat("acc").wins());
    assertEquals(0.0625, ucoAe.stat("acc").p(), 1e-12);
    assertEquals("usps", analysis.paired().get(3).dataset());
  }

  @Test
  void summaryFiles() throws IOException {
    Path dir = tmp.resolve("sweep");
    String md = Files.readString(dir.resolve(SweepSummary.SUMMARY_MD));
    assertTrue(md.contains("| model | mnist | usps |"), md);
    assertTrue(md.contains("| ddc | 0.830 ± 0.016 (0.850) | 0.730 ± 0.016 (0.750) |"), md);
    assertTrue(md.contains("| ddc_uco | 0.850 ± 0.016 (0.850) | 0.750 ± 0.016 (0.750) |"), md);
    assertTrue(md.contains("## NMI"));
    assertTrue(md.contains("| ddc | 0.730 ± 0.016 (0.750) | 0.630 ± 0.016 (0.650) |"), md);
    assertTrue(md.contains("## OFM"));
    assertFalse(
        md.substring(md.indexOf("## OFM"), md.indexOf("## Runs")).contains("| ddc |"),
        "ddc has no OFM row");
    assertTrue(md.contains("| ddc_ae | 5 / 0 / 0 | 5 / 1 / 0 |"), md);
    assertTrue(md.contains("| mnist | ddc | ddc_uco | 5 | -0.020 | 0/0/5 | 0.0625 |"), md);
    String failed = md.substring(md.indexOf("## Failed trials"));
    assertTrue(
        failed.contains(
            "| "
                + SyntheticSweep.FAILED_ID
                + " | ddc_ae | usps | {} | 6 | 2 | "
                + "java.lang.IllegalStateException: loss is NaN, epoch 12 \\| batch \"3\" |"),
        failed);
    assertFalse(failed.contains(SyntheticSweep.RETRIED_ID), "retried trial finished");

    String tex = Files.readString(dir.resolve(SummaryLatex.FILE));
    assertTrue(
        tex.contains(
            "ddc\\_uco & $\\textbf{0.850} \\pm 0.016$ & $\\textbf{0.750} \\pm 0.016$ \\\\"),
        tex);
    assertTrue(
        md.contains("## Provenance")
            && md.contains("| git_commit | ")
            && md.contains("| spark | 3.5"),
        md);

    List<String> csv = Files.readAllLines(dir.resolve(SweepSummary.SUMMARY_CSV));
    assertEquals(7, csv.size());
    assertEquals(
        "metrics,dataset,model,params,runs,failed,acc_mean,acc_std,nmi_mean,nmi_std,ari_mean,ari_std,"
            + "ofm_mean,ofm_std,best_seed,best_acc,best_nmi,best_loss,diverged,selection_only,"
            + "diverged_runs",
        csv.get(0));
    String[] ddc = csv.get(1).split(",", -1);
    assertEquals("last epoch", ddc[0]);
    assertEquals("mnist", ddc[1]);
    assertEquals("ddc", ddc[2]);
    assertEquals("5", ddc[4]);
    assertEquals(0.83, Double.parseDouble(ddc[6]), EPS);
    assertEquals("", ddc[12], "NaN OFM is an empty field");
    assertEquals("5", ddc[14]);

    List<String> paired = Files.readAllLines(dir.resolve(SweepSummary.PAIRED_CSV));
    assertEquals(7, paired.size());
    assertTrue(paired.get(1).startsWith("last epoch,mnist,ddc,{},ddc_uco,{},5,"), paired.get(1));
    assertEquals(0.0625, Double.parseDouble(paired.get(1).split(",")[11]), 1e-12);

    Dataset<Row> pq = spark.read().parquet(dir.resolve(SweepSummary.SUMMARY_PARQUET).toString());
    assertEquals(6, pq.count());
    Row r = pq.where("dataset = 'usps' AND model = 'ddc_ae'").first();
    assertEquals(1, r.<Integer>getAs("failed"));
    assertEquals(1, r.<Integer>getAs("best_seed"));
    try (Stream<Path> s = Files.list(dir)) {
      assertTrue(
          s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temp leftovers");
    }
  }

  @Test
  void rewriteReplacesOutputs() throws IOException {
    SweepSummary.write(spark, sweepDir, MetricSource.FINAL);
    Path dir = tmp.resolve("sweep");
    assertEquals(
        6, spark.read().parquet(dir.resolve(SweepSummary.SUMMARY_PARQUET).toString()).count());
    try (Stream<Path> s = Files.list(dir)) {
      assertTrue(
          s.noneMatch(
              p ->
                  p.getFileName().toString().contains(".old-")
                      || p.getFileName().toString().contains(".tmp-")));
    }
  }
}
