package org.ucospark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ucospark.testing.StandaloneCluster;
import org.ucospark.testing.TestSpark;

/**
 * The Java harness: a master and two workers as separate JVMs, and a job whose tasks run on both
 * executors.
 */
class StandaloneClusterTest {
  @Test
  @Timeout(180)
  void jobRunsOnTwoExecutorsInSeparateJvms() throws Exception {
    // One SparkContext per JVM: stop the shared local session (TestSpark makes a new one when asked
    // again).
    TestSpark.stopDefaultSession();

    try (StandaloneCluster cluster = StandaloneCluster.start(2)) {
      assertTrue(cluster.masterUrl().startsWith("spark://127.0.0.1:"), cluster.masterUrl());
      assertEquals(2, cluster.aliveWorkers());
      SparkSession spark =
          SparkSession.builder().config(cluster.sparkConf("standalone-cluster-test")).getOrCreate();
      try {
        Set<String> executors = StandaloneCluster.executorsRunningTasks(spark);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Wait for both executors before the job, so the scheduler can spread the tasks.
        long deadline = System.currentTimeMillis() + 60_000;
        while (spark.sparkContext().getExecutorMemoryStatus().size() < 3
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(200);
        }
        // 8 tasks that each take a moment, and touch ND4J on the executor (DL4J on the executors'
        // classpath).
        long sum =
            jsc.parallelize(IntStream.range(0, 8).boxed().collect(Collectors.toList()), 8)
                .map(
                    i -> {
                      Thread.sleep(300);
                      return (long) org.nd4j.linalg.factory.Nd4j.ones(2, 2).sumNumber().intValue()
                          * i;
                    })
                .reduce(Long::sum);
        assertEquals(4L * 28, sum);
        spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
        assertEquals(Set.of("0", "1"), executors, "executors that ran tasks");
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      } finally {
        spark.stop();
        SparkSession.clearDefaultSession();
        SparkSession.clearActiveSession();
      }
    }
  }
}
