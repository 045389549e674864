package org.ucospark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigLoader;
import org.ucospark.testing.TestSpark;

/** Real sweeps on local[2]: grid expansion, a failing grid point, resume after a partial run. */
class SweepRunnerTest {
  @TempDir static Path prepared;
  static SparkSession spark;

  @TempDir Path tmp;

  @BeforeAll
  static void prepareUsps() {
    spark = TestSpark.session();
    TestSpark.prepareUsps(spark, prepared);
  }

  /** A sweep of ddc on 120 USPS images: 2 seeds x rel_sigma in {0.15, -1}; -1 is impossible. */
  static final String SWEEP =
      """
      sweep {
        name = test
        datasets = [usps]
        models = [ddc]
        seeds = 2
        axes { "loss.rel_sigma" = [0.15, -1] }
        set { epochs = 1, batch_size = 60, data.limit = 120, ofm.max_batches = 1 }
        max_attempts = 2
        parallelism = 2
      }
      """;

  static Function<List<Config>, Config> resolver() {
    return layers -> {
      ConfigLoader loader = new ConfigLoader();
      layers.forEach(loader::withConfig);
      return loader.load();
    };
  }

  SweepSpec spec() {
    return SweepSpec.from(
        new ConfigLoader()
            .withConfig(ConfigFactory.parseString(SWEEP))
            .withOverrides(List.of("sweep.data_root=" + prepared))
            .load());
  }

  @Test
  void gridExpandsWithStableIdsAndPairedSeeds() {
    List<TrialSpec> a = spec().trials(resolver());
    List<TrialSpec> b = spec().trials(resolver());
    assertEquals(4, a.size());
    assertEquals(
        a.stream().map(TrialSpec::trialId).toList(), b.stream().map(TrialSpec::trialId).toList());
    assertEquals(4, a.stream().map(TrialSpec::trialId).distinct().count());
    assertEquals(
        List.of("{\"loss.rel_sigma\":0.15}", "{\"loss.rel_sigma\":-1}"),
        a.stream().map(TrialSpec::params).distinct().toList());
    assertEquals(List.of(0, 1), a.stream().map(TrialSpec::seed).distinct().sorted().toList());
  }

  @Test
  void failingGridPointDoesNotStopTheOthersAndResumeRunsOnlyWhatIsMissing() throws Exception {
    String dir = tmp.resolve("sweep").toString();
    List<TrialSpec> trials = spec().trials(resolver());

    // A sweep killed after two trials: only the first two made it into the trials table.
    SweepRunner.Progress partial =
        new SweepRunner(spark, spec(), dir, System.out).run(trials.subList(0, 2));
    assertEquals(2, partial.finished() + partial.failed());

    SweepRunner.Progress resumed =
        new SweepRunner(spark, spec(), dir, System.out)
            .run(
                trials,
                new org.ucospark.cli.SweepEpilogue(
                    org.ucospark.report.RunReport.defaultTsnePoints()));
    long finishedFirst = partial.finished();
    assertEquals(finishedFirst, resumed.skipped(), "finished trials are skipped");
    List<TrialRecord> latest = TrialsTable.latestRecords(spark, dir);
    assertEquals(4, latest.size());
    assertEquals(2, latest.stream().filter(TrialRecord::finished).count());
    for (TrialRecord failed : latest.stream().filter(r -> !r.finished()).toList()) {
      assertEquals("{\"loss.rel_sigma\":-1}", failed.params());
      assertEquals(2, failed.attempt(), "retried up to max_attempts");
      assertTrue(failed.error().contains("loss.rel_sigma"), failed.error());
    }
    String summary = Files.readString(tmp.resolve("sweep/summary.md"));
    assertTrue(summary.contains("failed"), summary);
    assertTrue(Files.exists(tmp.resolve("sweep/report/index.html")));

    // An uninterrupted sweep of the same trials gives the same numbers.
    String fresh = tmp.resolve("fresh").toString();
    new SweepRunner(spark, spec(), fresh, System.out).run(trials);
    List<TrialRecord> again = TrialsTable.latestRecords(spark, fresh);
    for (TrialRecord r : latest.stream().filter(TrialRecord::finished).toList()) {
      TrialRecord twin =
          again.stream().filter(x -> x.trialId().equals(r.trialId())).findFirst().orElseThrow();
      assertEquals(r.last().get("acc"), twin.last().get("acc"), 1e-9);
      assertEquals(r.last().loss(), twin.last().loss(), 1e-5);
    }

    // Running a complete sweep again runs nothing.
    SweepRunner.Progress noop = new SweepRunner(spark, spec(), dir, System.out).run(trials);
    assertEquals(0, noop.finished() + noop.failed());
  }

