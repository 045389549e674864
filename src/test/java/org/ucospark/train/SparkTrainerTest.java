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
 * What one parameter-averaging round costs in Spark jobs: with the defaults, one job per round (the
 * workers' fit and DL4J's treeAggregate) and no per-round repartitioning job, and no epoch's
 * batches left cached afterwards.
 */
class SparkTrainerTest extends UspsRunFixture {
  @Test
  void eachAveragingRoundIsOneSparkJobAndTheEpochsBatchesAreFreed() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Set<Integer> cachedBefore = new HashSet<>(jsc.getPersistentRDDs().keySet());
    List<String> jobs = new CopyOnWriteArrayList<>();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            // The job's action: the name of its last stage, e.g. "treeAggregate at
            // ParameterAveragingTrainingMaster…".
            StageInfo last = null;
            for (StageInfo s : JavaConverters.seqAsJavaList(start.stageInfos())) {
              last = last == null || s.stageId() > last.stageId() ? s : last;
            }
            jobs.add(last == null ? "" : last.name());
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      // 960 images = 8 batches of 120 per epoch; 2 workers averaging every batch = 4 rounds per
      // epoch.
      train(
          settings(
              "ddc_usps",
              "data.limit=960",
              "epochs=2",
              "eval_interval=100",
              "train.workers=2",
              "train.approach=direct"),
          false);
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    long rounds =
        jobs.stream()
            .filter(j -> j.startsWith("treeAggregate at ParameterAveragingTrainingMaster"))
            .count();
    long counts = jobs.stream().filter(j -> j.startsWith("collect at SparkUtils")).count();
    assertEquals(8, rounds, "one fit job per round, 4 rounds in each of 2 epochs: " + jobs);
    assertEquals(0, counts, "no partition-count job of DL4J's repartitioning: " + jobs);
    Set<Integer> cachedAfter = new HashSet<>(jsc.getPersistentRDDs().keySet());
    cachedAfter.removeAll(cachedBefore);
    assertTrue(cachedAfter.isEmpty(), "RDDs the run left cached: " + cachedAfter);
  }
}
