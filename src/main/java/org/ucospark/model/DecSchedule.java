package org.ucospark.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucospark.data.CustomImages;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;
import org.ucospark.loss.TargetDistribution;

/**
 * DEC, IDEC, DEC-UCO and their CNN variants: epochs 1..pretrain_epochs train the autoencoder
 * (reconstruction only, no evaluation); before the first fine-tuning epoch k-means on the
 * bottleneck features gives the centroids (its inertia and, with labels, ACC/NMI/ARI/RI go to the
 * log and kmeans.json) and the clustering network takes over the autoencoder's weights; before
 * every target_update_interval-th fine-tuning epoch (the first included) the target distribution P
 * is recomputed over the whole data set and saved, so that a resumed run continues with the same P.
 */
public final class DecSchedule implements Schedule {
  private static final Logger LOG = LoggerFactory.getLogger(DecSchedule.class);
  private final ModelParams params;
  private final DecParams dec;

  DecSchedule(ModelParams params) {
    this.params = params;
    this.dec = params.dec();
  }

  @Override
  public void beforeEpoch(int epoch, Stage stage) {
    if (epoch == dec.pretrainEpochs() + 1) {
      long t0 = System.nanoTime();
      var features = stage.activations(Layers.BOTTLENECK);
      var kmeans =
          KMeansCentroids.fit(features, params.clusters(), dec.kmeansRestarts(), params.seed());
      stage.setNetwork(
          DecNetworkBuilder.clusteringFrom(stage.network(), params, kmeans.centroids()));
      ObjectNode record = kmeansRecord(epoch, kmeans, stage.labels());
      stage.writeKMeans(record);
      stage.info(
          LOG,
          String.format(
              Locale.ROOT,
              "epoch %d: pre-training done; k-means (%d restarts) on %,d bottleneck features"
                  + " in %.1f s: inertia %.4g%s; clustering from here on",
              epoch,
              dec.kmeansRestarts(),
              features.size(0),
              (System.nanoTime() - t0) / 1e9,
              kmeans.inertia(),
              scoresText(record)));
    }
    if (dec.updatesTargets(epoch)) {
      stage.updateTargets(epoch, TargetDistribution.of(stage.activations(Layers.ASSIGNMENTS)));
    }
  }

  /**
   * What the authors print after their k-means (dec/tf_dec.py): its clustering's ACC (and here
   * every metric of the registry) against the labels, only to monitor, and the inertia; labels
   * never reach the centroids. Without labels only the inertia.
   */
  static ObjectNode kmeansRecord(int epoch, KMeansCentroids.Result kmeans, int[] labels) {
    ObjectNode node =
        JsonNodeFactory.instance
            .objectNode()
            .put("epoch", epoch)
            .put("inertia", kmeans.inertia())
            .put("iterations", kmeans.iterations());
    boolean labeled = Arrays.stream(labels).noneMatch(l -> l == CustomImages.NO_LABEL);
    if (labeled) {
      MetricRegistry.score(labels, kmeans.labels()).values().forEach(node::put);
    }
    return node;
  }

  /** {@code ", acc … nmi … ari …"}: the tabulated metrics of a k-means record, empty without. */
  private static String scoresText(ObjectNode record) {
    StringBuilder sb = new StringBuilder();
    for (Metric m : MetricRegistry.tabulated()) {
      if (record.hasNonNull(m.name())) {
        sb.append(sb.length() == 0 ? "," : "")
            .append(
                String.format(Locale.ROOT, " %s %.3f", m.name(), record.get(m.name()).asDouble()));
      }
    }
    return sb.toString();
  }

  @Override
  public void resumed(int epoch, Stage stage) {
    if (epoch > dec.pretrainEpochs()) {
      int lastUpdate =
          dec.pretrainEpochs()
              + 1
              + (epoch - dec.pretrainEpochs() - 1)
                  / dec.targetUpdateInterval()
                  * dec.targetUpdateInterval();
      stage.restoreTargets(lastUpdate);
    }
  }

  @Override
  public boolean evaluates(int epoch) {
    return !dec.pretraining(epoch);
  }
}