  /**
   * A trial of a trial-parallel sweep runs in an executor task: its progress lines, its log
   * messages and the error that ended it go to its run directory's train.log, and the trials
   * table's error points there.
   */
  @Test
  void trialParallelTrialsWriteTheirLogToTheirRunDirectoryAndAFailedOnesErrorPointsToIt()
      throws Exception {
    String dir = tmp.resolve("logs").toString();
    SweepSpec spec =
        SweepSpec.from(
            new ConfigLoader()
                .withConfig(ConfigFactory.parseString(SWEEP))
                .withOverrides(
                    List.of(
                        "sweep.data_root=" + prepared,
                        "sweep.seeds=1",
                        "sweep.max_attempts=1",
                        "sweep.axes={\"loss.rel_sigma\" = [0.15, -1]}"))
                .load());
    assertEquals("trial-parallel", spec.mode());
    new SweepRunner(spark, spec, dir, System.out).run(spec.trials(resolver()));
    List<TrialRecord> records = TrialsTable.latestRecords(spark, dir);
    assertEquals(2, records.size());
    TrialRecord failed = records.stream().filter(r -> !r.finished()).findFirst().orElseThrow();
    TrialRecord finished = records.stream().filter(TrialRecord::finished).findFirst().orElseThrow();

    Path failedLog = tmp.resolve("logs/runs/" + failed.trialId() + "/train.log");
    assertTrue(
        failed.error().contains("loss.rel_sigma")
            && failed
                .error()
                .endsWith("(log: " + TrialRunner.runDir(dir, failed.trialId()) + "/train.log)"),
        failed.error());
    String log = Files.readString(failedLog);
    assertTrue(
        log.contains("ERROR TrialRunner: trial " + failed.trialId() + " (attempt 1) failed"), log);
    assertTrue(
        log.contains("UcoException: ")
            && log.contains("loss.rel_sigma")
            && log.contains("at org.ucospark."),
        log);

    String finishedLog =
        Files.readString(tmp.resolve("logs/runs/" + finished.trialId() + "/train.log"));
    assertTrue(
        finishedLog.contains("epoch   1/1")
            && finishedLog.contains("best (lowest loss)")
            && !finishedLog.contains("ERROR"),
        finishedLog);
    String md = Files.readString(tmp.resolve("logs/summary.md"));
    assertTrue(
        md.contains("(log: " + TrialRunner.runDir(dir, failed.trialId()) + "/train.log)"),
        "summary.md's failed trials keep the pointer to the log whole: " + md);
    assertEquals(null, TrialRunner.cause(null));
    assertEquals(
        failed.error().substring(0, failed.error().indexOf(" (log: ")),
        TrialRunner.cause(failed.error()));
  }

