package org.ucospark.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.ucospark.eval.Scores;

/**
 * A synthetic sweep with known numbers: data sets mnist, usps; models ddc, ddc_uco, ddc_ae; seeds
 * 1..5; params "{}".
 *
 * <ul>
 *   <li>final ACC of ddc = base + 0.01·seed (base 0.80 mnist, 0.70 usps) → mean base + 0.03, sample
 *       std 0.01·sqrt(2.5); ddc_uco = ddc + 0.02; ddc_ae = ddc − 0.01, except seed 1: ddc + 0.005;
 *   <li>NMI = ACC − 0.1, ARI = ACC − 0.2; OFM: ddc NaN, ddc_uco 0.5 + 0.01·seed, ddc_ae 0.2 +
 *       0.01·seed;
 *   <li>final loss = 1 + 0.1·((3·seed + k) mod 5), k = model index → best seed 5 (ddc), 3
 *       (ddc_uco), 1 (ddc_ae);
 *   <li>mnist/ddc/seed 3 failed in attempt 1 and finished in attempt 2; usps/ddc_ae/seed 6 failed
 *       in attempts 1 and 2 (stays failed).
 * </ul>
 */
public final class SyntheticSweep {

  public static final List<String> DATASETS = List.of("mnist", "usps");
  public static final List<String> MODELS = List.of("ddc", "ddc_uco", "ddc_ae");
  public static final String FAILED_ID = "t-usps-ddc_ae-6";
  public static final String RETRIED_ID = "t-mnist-ddc-3";
  public static final String ERROR =
      "java.lang.IllegalStateException: loss is NaN, epoch 12 | batch \"3\"\n\tat x.y(Z.java:1)";

  private SyntheticSweep() {}

  public static double acc(String dataset, String model, int seed) {
    double ddc = (dataset.equals("mnist") ? 0.80 : 0.70) + 0.01 * seed;
    return switch (model) {
      case "ddc" -> ddc;
      case "ddc_uco" -> ddc + 0.02;
      default -> seed == 1 ? ddc + 0.005 : ddc - 0.01;
    };
  }

  public static double ofm(String model, int seed) {
    return switch (model) {
      case "ddc" -> Double.NaN;
      case "ddc_uco" -> 0.5 + 0.01 * seed;
      default -> 0.2 + 0.01 * seed;
    };
  }

  public static double loss(String model, int seed) {
    return 1 + 0.1 * ((3 * seed + MODELS.indexOf(model)) % 5);
  }

  public static TrialRecord finished(String dataset, String model, int seed, int attempt) {
    double acc = acc(dataset, model, seed);
    double ofm = ofm(model, seed);
    double loss = loss(model, seed);
    List<HistoryPoint> h = new ArrayList<>();
    for (int e = 0; e <= 40; e += 4) {
      double f = 0.4 + 0.6 * Math.sqrt(e / 40.0);
      double a = acc * f - 0.002 * ((seed * 7 + e) % 5);
      h.add(
          new HistoryPoint(
              e,
              scores(a, a - 0.1, a - 0.2),
              Double.isNaN(ofm) ? Double.NaN : ofm * (1.2 - 0.2 * e / 40.0) + 0.01 * (seed % 3),
              loss + 2.0 * (1 - e / 40.0)));
    }
    return new TrialRecord(
        new TrialKey(id(dataset, model, seed), "synthetic", dataset, model, seed, "{}"),
        attempt,
        TrialRecord.FINISHED,
        null,
        "executor-" + (seed % 2),
        "2025-01-01T00:0" + attempt + ":00Z",
        12.5 * seed,
        40,
        1000.0 + seed,
        new TrialScores(scores(acc, acc - 0.1, acc - 0.2), ofm, loss, pairwise(model, seed)),
        new TrialScores(
            scores(acc - 0.005, acc - 0.105, acc - 0.205), ofm, loss - 0.05, pairwise(model, seed)),
        new TrialScores(scores(acc - 0.005, acc - 0.105, acc - 0.205), ofm, loss - 0.06, null),
        h,
        true,
        null);
  }

