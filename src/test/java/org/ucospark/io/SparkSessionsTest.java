package org.ucospark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * The executors' ND4J thread count of a session ({@link SparkSessions#withExecutorThreads}): as
 * many OpenMP threads as executor cores under a plain spark-submit, the user's own setting kept.
 */
class SparkSessionsTest {
  private static final String OMP = "spark.executorEnv.OMP_NUM_THREADS";

  @Test
  void executorsGetOneOpenMpThreadPerExecutorCore() {
    SparkConf conf =
        new SparkConf(false).setMaster("spark://127.0.0.1:7077").set("spark.executor.cores", "3");
    assertEquals("3", SparkSessions.withExecutorThreads(conf).get(OMP));
  }

  @Test
  void yarnAndKubernetesExecutorsWithoutCoresGetOneThread() {
    assertEquals(
        "1", SparkSessions.withExecutorThreads(new SparkConf(false).setMaster("yarn")).get(OMP));
    assertEquals(
        "1",
        SparkSessions.withExecutorThreads(new SparkConf(false).setMaster("k8s://https://k:443"))
            .get(OMP));
  }

  @Test
  void theUsersOwnThreadCountIsKept() {
    SparkConf conf =
        new SparkConf(false).setMaster("yarn").set("spark.executor.cores", "4").set(OMP, "2");
    assertEquals("2", SparkSessions.withExecutorThreads(conf).get(OMP));
  }

  @Test
  void standaloneExecutorsWithoutCoresTakeTheirWorkersCores() {
    assertFalse(
        SparkSessions.withExecutorThreads(new SparkConf(false).setMaster("spark://h:7077"))
            .contains(OMP));
    assertFalse(
        SparkSessions.withExecutorThreads(new SparkConf(false).setMaster("local[2]"))
            .contains(OMP));
  }

  @Test
  void s3aOutputGoesThroughTheMagicCommitterUnlessTheUserChoseAnother() {
    // spark-hadoop-cloud is on the test classpath (as on EMR or a hadoop-cloud build of Spark)
    SparkConf conf = SparkSessions.withCloudCommitters(new SparkConf(false));
    assertEquals(
        SparkSessions.CLOUD_COMMIT_PROTOCOL, conf.get("spark.sql.sources.commitProtocolClass"));
    assertEquals("magic", conf.get("spark.hadoop.fs.s3a.committer.name"));
    assertEquals(
        "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory",
        conf.get("spark.hadoop.mapreduce.outputcommitter.factory.scheme.s3a"));
    SparkConf chosen =
        SparkSessions.withCloudCommitters(
            new SparkConf(false).set("spark.hadoop.fs.s3a.committer.name", "directory"));
    assertEquals("directory", chosen.get("spark.hadoop.fs.s3a.committer.name"));
  }
}
