package org.ucospark.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ucospark.UcoException;
import org.ucospark.io.FolderLease;
import org.ucospark.io.HadoopFs;
import org.ucospark.nn.Dl4jBackend;

/**
 * The folder of one run, on any Hadoop file system:
 *
 * <pre>
 * metrics.jsonl         one JSON row per epoch (evaluation fields on evaluation epochs), the source of truth
 * metrics/              the same rows as Parquet, rewritten from metrics.jsonl after every evaluation
 * checkpoints/state.json   last checkpoint: epoch, best epoch and loss, elapsed time
 * checkpoints/epoch-NNNN.zip   DL4J model with updater (Adam) state; only the latest is kept
 * checkpoints/best.zip  the network with the lowest evaluated total loss (label-free selection)
 * checkpoints/targets-NNNN.bin   DEC's target distribution as computed before epoch NNNN (K, N, then N·K floats)
 * config.json           the resolved configuration, written when the run starts (checked by --resume)
 * summary.json          written at the end
 * </pre>
 *
 * Every file is written to a temporary sibling and renamed (on S3, in place: {@link
 * HadoopFs#write}), so a crash leaves the previous version intact. The shuffling needs no saved
 * random state: it is a function of (seed, epoch).
 */
public final class RunDirectory {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The lease a live {@code train} or {@code fit} holds on its run directory ({@code run.lock}): a
   * second one on the same folder is refused rather than writing the same checkpoints, exported
   * batches and summary at the same time (one of them then failed on the other's deleted files).
   * Taken over when its owner's process has ended, or {@link #LEASE_TIMEOUT_S} after the last
   * heartbeat of an owner on another host.
   */
  public static final FolderLease.Kind LEASE =
      new FolderLease.Kind("run.lock", "training run", "--run-dir");

  public static final long LEASE_TIMEOUT_S = 120;
  private final HadoopFs fs;
  private final Path root;

  public RunDirectory(HadoopFs fs, String location) {
    this.fs = fs;
    this.root = HadoopFs.path(location);
  }

  public Path root() {
    return root;
  }

  public Path path(String child) {
    return new Path(root, child);
  }

  /**
   * Whether this is a run that started and did not finish: its config.json is written when training
   * starts, its summary.json when the run ends.
   */
  public boolean unfinished() {
    return fs.exists(path("config.json")) && !fs.exists(path("summary.json"));
  }

  /**
   * The one-line account of an {@link #unfinished} run: where it stopped, and the command that
   * continues it (its own recorded configuration, so that ResumeGuard accepts it).
   */
  public String unfinishedMessage() {
    JsonNode config;
    try {
      config = JSON.readTree(fs.readString(path("config.json")));
    } catch (IOException e) {
      config = JSON.createObjectNode();
    }
    return root
        + ": a training run that did not finish (config.json but no summary.json; "
        + (hasCheckpoint()
            ? "its last checkpoint is epoch " + state().epoch()
            : "no checkpoint yet, so it starts over")
        + "); continue it with `uco-spark train --model "
        + config.path("model").asText("MODEL")
        + " --data "
        + config.path("data").path("path").asText("DATA")
        + " --config "
        + path("config.json")
        + " --resume`";
  }

  boolean exists(String child) {
    return fs.exists(path(child));
  }

  String read(String child) {
    return fs.readString(path(child));
  }

  /** Writes {@code child} atomically (a reader sees the old or the new text, never a part). */
  void write(String child, String text) {
    fs.writeStringAtomically(path(child), text + "\n");
  }

  /** What the last checkpoint recorded. */
  public record State(
      int epoch, int bestEpoch, double bestLoss, double elapsedSeconds, long images) {}

  public boolean hasCheckpoint() {
    return fs.exists(path("checkpoints/state.json"));
  }

  public State state() {
    try {
      JsonNode n = JSON.readTree(fs.readString(path("checkpoints/state.json")));
      // best_loss is null until the first evaluation (e.g. a DEC pre-training checkpoint): nothing
      // evaluated yet, so any evaluated loss is better (+inf, never NaN, which no comparison would
      // ever beat)
      JsonNode best = n.get("best_loss");
      double bestLoss = best == null || best.isNull() ? Double.POSITIVE_INFINITY : best.asDouble();
      return new State(
          n.get("epoch").asInt(),
          n.get("best_epoch").asInt(),
          bestLoss,
          n.get("elapsed_s").asDouble(),
          n.get("images").asLong());
    } catch (IOException e) {
      throw new UcoException(
          path("checkpoints/state.json") + ": not valid JSON: " + e.getMessage());
    }
  }

  /** Records the run's resolved configuration (JSON) as config.json. */
  public void recordConfig(String json) {
    fs.writeStringAtomically(path("config.json"), json + "\n");
  }

  /**
   * The configuration the run recorded: config.json, else (runs of earlier releases) summary.json's
   * {@code config}; null when neither exists.
   */
  public String recordedConfig() {
    if (fs.exists(path("config.json"))) {
      return fs.readString(path("config.json"));
    }
    if (fs.exists(path("summary.json"))) {
      try {
        JsonNode config = JSON.readTree(fs.readString(path("summary.json"))).get("config");
        return config == null ? null : config.toString();
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * Saves the network (with updater state) as the checkpoint of {@code state.epoch()}, then drops
   * older ones.
   */
  public void checkpoint(ComputationGraph network, State state) {
    String name = String.format("checkpoints/epoch-%04d.zip", state.epoch());
    saveModel(network, path(name));
    ObjectNode json =
        JSON.createObjectNode()
            .put("epoch", state.epoch())
            .put("checkpoint", name)
            .put("best_epoch", state.bestEpoch())
            .put("elapsed_s", state.elapsedSeconds())
            .put("images", state.images());
    putNumber(json, "best_loss", state.bestLoss());
    fs.writeStringAtomically(path("checkpoints/state.json"), json.toString());
    try {
      for (var status : fs.fs(root).listStatus(path("checkpoints"))) {
        String file = status.getPath().getName();
        if (file.startsWith("epoch-") && !("checkpoints/" + file).equals(name)) {
          fs.deleteQuietly(status.getPath());
        }
      }
    } catch (IOException e) {
      // older checkpoints are only space; keeping them is harmless
    }
  }

  /** Whether checkpoints/best.zip exists (an evaluation found a best network). */
  public boolean hasBest() {
    return fs.exists(path("checkpoints/best.zip"));
  }

  public void saveBest(ComputationGraph network) {
    saveModel(network, path("checkpoints/best.zip"));
  }

  public ComputationGraph loadCheckpoint(int epoch) {
    return loadModel(path(String.format("checkpoints/epoch-%04d.zip", epoch)), true);
  }

  public ComputationGraph loadBest() {
    return loadModel(path("checkpoints/best.zip"), false);
  }

  private void saveModel(ComputationGraph network, Path target) {
    fs.write(target, out -> ModelSerializer.writeModel(network, out, true));
  }

  private ComputationGraph loadModel(Path file, boolean withUpdater) {
    Dl4jBackend.configure();
    try (InputStream in = fs.open(file)) {
      return ModelSerializer.restoreComputationGraph(in, withUpdater);
    } catch (IOException e) {
      throw new UcoException(file + ": cannot read checkpoint: " + e.getMessage(), e);
    }
  }

  /** Saves DEC's target distribution computed before {@code epoch}. */
  public void saveTargets(int epoch, TargetRows targets) {
    fs.write(
        targetsPath(epoch),
        stream -> {
          java.io.DataOutputStream out =
              new java.io.DataOutputStream(new java.io.BufferedOutputStream(stream));
          out.writeInt(targets.clusters());
          out.writeInt(targets.count());
          for (float v : targets.values()) {
            out.writeFloat(v);
          }
          out.flush();
        });
  }

  public TargetRows loadTargets(int epoch) {
    Path file = targetsPath(epoch);
    try (java.io.DataInputStream in =
        new java.io.DataInputStream(new java.io.BufferedInputStream(fs.open(file)))) {
      int clusters = in.readInt();
      float[] values = new float[clusters * in.readInt()];
      for (int i = 0; i < values.length; i++) {
        values[i] = in.readFloat();
      }
      return new TargetRows(values, clusters);
    } catch (IOException e) {
      throw new UcoException(
          file + ": cannot read the saved target distribution: " + e.getMessage(), e);
    }
  }

  private Path targetsPath(int epoch) {
    return path(String.format("checkpoints/targets-%04d.bin", epoch));
  }

  /**
   * The metric rows written so far (metrics.jsonl), optionally only those up to {@code lastEpoch}.
   */
  public List<String> metricRows(int lastEpoch) {
    List<String> rows = new ArrayList<>();
    if (!fs.exists(path("metrics.jsonl"))) {
      return rows;
    }
    for (String line : fs.readString(path("metrics.jsonl")).split("\n")) {
      if (!line.isBlank()) {
        try {
          if (JSON.readTree(line).get("epoch").asInt() <= lastEpoch) {
            rows.add(line);
          }
        } catch (IOException e) {
          throw new UcoException(
              path("metrics.jsonl") + ": not valid JSON lines: " + e.getMessage());
        }
      }
    }
    return rows;
  }

  /** Rewrites metrics.jsonl with {@code rows} (atomic). */
  public void writeMetricRows(List<String> rows) {
    fs.writeStringAtomically(
        path("metrics.jsonl"), rows.isEmpty() ? "" : String.join("\n", rows) + "\n");
  }

  /** Rewrites metrics/ (Parquet) from the JSON rows: written beside, then swapped in. */
  public void writeMetricsParquet(SparkSession spark, List<String> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Path target = path("metrics");
    Path tmp = HadoopFs.temporarySibling(target);
    spark
        .read()
        .json(spark.createDataset(rows, Encoders.STRING()))
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(tmp.toString());
    fs.deleteQuietly(target);
    fs.commit(tmp, target);
  }

  /**
   * kmeans.json: DEC's k-means after pre-training (epoch, inertia, iterations; ACC, NMI, ARI, RI
   * with labels).
   */
  public void writeKMeans(ObjectNode kmeans) {
    fs.writeStringAtomically(path("kmeans.json"), kmeans.toPrettyString() + "\n");
  }

  public void writeSummary(ObjectNode summary) {
    fs.writeStringAtomically(path("summary.json"), summary.toPrettyString() + "\n");
  }

  /** Puts a number, or null when it is NaN/infinite (JSON has no NaN). */
  public static ObjectNode putNumber(ObjectNode node, String field, double value) {
    return Double.isFinite(value) ? node.put(field, value) : node.putNull(field);
  }
}
