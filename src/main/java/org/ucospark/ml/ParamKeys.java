package org.ucospark.ml;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueFactory;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Identifiable;
import org.ucospark.Settings;
import org.ucospark.UcoException;
import org.ucospark.model.ModelVariant;
import org.ucospark.train.RunSettings;

/**
 * The one place that maps each training Param of {@link DeepClustering} to its configuration key: a
 * Param's doc is the key's comment in reference.conf, its default the key's value there, and its
 * validator the configuration's own binding ({@link RunSettings#from}) of that value, so a value
 * the command line refuses is refused here too, with the same rule.
 */
final class ParamKeys {
  private ParamKeys() {}

  /** The value type of a key's Param. */
  enum Type {
    INT,
    LONG,
    DOUBLE,
    STRING
  }

  /** A Param's name, its configuration key and its type. */
  record Entry(String param, String key, Type type) {}

  /** Every training Param, in the order {@code explainParams()} sorts them anyway (by name). */
  static final List<Entry> ENTRIES =
      List.of(
          new Entry("model", "model", Type.STRING),
          new Entry("epochs", "epochs", Type.INT),
          new Entry("batchSize", "batch_size", Type.INT),
          new Entry("seed", "seed", Type.LONG),
          new Entry("dropLastBatch", "drop_last_batch", Type.STRING),
          new Entry("evalInterval", "eval_interval", Type.INT),
          new Entry("checkpointInterval", "checkpoint_interval", Type.INT),
          new Entry("learningRate", "optimizer.learning_rate", Type.DOUBLE),
          new Entry("clipNorm", "optimizer.clip_norm", Type.DOUBLE),
          new Entry("relSigma", "loss.rel_sigma", Type.DOUBLE),
          new Entry("ucoLambda", "loss.uco_lambda", Type.DOUBLE),
          new Entry("ucoKernel", "loss.uco_kernel", Type.STRING),
          new Entry("reconstructionWeight", "loss.reconstruction_weight", Type.DOUBLE),
          new Entry("bottleneck", "dec.bottleneck", Type.INT),
          new Entry("pretrainEpochs", "dec.pretrain_epochs", Type.INT),
          new Entry("targetUpdateInterval", "dec.target_update_interval", Type.INT),
          new Entry("kmeansRestarts", "dec.kmeans_restarts", Type.INT),
          new Entry("trainMode", "train.mode", Type.STRING),
          new Entry("workers", "train.workers", Type.INT),
          new Entry("averagingFrequency", "train.averaging_frequency", Type.INT));

  static Entry entry(String param) {
    for (Entry e : ENTRIES) {
      if (e.param().equals(param)) {
        return e;
      }
    }
    throw new IllegalArgumentException("no configuration key for the Param " + param);
  }

  /** The Param of {@code entry}, owned by {@code owner}. */
  static Param<?> param(Identifiable owner, Entry entry) {
    String doc = doc(entry);
    String key = entry.key();
    return switch (entry.type()) {
      case INT -> new IntParam(owner, entry.param(), doc, new KeyValidator<>(key));
      case LONG -> new LongParam(owner, entry.param(), doc, new KeyValidator<>(key));
      case DOUBLE -> new DoubleParam(owner, entry.param(), doc, new KeyValidator<>(key));
      case STRING -> new Param<String>(owner, entry.param(), doc, new KeyValidator<String>(key));
    };
  }

  /** The key's value in reference.conf, as the Param's type. */
  static Object defaultValue(Entry entry) {
    Config r = Settings.reference();
    return switch (entry.type()) {
      case INT -> r.getInt(entry.key());
      case LONG -> r.getLong(entry.key());
      case DOUBLE -> r.getDouble(entry.key());
      case STRING -> r.getString(entry.key());
    };
  }

  /** The key's comment in reference.conf, and the key's name. */
  static String doc(Entry entry) {
    List<String> comments = Settings.reference().getValue(entry.key()).origin().comments();
    String text = String.join(" ", comments.stream().map(String::trim).toList()).trim();
    return (text.isEmpty() ? "" : text + " ")
        + "(configuration key "
        + entry.key()
        + "; unset: the model's published settings, else reference.conf)";
  }

  /**
   * The configuration layer of the Params that {@code owner} has set explicitly (unset ones leave
   * the model's published settings in place).
   */
  static Map<String, Object> explicitValues(Params owner) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Entry e : ENTRIES) {
      Param<Object> p = owner.getParam(e.param());
      if (owner.isSet(p)) {
        values.put(e.key(), owner.getOrDefault(p));
      }
    }
    return values;
  }

  /** {@code inputShape}: empty, or C, H, W all positive. */
  static scala.Function1<int[], Object> shapeValidator() {
    return new ShapeValidator();
  }

  private static final class ShapeValidator extends scala.runtime.AbstractFunction1<int[], Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(int[] shape) {
      return shape.length == 0
          || shape.length == 3 && java.util.Arrays.stream(shape).allMatch(v -> v > 0);
    }
  }

  /** Accepts what the configuration's binding accepts for one key (all other keys at defaults). */
  static final class KeyValidator<T> extends scala.runtime.AbstractFunction1<T, Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String key;

    KeyValidator(String key) {
      this.key = key;
    }

    @Override
    public Object apply(T value) {
      try {
        if (key.equals("model")) {
          ModelVariant.parse(String.valueOf(value));
        } else {
          RunSettings.from(
              Settings.reference().withValue(key, ConfigValueFactory.fromAnyRef(value)));
        }
        return true;
      } catch (UcoException | ConfigException e) {
        return false;
      }
    }
  }
}
