package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A Spark-mode (parameter averaging) run resumed from a checkpoint ends where the uninterrupted run
 * ends: the state a checkpoint cannot hold (DL4J's training-master random splits) is a function of
 * (seed, epoch).
 */
class SparkResumeTest extends UspsRunFixture {
  @Test
  void resumedParameterAveragingRunEndsLikeAnUninterruptedOne() {
    String[] common = {
      "data.limit=480", "epochs=3", "eval_interval=3", "train.workers=2", "ofm.max_batches=1"
    };
    RunOutcome expected = train(spark("straight", common), false);
    RunSettings crashing = spark("crashing", common);
    crashAfterEpoch(spark("crashing", append(common, "checkpoint_interval=1")), 2);
    RunOutcome resumed = train(crashing, true);
    assertEquals(expected.finalEpoch(), resumed.finalEpoch());
    assertEquals(expected.finalResult().loss(), resumed.finalResult().loss(), 1e-6);
    assertEquals(expected.finalResult().acc(), resumed.finalResult().acc(), 1e-12);
    assertEquals(expected.finalResult().nmi(), resumed.finalResult().nmi(), 1e-12);
  }

  private RunSettings spark(String runDir, String... overrides) {
    return settings("ddc_usps", append(overrides, "run_dir=" + tmp.resolve(runDir)));
  }

  private static String[] append(String[] a, String b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + 1);
    all[a.length] = b;
    return all;
  }
}
