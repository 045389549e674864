package org.ucospark.ml;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigFiles;
import org.ucospark.config.ConfigLoader;
import org.ucospark.io.FolderLease;
import org.ucospark.io.HadoopFs;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelFamilies;
import org.ucospark.model.ModelVariant;
import org.ucospark.prepare.Manifest;
import org.ucospark.prepare.PreparedDataset;
import org.ucospark.train.RunDirectory;
import org.ucospark.train.RunLog;
import org.ucospark.train.RunOutcome;
import org.ucospark.train.RunSettings;
import org.ucospark.train.TrainingListener;
import org.ucospark.train.TrainingPlatform;
import org.ucospark.train.TrainingRun;

/**
 * Deep clustering as a Spark ML {@code Estimator} (docs/SPARK_ML.md): {@link #fit} trains one of
 * the tool's models (ddc, ddc_uco, ddc_ae, dec, idec, dec_uco, cdec, icdec, cdec_uco, ohc) on a
 * DataFrame and returns a {@link DeepClusteringModel}: a {@link TrainingRun} on the DataFrame
 * written once as a prepared data set ({@link DataFrameData}). The command line is a client of it:
 * {@code train} fits the estimator of its configuration on its prepared data set ({@link #train}),
 * through the same training step ({@code fitRun}), so a fit with a fixed seed gives {@code train}'s
 * numbers.
 *
 * <p>The training Params are the configuration keys of reference.conf ({@link ParamKeys}: doc,
 * default and validator come from there); a Param left unset takes the model's published settings
 * ({@code conf/experiments/<model>_usps.conf}, as {@code train --model} does). {@code trainMode}
 * {@code local} trains in the driver's JVM ({@code train --local}); {@code spark} averages
 * parameters over the executors ({@code workers}, {@code averagingFrequency}). With a {@code
 * checkpointDir} the fit keeps its run directory there, and a fit interrupted before its end
 * resumes from the last checkpoint when called again with the same Params.
 */
