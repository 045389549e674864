package org.ucospark.io;

import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucospark.nn.Dl4jBackend;
import org.ucospark.nn.OpenBlasCoreType;

/**
 * A Spark plugin that applies {@link Dl4jBackend#configure()} in the driver and in every executor
 * JVM when it starts, before it runs any task. {@link SparkSessions} always lists it in {@code
 * spark.plugins} (appended to a user's value), so the setting reaches every executor in every
 * deploy mode, also under a user's own spark-submit of the shaded jar with none of our scripts' JVM
 * options.
 *
 * <p>Why an executor needs it: DL4J's parameter-averaging workers build their networks from the
 * JSON configuration on the executor, and DL4J M2.1 decides per layer, when the layer object is
 * created ({@code HelperUtils.createHelper} reads {@code
 * org.eclipse.deeplearning4j.helpers.disable}, default {@code true}, on every call), whether it
 * gets the oneDNN helper. An executor that never loaded one of our classes that call {@code
 * configure()} trained with the im2col convolutions: 30 images/s instead of 190 on one core (issue
 * 19, docs/PERFORMANCE.md).
 *
 * <p>The executor's init also comes before anything there loads ND4J, so {@code configure()} can
 * still choose OpenBLAS's kernels for the executor's own CPU ({@link OpenBlasCoreType},
 * docs/OPENBLAS.md); the executor log says what it chose.
 */
public final class Dl4jBackendPlugin implements SparkPlugin {
  @Override
  public DriverPlugin driverPlugin() {
    return new DriverPlugin() {
      @Override
      public Map<String, String> init(SparkContext sc, PluginContext context) {
        Dl4jBackend.configure();
        return Map.of();
      }
    };
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext context, Map<String, String> extraConf) {
        Dl4jBackend.configure();
        OpenBlasCoreType.Decision d = OpenBlasCoreType.chooseBeforeLoad();
        Logger log = LoggerFactory.getLogger(Dl4jBackendPlugin.class);
        String message = "OpenBLAS core type on executor {}: {} ({})";
        Object[] args = {
          context.executorID(),
          d.requested() == null ? "OpenBLAS's own detection" : d.requested(),
          d.source().description()
        };
        // In local mode the "executor" is the driver's own JVM, whose stderr is the user's console
        // (one line per error, docs/COMMANDS.md); the run's provenance records the choice there.
        // A cluster executor logs it to its own log, where it tells which kernels each host ran.
        if ("driver".equals(context.executorID())) {
          log.debug(message, args);
        } else {
          log.info(message, args);
        }
      }
    };
  }
}