  /** ACC, NMI and ARI as scores. */
  public static Scores scores(double acc, double nmi, double ari) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("acc", acc);
    m.put("nmi", nmi);
    m.put("ari", ari);
    return new Scores(m);
  }

  /** Terms of the synthetic pairwise OFM (ddc_uco only). */
  public static final List<String> PAIRWISE_TERMS =
      List.of("ddc_1", "ddc_2", "ddc_3", "uco/0", "uco/1");

  /**
   * cos(t_i, t_j) of a synthetic ddc_uco run: 0.1·(i + j) − 0.4 + 0.01·seed (i ≠ j), 1 on the
   * diagonal.
   */
  public static double cosine(int i, int j, int seed) {
    return i == j ? 1.0 : 0.1 * (i + j) - 0.4 + 0.01 * seed;
  }

  /**
   * The pairwise OFM JSON of a synthetic run: a symmetric matrix for ddc_uco, "{}" for the others.
   */
  public static String pairwise(String model, int seed) {
    if (!model.equals("ddc_uco")) {
      return "{}";
    }
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < PAIRWISE_TERMS.size(); i++) {
      sb.append(i > 0 ? "," : "").append('"').append(PAIRWISE_TERMS.get(i)).append("\":{");
      for (int j = 0; j < PAIRWISE_TERMS.size(); j++) {
        sb.append(j > 0 ? "," : "")
            .append('"')
            .append(PAIRWISE_TERMS.get(j))
            .append("\":")
            .append(cosine(i, j, seed));
      }
      sb.append('}');
    }
    return sb.append('}').toString();
  }

  public static String id(String dataset, String model, int seed) {
    return "t-" + dataset + "-" + model + "-" + seed;
  }

  /** First batch of attempts: every trial's attempt 1. */
  public static List<TrialRecord> firstAttempts() {
    List<TrialRecord> out = new ArrayList<>();
    for (String d : DATASETS) {
      for (String m : MODELS) {
        for (int s = 1; s <= 5; s++) {
          if (d.equals("mnist") && m.equals("ddc") && s == 3) {
            out.add(
                TrialRecord.failed(
                    new TrialKey(RETRIED_ID, "synthetic", d, m, s, "{}"),
                    1,
                    "OOM",
                    "executor-1",
                    "2025-01-01T00:01:00Z",
                    3.0));
          } else {
            out.add(finished(d, m, s, 1));
          }
        }
      }
    }
    out.add(
        TrialRecord.failed(
            new TrialKey(FAILED_ID, "synthetic", "usps", "ddc_ae", 6, "{}"),
            1,
            "first",
            "executor-0",
            "2025-01-01T00:01:00Z",
            1.0));
    return out;
  }

  /** Second batch: the retries. */
  public static List<TrialRecord> retries() {
    return List.of(
        finished("mnist", "ddc", 3, 2),
        TrialRecord.failed(
            new TrialKey(FAILED_ID, "synthetic", "usps", "ddc_ae", 6, "{}"),
            2,
            ERROR,
            "executor-1",
            "2025-01-01T00:02:00Z",
            2.0));
  }

  /** Writes both batches (two appends) under {@code sweepDir}. */
  public static void write(SparkSession spark, String sweepDir) {
    TrialsTable.append(spark, sweepDir, firstAttempts());
    TrialsTable.append(spark, sweepDir, retries());
  }

  public static SparkSession spark() {
    SparkSession s =
        SparkSession.builder()
            .master("local[2]")
            .appName("uco-spark-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.host", "127.0.0.1")
            // tiny tables: interpreted execution and no AQE re-planning are faster than codegen
            .config("spark.sql.codegen.wholeStage", "false")
            .config("spark.sql.adaptive.enabled", "false")
            .getOrCreate();
    s.sparkContext().setLogLevel("WARN");
    return s;
  }
}
