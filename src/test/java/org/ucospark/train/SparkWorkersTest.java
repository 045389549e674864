package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.ucospark.io.HadoopFs;
import org.ucospark.model.ModelParams;
import org.ucospark.model.Networks;
import org.ucospark.testing.Cli;

/**
 * Spark-mode training with 1, 2 and 3 parameter-averaging workers on local[2], for batch counts
 * that do and do not divide among the workers, on DL4J's export approach (the default on a local
 * master). One worker with 8 batches used to fail with a NullPointerException in DL4J's {@code
 * processResults}: its export read the paths back in 2 partitions of 4, so some of the 8 averaging
 * rounds had no batch at all.
 */
class SparkWorkersTest extends UspsRunFixture {
  @ParameterizedTest(name = "{0} worker(s), {1} rows")
  @CsvSource({"1,960", "1,840", "2,960", "2,840", "3,960", "3,840"})
  void trainsEveryBatchOnceWhateverTheWorkerCount(int workers, int rows) throws Exception {
    Path run = tmp.resolve("run-" + workers + "-" + rows);
    Cli.Result r =
        Cli.run(
            "train",
            "--experiment",
            "ddc_usps",
            "--run-dir",
            run.toString(),
            "--set",
            "data.path=" + usps,
            "--set",
            "data.limit=" + rows,
            "--set",
            "spark.master=local[2]",
            "--set",
            "train.workers=" + workers,
            "--set",
            "epochs=1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("export approach"), r.out());
    assertTrue(Files.exists(run.resolve("summary.json")), "no summary.json");
    try (var left = Files.list(run.resolve("export"))) {
      assertEquals(List.of(), left.toList(), "exported batches left after the epoch");
    } catch (java.nio.file.NoSuchFileException gone) {
      // nothing exported is left
    }
  }

  /** Each of the epoch's batches is fitted by exactly one worker, once, in every epoch. */
  @ParameterizedTest(name = "{0} worker(s), {1} rows")
  @CsvSource({"1,960", "3,840"})
  void everyBatchIsFittedExactlyOnce(int workers, int rows) {
    RunSettings s = settings("ddc_usps", "train.workers=" + workers, "train.approach=export");
    TrainingData data =
        new TrainingData(new HadoopFs(spark.sparkContext().hadoopConfiguration()), usps, rows);
    ModelParams params = TrainingRun.params(s, data);
    LongAccumulator fitted = spark.sparkContext().longAccumulator("batches fitted");
    Path export = tmp.resolve("export");
    try (SparkTrainer trainer =
        new SparkTrainer(
            spark,
            JavaSparkContext.fromSparkContext(spark.sparkContext()),
            Networks.create(params),
            params,
            data,
            s,
            export.toString())) {
      trainer.addHook(new CountingHook(fitted));
      for (int epoch = 1; epoch <= 2; epoch++) {
        fitted.reset();
        assertTrue(Double.isFinite(trainer.fitEpoch(epoch)));
        assertEquals(rows / 120, fitted.value(), "batches fitted in epoch " + epoch);
        assertFalse(Files.exists(export.resolve("epoch-" + epoch)), "epoch's export left");
      }
    }
  }

  static final class CountingHook implements TrainingHook {
    private static final long serialVersionUID = 1L;
    private final LongAccumulator fitted;

    CountingHook(LongAccumulator fitted) {
      this.fitted = fitted;
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {}

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
      fitted.add(1);
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {}

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
      fitted.add(1);
    }
  }
}