  /**
   * A trial whose loss becomes NaN is an outcome (docs/PROTOCOL.md, "survivorship"): diverged, not
   * retried (neither now nor when the sweep runs again), counted in the summary by default with
   * every cell saying how many of its runs diverged; {@code sweep.diverged = exclude} leaves it
   * out, and the table header says which.
   */
  @Test
  void aDivergedTrialIsNotRetriedAndTheSummaryCountsItAsDiverged() throws Exception {
    String dir = tmp.resolve("diverging").toString();
    SweepSpec spec =
        SweepSpec.from(
            new ConfigLoader()
                .withConfig(ConfigFactory.parseString(SWEEP))
                .withOverrides(
                    List.of(
                        "sweep.data_root=" + prepared,
                        "sweep.seeds=1",
                        "sweep.max_attempts=2",
                        "sweep.set.eval_interval=1",
                        // Adam moves every weight by about the learning rate per step: at 1e30
                        // epoch 1 is not finite
                        "sweep.axes={\"optimizer.learning_rate\" = [1e-3, 1e30]}"))
                .load());
    assertEquals(DivergedRuns.INCLUDE, spec.diverged(), "the default");
    List<TrialSpec> trials = spec.trials(resolver());
    SweepRunner.Progress p = new SweepRunner(spark, spec, dir, System.out).run(trials);
    assertEquals(0, p.failed());
    List<TrialRecord> records = TrialsTable.latestRecords(spark, dir);
    TrialRecord diverged =
        records.stream().filter(TrialRecord::isDiverged).findFirst().orElseThrow();
    assertTrue(diverged.params().contains("learning_rate"), diverged.params());
    assertEquals(
        1, records.stream().filter(r -> r.params().equals(diverged.params())).count(), "one");
    assertEquals(1, diverged.attempt(), "not retried");
    assertTrue(
        diverged.diverged().matches("diverged at epoch 1: [a-z_0-9/]+ = (NaN|-?Infinity)"),
        diverged.diverged());
    assertTrue(Double.isNaN(diverged.best().get("acc")), "no evaluation before the divergence");
    assertEquals(1, records.stream().filter(TrialRecord::finished).count());
    assertTrue(records.stream().filter(TrialRecord::finished).allMatch(TrialRecord::reevaluated));

    String md = Files.readString(tmp.resolve("diverging/summary.md"));
    assertTrue(md.contains("## ACC — lowest-loss checkpoint, diverged runs included"), md);
    assertTrue(md.contains("[1 diverged]"), md);
    assertTrue(md.contains("## Failed trials\n\nNone."), md);
    String csv = Files.readString(tmp.resolve("diverging/summary.csv"));
    assertTrue(csv.lines().skip(1).allMatch(l -> l.endsWith(",include")), csv);
    SummaryRow exploding =
        SweepSummary.analyse(spark, dir, MetricSource.CHECKPOINT).rows().stream()
            .filter(r -> r.params().equals(diverged.params()))
            .findFirst()
            .orElseThrow();
    assertEquals(1, exploding.runs(), "counted");
    assertEquals(1, exploding.diverged());
    assertEquals(0, exploding.failed());

    SweepSummary.write(spark, dir, MetricSource.CHECKPOINT, DivergedRuns.EXCLUDE);
    md = Files.readString(tmp.resolve("diverging/summary.md"));
    assertTrue(md.contains("## ACC — lowest-loss checkpoint, diverged runs excluded"), md);
    assertTrue(md.contains("| 0 / 0 / 1 |"), "counted / failed / diverged: " + md);

    SweepRunner.Progress again = new SweepRunner(spark, spec, dir, System.out).run(trials);
    assertEquals(0, again.finished() + again.failed(), "a diverged trial is not run again");

    UcoException e =
        assertThrows(
            UcoException.class,
            () ->
                SweepSpec.from(
                    new ConfigLoader()
                        .withConfig(ConfigFactory.parseString(SWEEP))
                        .withOverrides(List.of("sweep.diverged=drop"))
                        .load()));
    assertTrue(
        e.getMessage().contains("'sweep.diverged' must be include or exclude, got drop"),
        e.getMessage());
  }

  @Test
  void aTrialWhoseLogCannotBeOpenedStillRuns() throws Exception {
    String dir = tmp.resolve("unloggable").toString();
    SweepSpec spec =
        SweepSpec.from(
            new ConfigLoader()
                .withConfig(ConfigFactory.parseString(SWEEP))
                .withOverrides(
                    List.of("sweep.data_root=" + prepared, "sweep.seeds=1", "sweep.axes={}"))
                .load());
    TrialSpec trial = spec.trials(resolver()).get(0);
    Files.createDirectories(
        tmp.resolve("unloggable/runs/" + trial.trialId() + "/train.log/in-the-way"));
    TrialRecord r = TrialRunner.runInTask(trial, dir, 1);
    assertTrue(r.finished(), r.error());
  }

