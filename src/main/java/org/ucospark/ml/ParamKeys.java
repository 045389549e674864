package org.ucospark.ml;

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
import org.ucospark.UcoException;
import org.ucospark.config.ConfigKey;
import org.ucospark.config.ConfigKeys;
import org.ucospark.config.DecKeys;
import org.ucospark.config.LossKeys;
import org.ucospark.config.OptimizerKeys;
import org.ucospark.config.RunKeys;
import org.ucospark.config.TrainKeys;
import org.ucospark.model.ModelFamilies;

/**
 * The one place that maps each training Param of {@link DeepClustering} to its configuration key's
 * declaration ({@link ConfigKey}): a Param's doc is the key's doc and requirement, its default the
 * key's default, and its validator the key's own validator, so a value the command line refuses is
 * refused here too, by the same rule ({@code model} by {@link ModelFamilies#parse}).
 */
final class ParamKeys {
  private ParamKeys() {}

  /** A Param's name and its configuration key. */
  record Entry(String param, ConfigKey<?> key) {}

  /** Every training Param ({@code explainParams()} lists them by name). */
  static final List<Entry> ENTRIES =
      List.of(
          new Entry("model", RunKeys.MODEL),
          new Entry("epochs", RunKeys.EPOCHS),
          new Entry("batchSize", RunKeys.BATCH_SIZE),
          new Entry("seed", RunKeys.SEED),
          new Entry("dropLastBatch", RunKeys.DROP_LAST_BATCH),
          new Entry("evalInterval", RunKeys.EVAL_INTERVAL),
          new Entry("checkpointInterval", RunKeys.CHECKPOINT_INTERVAL),
          new Entry("learningRate", OptimizerKeys.LEARNING_RATE),
          new Entry("clipNorm", OptimizerKeys.CLIP_NORM),
          new Entry("relSigma", LossKeys.REL_SIGMA),
          new Entry("ucoLambda", LossKeys.UCO_LAMBDA),
          new Entry("ucoKernel", LossKeys.UCO_KERNEL),
          new Entry("reconstructionWeight", LossKeys.RECONSTRUCTION_WEIGHT),
          new Entry("bottleneck", DecKeys.BOTTLENECK),
          new Entry("pretrainEpochs", DecKeys.PRETRAIN_EPOCHS),
          new Entry("targetUpdateInterval", DecKeys.TARGET_UPDATE_INTERVAL),
          new Entry("kmeansRestarts", DecKeys.KMEANS_RESTARTS),
          new Entry("trainMode", TrainKeys.MODE),
          new Entry("workers", TrainKeys.WORKERS),
          new Entry("averagingFrequency", TrainKeys.AVERAGING_FREQUENCY));

  /** The Param of {@code entry}, owned by {@code owner}. */
  static Param<?> param(Identifiable owner, Entry entry) {
    String doc = doc(entry.key());
    KeyValidator<Object> valid = new KeyValidator<>(entry.key().name());
    return switch (entry.key().type()) {
      case INT -> new IntParam(owner, entry.param(), doc, valid);
      case LONG -> new LongParam(owner, entry.param(), doc, valid);
      case DOUBLE -> new DoubleParam(owner, entry.param(), doc, valid);
      case STRING, CHOICE ->
          new Param<String>(owner, entry.param(), doc, new KeyValidator<>(entry.key().name()));
      default -> throw new IllegalArgumentException(entry.key().name() + ": no Param type");
    };
  }

  /** The key's declared default, as the Param's type. */
  static Object defaultValue(Entry entry) {
    return entry.key().defaultValue();
  }

  /** The key's doc, what it must be, and its name. */
  static String doc(ConfigKey<?> key) {
    return key.doc()
        + " Must be "
        + key.validator().requirement()
        + " (configuration key "
        + key.name()
        + "; unset: the model's published settings, else this default).";
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
        values.put(e.key().name(), owner.getOrDefault(p));
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

  /** Accepts what the key's declared validator accepts ({@code model}: a known variant). */
  static final class KeyValidator<T> extends scala.runtime.AbstractFunction1<T, Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String key;

    KeyValidator(String key) {
      this.key = key;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object apply(T value) {
      if (key.equals(RunKeys.MODEL.name())) {
        try {
          ModelFamilies.parse(String.valueOf(value));
          return true;
        } catch (UcoException e) {
          return false;
        }
      }
      ConfigKey<Object> declared = (ConfigKey<Object>) ConfigKeys.find(key).orElseThrow();
      return declared.isValid(value);
    }
  }
}
