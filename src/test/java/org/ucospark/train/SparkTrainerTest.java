package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/**
 * What one parameter-averaging round costs in Spark jobs: with either approach, one job per round
 * (the workers' fit and DL4J's treeAggregate), no per-round repartitioning or count job, and no
 * epoch's batches left cached afterwards.
 */
class SparkTrainerTest extends UspsRunFixture {
  @Test
  void eachAveragingRoundIsOneSparkJobAndTheEpochsBatchesAreFreed() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Set<Integer> cachedBefore = new HashSet<>(jsc.getPersistentRDDs().keySet());
    List<String> jobs = trainingJobs("direct");
    long counts = jobs.stream().filter(j -> j.startsWith("collect at SparkUtils")).count();
    assertEquals(8, fitJobs(jobs), "one fit job per round, 4 rounds in each of 2 epochs: " + jobs);
    assertEquals(0, counts, "no partition-count job of DL4J's repartitioning: " + jobs);
    Set<Integer> cachedAfter = new HashSet<>(jsc.getPersistentRDDs().keySet());
    cachedAfter.removeAll(cachedBefore);
    assertTrue(cachedAfter.isEmpty(), "RDDs the run left cached: " + cachedAfter);
  }

  @Test
  void anExportedRoundIsOneSparkJobWithoutDl4jsCountOfItsPaths() {
    List<String> jobs = trainingJobs("export");
    long counts =
        jobs.stream()
            .filter(j -> j.startsWith("count at ParameterAveragingTrainingMaster"))
            .count();
    assertEquals(8, fitJobs(jobs), "one fit job per round, 4 rounds in each of 2 epochs: " + jobs);
    assertEquals(0, counts, "no count job of the round's batch paths: " + jobs);
  }

  private static long fitJobs(List<String> jobs) {
    return jobs.stream()
        .filter(j -> j.startsWith("treeAggregate at ParameterAveragingTrainingMaster"))
        .count();
  }

  /**
   * The Spark jobs of a ddc run of 2 epochs of 960 images (8 batches of 120) on 2 workers averaging
   * every batch (4 rounds per epoch), each named by its action: the name of its last stage, e.g.
   * "treeAggregate at ParameterAveragingTrainingMaster…".
   */
  private List<String> trainingJobs(String approach) {
    List<String> jobs = new CopyOnWriteArrayList<>();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            StageInfo last = null;
            for (StageInfo s : JavaConverters.seqAsJavaList(start.stageInfos())) {
              last = last == null || s.stageId() > last.stageId() ? s : last;
            }
            jobs.add(last == null ? "" : last.name());
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      train(
          settings(
              "ddc_usps",
              "data.limit=960",
              "epochs=2",
              "eval_interval=100",
              "train.workers=2",
              "train.averaging_frequency=1",
              "train.approach=" + approach),
          false);
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    return jobs;
  }
}