// Long because Spark ML's Params API needs a Param, a getter and a setter per option (one per
// estimator setting), beside fit and its persistence.
public final class DeepClustering extends Estimator<DeepClusteringModel>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Map<String, Param<?>> keyed = new LinkedHashMap<>();
  private final IntParam k;
  private final Param<String> labelCol;
  private final IntArrayParam inputShape;
  private final Param<String> checkpointDir;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final Param<String> embeddingCol;
  private final transient List<TrainingListener> listeners = new ArrayList<>();

  public DeepClustering() {
    this(Identifiable$.MODULE$.randomUID("deepClustering"));
  }

  public DeepClustering(String uid) {
    this.uid = uid;
    for (ParamKeys.Entry e : ParamKeys.ENTRIES) {
      Param<?> p = ParamKeys.param(this, e);
      keyed.put(e.param(), p);
      setDefaultValue(p, ParamKeys.defaultValue(e));
    }
    k =
        new IntParam(
            this,
            "k",
            "the number of clusters K (at most the number of rows)",
            ParamValidators.gtEq(2));
    labelCol =
        new Param<>(
            this,
            "labelCol",
            "integer label column, for ACC/NMI/ARI in the summary only (never used to fit);"
                + " empty = none");
    inputShape =
        new IntArrayParam(
            this,
            "inputShape",
            "C, H, W of the features (array columns); empty = 1, 1, d for a Vector column",
            ParamKeys.shapeValidator());
    checkpointDir =
        new Param<>(
            this,
            "checkpointDir",
            "folder (any Hadoop FS URI) for the fit's data and run directory: a fit interrupted"
                + " there resumes from its last checkpoint; empty = a temporary local folder,"
                + " deleted after the fit");
    featuresCol = Columns.featuresCol(this);
    predictionCol = Columns.predictionCol(this);
    probabilityCol = Columns.probabilityCol(this);
    embeddingCol = Columns.embeddingCol(this);
    Columns.setDefaults(this, featuresCol, predictionCol, probabilityCol, embeddingCol);
    setDefault(k, 10);
    setDefault(labelCol, "");
    setDefault(inputShape, new int[0]);
    setDefault(checkpointDir, "");
  }

  @SuppressWarnings("unchecked")
  private void setDefaultValue(Param<?> p, Object value) {
    setDefault((Param<Object>) p, value);
  }

  @SuppressWarnings("unchecked")
  private DeepClustering setKeyed(String name, Object value) {
    return (DeepClustering) set((Param<Object>) keyed.get(name), value);
  }

  @Override
  public String uid() {
    return uid;
  }

  @SuppressWarnings("unchecked")
  public Param<String> model() {
    return (Param<String>) keyed.get("model");
  }

  public String getModel() {
    return (String) $(keyed.get("model"));
  }

  public DeepClustering setModel(String value) {
    return setKeyed("model", value);
  }

  @SuppressWarnings("unchecked")
  public IntParam epochs() {
    return (IntParam) keyed.get("epochs");
  }

  public int getEpochs() {
    return (Integer) $(keyed.get("epochs"));
  }

  public DeepClustering setEpochs(int value) {
    return setKeyed("epochs", value);
  }

  @SuppressWarnings("unchecked")
  public IntParam batchSize() {
    return (IntParam) keyed.get("batchSize");
  }

  public int getBatchSize() {
    return (Integer) $(keyed.get("batchSize"));
  }

  public DeepClustering setBatchSize(int value) {
    return setKeyed("batchSize", value);
  }

  @SuppressWarnings("unchecked")
  public LongParam seed() {
    return (LongParam) keyed.get("seed");
  }

  public long getSeed() {
    return (Long) $(keyed.get("seed"));
  }

  public DeepClustering setSeed(long value) {
    return setKeyed("seed", value);
  }

  @SuppressWarnings("unchecked")
  public Param<String> dropLastBatch() {
    return (Param<String>) keyed.get("dropLastBatch");
  }

  public String getDropLastBatch() {
    return (String) $(keyed.get("dropLastBatch"));
  }

  public DeepClustering setDropLastBatch(String value) {
    return setKeyed("dropLastBatch", value);
  }

  @SuppressWarnings("unchecked")
  public IntParam evalInterval() {
    return (IntParam) keyed.get("evalInterval");
  }

  public int getEvalInterval() {
    return (Integer) $(keyed.get("evalInterval"));
  }

  public DeepClustering setEvalInterval(int value) {
    return setKeyed("evalInterval", value);
  }

  @SuppressWarnings("unchecked")
  public IntParam checkpointInterval() {
    return (IntParam) keyed.get("checkpointInterval");
  }

  public int getCheckpointInterval() {
    return (Integer) $(keyed.get("checkpointInterval"));
  }

  public DeepClustering setCheckpointInterval(int value) {
    return setKeyed("checkpointInterval", value);
  }

  @SuppressWarnings("unchecked")
  public DoubleParam learningRate() {
    return (DoubleParam) keyed.get("learningRate");
  }

  public double getLearningRate() {
    return (Double) $(keyed.get("learningRate"));
  }

  public DeepClustering setLearningRate(double value) {
    return setKeyed("learningRate", value);
  }

  @SuppressWarnings("unchecked")
  public DoubleParam clipNorm() {
    return (DoubleParam) keyed.get("clipNorm");
  }

  public double getClipNorm() {
    return (Double) $(keyed.get("clipNorm"));
  }

  public DeepClustering setClipNorm(double value) {
    return setKeyed("clipNorm", value);
  }

  @SuppressWarnings("unchecked")
  public DoubleParam relSigma() {
    return (DoubleParam) keyed.get("relSigma");
  }

  public double getRelSigma() {
    return (Double) $(keyed.get("relSigma"));
  }

  public DeepClustering setRelSigma(double value) {
    return setKeyed("relSigma", value);
  }

  @SuppressWarnings("unchecked")
  public DoubleParam ucoLambda() {
    return (DoubleParam) keyed.get("ucoLambda");
  }

  public double getUcoLambda() {
    return (Double) $(keyed.get("ucoLambda"));
  }

  public DeepClustering setUcoLambda(double value) {
    return setKeyed("ucoLambda", value);
  }

  @SuppressWarnings("unchecked")
  public Param<String> ucoKernel() {
    return (Param<String>) keyed.get("ucoKernel");
  }

  public String getUcoKernel() {
    return (String) $(keyed.get("ucoKernel"));
  }

  public DeepClustering setUcoKernel(String value) {
    return setKeyed("ucoKernel", value);
  }

  @SuppressWarnings("unchecked")
  public DoubleParam reconstructionWeight() {
    return (DoubleParam) keyed.get("reconstructionWeight");
  }

  public double getReconstructionWeight() {
    return (Double) $(keyed.get("reconstructionWeight"));
  }

  public DeepClustering setReconstructionWeight(double value) {
    return setKeyed("reconstructionWeight", value);
  }

  @SuppressWarnings("unchecked")
  public IntParam bottleneck() {
    return (IntParam) keyed.get("bottleneck");
  }

  public int getBottleneck() {
    return (Integer) $(keyed.get("bottleneck"));
  }

  public DeepClustering setBottleneck(int value) {
    return setKeyed("bottleneck", value);
  }

  @SuppressWarnings("unchecked")
  public IntParam pretrainEpochs() {
    return (IntParam) keyed.get("pretrainEpochs");
  }

  public int getPretrainEpochs() {
    return (Integer) $(keyed.get("pretrainEpochs"));
  }

  public DeepClustering setPretrainEpochs(int value) {
    return setKeyed("pretrainEpochs", value);
  }

  @SuppressWarnings("unchecked")
  public IntParam targetUpdateInterval() {
    return (IntParam) keyed.get("targetUpdateInterval");
  }

  public int getTargetUpdateInterval() {
    return (Integer) $(keyed.get("targetUpdateInterval"));
  }

  public DeepClustering setTargetUpdateInterval(int value) {
    return setKeyed("targetUpdateInterval", value);
  }

  @SuppressWarnings("unchecked")
  public IntParam kmeansRestarts() {
    return (IntParam) keyed.get("kmeansRestarts");
  }

  public int getKmeansRestarts() {
    return (Integer) $(keyed.get("kmeansRestarts"));
  }

  public DeepClustering setKmeansRestarts(int value) {
    return setKeyed("kmeansRestarts", value);
  }

  @SuppressWarnings("unchecked")
  public Param<String> trainMode() {
    return (Param<String>) keyed.get("trainMode");
  }

  public String getTrainMode() {
    return (String) $(keyed.get("trainMode"));
  }

  public DeepClustering setTrainMode(String value) {
    return setKeyed("trainMode", value);
  }

  @SuppressWarnings("unchecked")
  public IntParam workers() {
    return (IntParam) keyed.get("workers");
  }

  public int getWorkers() {
    return (Integer) $(keyed.get("workers"));
  }

  public DeepClustering setWorkers(int value) {
    return setKeyed("workers", value);
  }

  @SuppressWarnings("unchecked")
  public IntParam averagingFrequency() {
    return (IntParam) keyed.get("averagingFrequency");
  }

  public int getAveragingFrequency() {
    return (Integer) $(keyed.get("averagingFrequency"));
  }

  public DeepClustering setAveragingFrequency(int value) {
    return setKeyed("averagingFrequency", value);
  }

  public IntParam k() {
    return k;
  }

  public int getK() {
    return (Integer) $(k);
  }

  public DeepClustering setK(int value) {
    return (DeepClustering) set(k, value);
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public String getLabelCol() {
    return $(labelCol);
  }

  public DeepClustering setLabelCol(String value) {
    return (DeepClustering) set(labelCol, value);
  }

  public IntArrayParam inputShape() {
    return inputShape;
  }

  public int[] getInputShape() {
    return $(inputShape);
  }

  public DeepClustering setInputShape(int channels, int height, int width) {
    return (DeepClustering) set(inputShape, new int[] {channels, height, width});
  }

  public Param<String> checkpointDir() {
    return checkpointDir;
  }

  public String getCheckpointDir() {
    return $(checkpointDir);
  }

  public DeepClustering setCheckpointDir(String value) {
    return (DeepClustering) set(checkpointDir, value);
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  public String getFeaturesCol() {
    return $(featuresCol);
  }

  public DeepClustering setFeaturesCol(String value) {
    return (DeepClustering) set(featuresCol, value);
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public String getPredictionCol() {
    return $(predictionCol);
  }

  public DeepClustering setPredictionCol(String value) {
    return (DeepClustering) set(predictionCol, value);
  }

  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  public String getProbabilityCol() {
    return $(probabilityCol);
  }

  public DeepClustering setProbabilityCol(String value) {
    return (DeepClustering) set(probabilityCol, value);
  }

  public Param<String> embeddingCol() {
    return embeddingCol;
  }

  public String getEmbeddingCol() {
    return $(embeddingCol);
  }

  public DeepClustering setEmbeddingCol(String value) {
    return (DeepClustering) set(embeddingCol, value);
  }

  /** Adds a listener of the fit's epochs (tests use it to interrupt a fit). */
  DeepClustering listen(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Features.checkInput(
        schema,
        getFeaturesCol(),
        getLabelCol(),
        getPredictionCol(),
        getProbabilityCol(),
        getEmbeddingCol());
    return schema;
  }

  @Override
  public DeepClusteringModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    ModelVariant variant = ModelFamilies.parse(getModel());
    Dataset<Row> df = dataset.toDF();
    Column pixels = Features.pixels(df.schema(), getFeaturesCol());
    Features.Stats stats = Features.stats(df, pixels);
    boolean vector = Features.isVector(df.schema().apply(getFeaturesCol()).dataType());
    InputShape shape = Features.shape(stats, getFeaturesCol(), getInputShape(), vector);
    if (getK() > stats.rows()) {
      throw new IllegalArgumentException(
          "k = " + getK() + " is larger than the number of rows (" + stats.rows() + ")");
    }
    SparkSession spark = df.sparkSession();
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    boolean temporary = getCheckpointDir().isEmpty();
    String root = temporary ? temporaryFolder() : getCheckpointDir();
    try (FolderLease lease = leaseRun(fs, root + "/run")) {
      String data = root + "/data";
      RunDirectory dir = new RunDirectory(fs, root + "/run");
      boolean resume = dir.hasCheckpoint();
      if (!resume) {
        DataFrameData.write(spark, fs, df, pixels, getLabelCol(), shape, getK(), data);
      }
      RunFit fitted = fitRun(spark, fs, settings(variant, data, dir.root().toString()), resume);
      if (fitted.model() == null) {
        throw new IllegalStateException(
            "the fit ended without an evaluated network: "
                + fitted.outcome().divergence().describe());
      }
      return fitted.model();
    } finally {
      if (temporary) {
        fs.deleteQuietly(HadoopFs.path(root));
      }
    }
  }

  /**
   * What a fit of {@link #train} gives back: the run's outcome (a diverged run is one, not an
   * error) and the model of its reported network, null when the run has none (it diverged before
   * its first evaluation).
   */
  public record RunFit(RunOutcome outcome, DeepClusteringModel model) {}

  /**
   * The command line's {@code train} (not part of the Spark ML API): the estimator of the run's
   * resolved configuration ({@link #forRun}) fitted on the prepared data set of {@code data.path}
   * (a DataFrame already in the layout {@link #fit} writes, so it is not written again) in the run
   * directory {@code run_dir}, continuing its last checkpoint with {@code resume}. The settings are
   * the run's whole configuration, keys without a Param included ({@code data.limit}, {@code
   * train.*}, {@code spark.*}, the loss options), so the run is exactly the one the configuration
   * describes; the model is saved into the run directory as every fit's is.
   */
  public static RunFit train(SparkSession spark, RunSettings settings, boolean resume) {
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    Manifest manifest = PreparedDataset.open(fs, settings.dataPath()).manifest();
    try (FolderLease lease = leaseRun(fs, settings.runDir())) {
      return forRun(settings, manifest).fitRun(spark, fs, settings, resume);
    }
  }

  /**
   * The run directory's lease ({@link RunDirectory#LEASE}), taken before anything of the fit is
   * written (for {@link #fit}: before its data folder beside the run): a second {@code train} or
   * {@code fit} on the same folder is refused with one line.
   */
  private static FolderLease leaseRun(HadoopFs fs, String runDir) {
    return FolderLease.acquire(fs, runDir, RunDirectory.LEASE, RunDirectory.LEASE_TIMEOUT_S);
  }

  /**
   * The estimator whose Params are the values of {@code settings}' configuration (each Param from
   * its key, {@link ParamKeys}) and the columns, K and shape of the prepared data set {@code
   * manifest} describes.
   */
  static DeepClustering forRun(RunSettings settings, Manifest manifest) {
    DeepClustering estimator = new DeepClustering();
    for (ParamKeys.Entry e : ParamKeys.ENTRIES) {
      estimator.setKeyed(e.param(), e.key().get(settings.config()));
    }
    List<Integer> shape = manifest.shape();
    return estimator
        .setK(manifest.numClasses())
        .setInputShape(shape.get(0), shape.get(1), shape.get(2))
        .setFeaturesCol("pixels")
        .setLabelCol(manifest.hasLabels() ? "label" : "");
  }

  /**
   * The one training path of {@link #fit} and {@code train}: a {@link TrainingRun} on the prepared
   * data set and in the run directory of {@code settings}, then the reported network ({@code
   * checkpoints/best.zip}) as this estimator's model, saved into the run directory's {@link
   * DeepClusteringModel#RUN_FOLDER} (docs/FILES.md). The caller holds the run directory's lease
   * ({@link #leaseRun}).
   */
  private RunFit fitRun(SparkSession spark, HadoopFs fs, RunSettings settings, boolean resume) {
    TrainingRun run =
        new TrainingRun(TrainingPlatform.spark(spark), fs, settings, RunLog.to(System.out));
    listeners.forEach(run::listen);
    RunOutcome outcome = run.run(resume);
    RunDirectory dir = new RunDirectory(fs, settings.runDir());
    if (!dir.hasBest()) {
      return new RunFit(outcome, null);
    }
    Manifest manifest = PreparedDataset.open(fs, settings.dataPath()).manifest();
    DeepClusteringModel model =
        copyValues(
                new DeepClusteringModel(
                    uid,
                    settings.variant(),
                    InputShape.of(manifest.shape()),
                    manifest.numClasses(),
                    settings.batchSize(),
                    dir.loadBest(),
                    settings.configJson(),
                    new DeepClusteringSummary(outcome.summary(), outcome.metricRows())),
                ParamMap.empty())
            .setParent(this);
    // the run as a Spark ML model: DeepClusteringModel.load(RUN_DIR/model) in any Spark application
    String saved = dir.path(DeepClusteringModel.RUN_FOLDER).toString();
    try {
      model.write().overwrite().session(spark).save(saved);
    } catch (IOException e) {
      throw new UcoException(saved + ": cannot save the fitted model: " + e.getMessage(), e);
    }
    return new RunFit(outcome, model);
  }

  /**
   * The run's settings: reference.conf, conf/application.conf, the model's published settings, then
   * the Params set explicitly, the data and the run directory (the layers of {@code train --model};
   * a value the binding refuses fails as an IllegalArgumentException).
   */
  private RunSettings settings(ModelVariant variant, String data, String runDir) {
    Map<String, Object> values = ParamKeys.explicitValues(this);
    values.put("model", variant.id());
    values.put("data.path", data);
    values.put("data.dataset", DataFrameData.NAME);
    values.put("run_dir", runDir);
    try {
      Config config =
          new ConfigLoader()
              .withApplicationFile()
              .withConfig(ConfigFiles.forModel(variant.id(), DataFrameData.NAME))
              .withConfig(ConfigFactory.parseMap(values, "DeepClustering Params"))
              .load();
      return RunSettings.from(config);
    } catch (UcoException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String temporaryFolder() {
    try {
      return Files.createTempDirectory("uco-spark-fit-").toUri().toString().replaceAll("/$", "");
    } catch (IOException e) {
      throw new UcoException("cannot create a temporary folder for the fit: " + e.getMessage(), e);
    }
  }

  @Override
  public DeepClustering copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<DeepClustering> read() {
    return new DefaultParamsReader<>();
  }

  public static DeepClustering load(String path) {
    return read().load(path);
  }
}