  @Test
  void trialThreadsAreTheCoresSharedByConcurrentTrialsUnlessSet() {
    String dir = tmp.resolve("threads").toString();
    List<String> overrides =
        List.of(
            "sweep.data_root=" + prepared,
            "sweep.axes={}",
            "sweep.seeds=1",
            "sweep.parallelism=1",
            "sweep.threads_per_trial=1");
    SweepSpec one =
        SweepSpec.from(
            new ConfigLoader()
                .withConfig(ConfigFactory.parseString(SWEEP))
                .withOverrides(overrides)
                .load());
    java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
    SweepRunner.Progress p =
        new SweepRunner(spark, one, dir, new java.io.PrintStream(said, true))
            .run(one.trials(resolver()));
    assertEquals(1, p.finished());
    assertTrue(
        said.toString()
            .contains("trial-parallel: up to 1 trial at a time, 1 thread each (2 cores)"),
        said.toString());

    UcoException e =
        assertThrows(
            UcoException.class,
            () ->
                SweepSpec.from(
                    new ConfigLoader()
                        .withConfig(ConfigFactory.parseString(SWEEP))
                        .withOverrides(List.of("sweep.threads_per_trial=-2"))
                        .load()));
    assertTrue(
        e.getMessage().contains("'sweep.threads_per_trial' must be at least 0, got -2"),
        e.getMessage());
  }

  @Test
  void smokeSweepSummaryShowsTheLowestLossCheckpointAndFinalIsOneOptionAway() throws Exception {
    String dir = tmp.resolve("views").toString();
    SweepSpec spec =
        SweepSpec.from(
            new ConfigLoader()
                .withConfig(ConfigFactory.parseString(SWEEP))
                .withOverrides(
                    List.of(
                        "sweep.data_root=" + prepared,
                        "sweep.axes={}",
                        "sweep.set.epochs=3",
                        "sweep.set.eval_interval=1",
                        "sweep.parallelism=2"))
                .load());
    assertEquals(MetricSource.CHECKPOINT, spec.metrics());
    new SweepRunner(spark, spec, dir, System.out).run(spec.trials(resolver()));
    List<TrialRecord> runs = TrialsTable.latestRecords(spark, dir);
    assertEquals(2, runs.stream().filter(TrialRecord::finished).count());
    String md = Files.readString(tmp.resolve("views/summary.md"));
    assertTrue(md.contains("## ACC — lowest-loss checkpoint"), md);
    assertTrue(md.contains("| ddc | " + expectedCell(runs, MetricSource.CHECKPOINT) + " |"), md);

    SweepSummary.write(spark, dir, MetricSource.FINAL);
    md = Files.readString(tmp.resolve("views/summary.md"));
    assertTrue(md.contains("## ACC — last epoch"), md);
    assertTrue(md.contains("| ddc | " + expectedCell(runs, MetricSource.FINAL) + " |"), md);
  }

  /**
   * The ACC cell "mean ± std (best)" computed directly from the trials' best_* or final_* columns.
   */
  private static String expectedCell(List<TrialRecord> runs, MetricSource source) {
    boolean cp = source == MetricSource.CHECKPOINT;
    double[] acc =
        runs.stream().mapToDouble(r -> cp ? r.best().get("acc") : r.last().get("acc")).toArray();
    TrialRecord best =
        runs.stream()
            .min(
                java.util.Comparator.comparingDouble(
                        (TrialRecord r) -> cp ? r.best().loss() : r.last().loss())
                    .thenComparingInt(TrialRecord::seed))
            .orElseThrow();
    return SummaryTables.cell(
        Stats.mean(acc),
        Stats.sampleStd(acc),
        cp ? best.best().get("acc") : best.last().get("acc"));
  }
}
