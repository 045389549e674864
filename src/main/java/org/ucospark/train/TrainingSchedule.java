package org.ucospark.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucospark.data.CustomImages;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;
import org.ucospark.loss.TargetDistribution;
import org.ucospark.model.DecNetworkBuilder;
import org.ucospark.model.DecParams;
import org.ucospark.model.KMeansCentroids;
import org.ucospark.model.Layers;
import org.ucospark.model.ModelParams;
import org.ucospark.model.ModelVariant;

/**
 * What happens between epochs besides fitting. DDC and OHC train one network throughout ({@link
 * #NONE}); the DEC family ({@link Dec}) pre-trains an autoencoder, then clusters (spec section 3).
 */
interface TrainingSchedule {
  TrainingSchedule NONE = new TrainingSchedule() {};

  static TrainingSchedule of(ModelParams params, RunDirectory dir, RunLog log) {
    return params.variant().family() == ModelVariant.Family.DEC ? new Dec(params, dir, log) : NONE;
  }

  /** Called before epoch {@code epoch} (1-based) is fitted. */
  default void beforeEpoch(int epoch, Trainer trainer) {}

  /** Called once when a run resumes after the checkpoint of {@code epoch}. */
  default void resumed(int epoch, Trainer trainer) {}

  /** Whether the network of epoch {@code epoch} can be evaluated (assigns clusters). */
  default boolean evaluates(int epoch) {
    return true;
  }

  /**
   * DEC, IDEC, DEC-UCO and their CNN variants: epochs 1..pretrain_epochs train the autoencoder
   * (reconstruction only, no evaluation); before the first fine-tuning epoch k-means on the
   * bottleneck features gives the centroids (its inertia and, with labels, ACC/NMI/ARI/RI go to the
   * log and kmeans.json) and the clustering network takes over the autoencoder's weights; before
   * every target_update_interval-th fine-tuning epoch (the first included) the target distribution
   * P is recomputed over the whole data set and saved, so that a resumed run continues with the
   * same P.
   */
  final class Dec implements TrainingSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(Dec.class);
    private final ModelParams params;
    private final DecParams dec;
    private final RunDirectory dir;
    private final RunLog log;

    Dec(ModelParams params, RunDirectory dir, RunLog log) {
      this.params = params;
      this.dec = params.dec();
      this.dir = dir;
      this.log = log;
    }

    @Override
    public void beforeEpoch(int epoch, Trainer trainer) {
      if (epoch == dec.pretrainEpochs() + 1) {
        long t0 = System.nanoTime();
        var features = trainer.activations(trainer.network(), DecNetworkBuilder.BOTTLENECK);
        var kmeans =
            KMeansCentroids.fit(features, params.clusters(), dec.kmeansRestarts(), params.seed());
        trainer.setNetwork(
            DecNetworkBuilder.clusteringFrom(trainer.network(), params, kmeans.centroids()));
        ObjectNode record = kmeansRecord(epoch, kmeans, trainer.labels());
        dir.writeKMeans(record);
        log.info(
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
        TargetRows p =
            TargetRows.of(
                TargetDistribution.of(trainer.activations(trainer.network(), Layers.ASSIGNMENTS)));
        dir.saveTargets(epoch, p);
        trainer.setTargets(p);
      }
    }

    /**
     * What the authors print after their k-means (dec/tf_dec.py): its clustering's ACC (and here
     * every metric of the registry) against the labels, only to monitor, and the inertia; labels
     * never reach the centroids. Without labels only the inertia.
     */
    static ObjectNode kmeansRecord(int epoch, KMeansCentroids.Result kmeans, int[] labels) {
      ObjectNode node =
          RunDirectory.JSON
              .createObjectNode()
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
                  String.format(
                      Locale.ROOT, " %s %.3f", m.name(), record.get(m.name()).asDouble()));
        }
      }
      return sb.toString();
    }

    @Override
    public void resumed(int epoch, Trainer trainer) {
      if (epoch > dec.pretrainEpochs()) {
        int lastUpdate =
            dec.pretrainEpochs()
                + 1
                + (epoch - dec.pretrainEpochs() - 1)
                    / dec.targetUpdateInterval()
                    * dec.targetUpdateInterval();
        trainer.setTargets(dir.loadTargets(lastUpdate));
      }
    }

    @Override
    public boolean evaluates(int epoch) {
      return !dec.pretraining(epoch);
    }
  }
}
