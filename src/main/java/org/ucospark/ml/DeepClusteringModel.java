package org.ucospark.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.ucospark.UcoException;
import org.ucospark.io.HadoopFs;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelFamilies;
import org.ucospark.model.ModelVariant;
import org.ucospark.train.NetworkSnapshot;
import org.ucospark.train.RunDirectory;

/**
 * A fitted deep clustering network as a Spark ML {@code Model}: {@link #transform} runs on the
 * executors and adds the cluster ({@code predictionCol}, int), the soft assignment vector ({@code
 * probabilityCol}: DDC's A, DEC's Student-t Q; OHC has none and leaves it out) and the embedding
 * ({@code embeddingCol}: DDC's H, DEC's bottleneck z, OHC's z; empty = not written), computed as
 * {@code predict} and a run's assignments are ({@link org.ucospark.train.Assignments#infer}).
 *
 * <p>Saved in Spark ML's layout: {@code metadata/} (class, uid, Params, by {@link
 * DefaultParamsWriter}) and {@code data/} with {@code model.json} (model, input shape, batch size,
 * the fit's resolved configuration), {@code network.json} (the DL4J graph), {@code parameters.bin}
 * (its float32 parameters) and {@code summary.json} (the training summary). {@code train} writes
 * one into every run directory ({@code RUN_DIR/model}).
 */
public final class DeepClusteringModel extends Model<DeepClusteringModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String uid;
  private final ModelVariant variant;
  private final InputShape shape;
  private final int k;
  private final int batchSize;
  private final String configuration;
  private final float[] parameters;
  private final String config;
  private final DeepClusteringSummary summary;

  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final Param<String> embeddingCol;

  DeepClusteringModel(
      String uid,
      ModelVariant variant,
      InputShape shape,
      int k,
      int batchSize,
      ComputationGraph network,
      String config,
      DeepClusteringSummary summary) {
    this(
        uid,
        variant,
        shape,
        k,
        batchSize,
        network.getConfiguration().toJson(),
        network.params().castTo(DataType.FLOAT).toFloatVector(),
        config,
        summary);
  }

  private DeepClusteringModel(
      String uid,
      ModelVariant variant,
      InputShape shape,
      int k,
      int batchSize,
      String configuration,
      float[] parameters,
      String config,
      DeepClusteringSummary summary) {
    this.uid = uid;
    this.variant = variant;
    this.shape = shape;
    this.k = k;
    this.batchSize = batchSize;
    this.configuration = configuration;
    this.parameters = parameters;
    this.config = config;
    this.summary = summary;
    this.featuresCol = Columns.featuresCol(this);
    this.predictionCol = Columns.predictionCol(this);
    this.probabilityCol = Columns.probabilityCol(this);
    this.embeddingCol = Columns.embeddingCol(this);
    Columns.setDefaults(this, featuresCol, predictionCol, probabilityCol, embeddingCol);
  }

  /** The folder of a run directory that holds its Spark ML model ({@code train} writes it). */
  public static final String RUN_FOLDER = "model";

  /**
   * The model of a finished run directory (any run of {@code train}, a sweep's trial): the reported
   * network ({@code checkpoints/best.zip}), the variant, batch size and configuration of its
   * summary.json, the shape and K of its data set's manifest, its metrics rows as the summary.
   */
  public static DeepClusteringModel fromRunDirectory(HadoopFs fs, String runDir) {
    RunDirectory dir = new RunDirectory(fs, runDir);
    Path summaryFile = dir.path("summary.json");
    if (!fs.exists(summaryFile) || !dir.hasBest()) {
      throw new UcoException(
          runDir
              + ": not a finished run (summary.json and checkpoints/best.zip are written at its end)");
    }
    JsonNode summary = readJson(fs.readString(summaryFile));
    JsonNode config = summary.path("config");
    org.ucospark.prepare.Manifest manifest =
        org.ucospark.prepare.PreparedDataset.open(fs, summary.path("data_path").asText())
            .manifest();
    return new DeepClusteringModel(
            Identifiable$.MODULE$.randomUID("deepClustering"),
            ModelFamilies.parse(summary.path("model").asText()),
            InputShape.of(manifest.shape()),
            manifest.numClasses(),
            summary.path("batch_size").asInt(),
            dir.loadBest(),
            config.toString(),
            new DeepClusteringSummary(
                summary, dir.metricRows(summary.path("final").path("epoch").asInt())))
        .setFeaturesCol("pixels"); // a prepared data set's column: the run's data as it is
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  public Param<String> embeddingCol() {
    return embeddingCol;
  }

  public String getFeaturesCol() {
    return $(featuresCol);
  }

  public String getPredictionCol() {
    return $(predictionCol);
  }

  public String getProbabilityCol() {
    return $(probabilityCol);
  }

  public String getEmbeddingCol() {
    return $(embeddingCol);
  }

  public DeepClusteringModel setFeaturesCol(String value) {
    return (DeepClusteringModel) set(featuresCol, value);
  }

  public DeepClusteringModel setPredictionCol(String value) {
    return (DeepClusteringModel) set(predictionCol, value);
  }

  public DeepClusteringModel setProbabilityCol(String value) {
    return (DeepClusteringModel) set(probabilityCol, value);
  }

  public DeepClusteringModel setEmbeddingCol(String value) {
    return (DeepClusteringModel) set(embeddingCol, value);
  }

  /** The model variant (ddc, dec, …) the network is. */
  public String modelName() {
    return variant.id();
  }

  /** The number of clusters K. */
  public int k() {
    return k;
  }

  /** The images' C, H, W (a Vector column's d as 1, 1, d). */
  public int[] inputShape() {
    return new int[] {shape.channels(), shape.height(), shape.width()};
  }

  /** The fit's resolved configuration as JSON (the keys of reference.conf). */
  public String configJson() {
    return config;
  }

  /** Whether a training summary is at hand (a model fitted or saved by this version has one). */
  public boolean hasSummary() {
    return summary != null;
  }

  /** The training summary; fails when there is none ({@link #hasSummary}). */
  public DeepClusteringSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("No training summary available for " + uid);
    }
    return summary;
  }

  /** A fresh DL4J network holding the model's parameters. */
  public ComputationGraph restore() {
    return NetworkSnapshot.restore(configuration, parameters);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Features.checkInput(
        schema, getFeaturesCol(), "", getPredictionCol(), probability(), getEmbeddingCol());
    StructType out = schema.add(getPredictionCol(), DataTypes.IntegerType, false);
    if (!probability().isEmpty()) {
      out = out.add(probability(), SQLDataTypes.VectorType(), false);
    }
    return getEmbeddingCol().isEmpty()
        ? out
        : out.add(getEmbeddingCol(), SQLDataTypes.VectorType(), false);
  }

  /** The probability column, empty for OHC (no soft assignments). */
  private String probability() {
    return ModelFamilies.of(variant).hasSoftAssignments() ? getProbabilityCol() : "";
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema(), true);
    Dataset<Row> df = dataset.toDF();
    int width = df.schema().size();
    Column pixels = Features.pixels(df.schema(), getFeaturesCol());
    Inference inference =
        new Inference(
            ModelFamilies.of(variant),
            shape,
            batchSize,
            configuration,
            parameters,
            getFeaturesCol(),
            !probability().isEmpty(),
            !getEmbeddingCol().isEmpty());
    JavaRDD<Row> rows =
        df.withColumn("__ucospark_pixels", pixels)
            .javaRDD()
            .mapPartitions(it -> inference.partition(it, width));
    return df.sparkSession().createDataFrame(rows, out);
  }

  @Override
  public DeepClusteringModel copy(ParamMap extra) {
    DeepClusteringModel copy =
        new DeepClusteringModel(
            uid, variant, shape, k, batchSize, configuration, parameters, config, summary);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** The reader of {@link #load}; Spark's {@code PipelineModel.load} calls it by reflection. */
  public static MLReader<DeepClusteringModel> read() {
    return new Reader();
  }

  public static DeepClusteringModel load(String path) {
    return read().load(path);
  }

  private static final class Writer extends MLWriter {
    private final DeepClusteringModel model;

    Writer(DeepClusteringModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(
          model, path, sc(), scala.Option.empty(), scala.Option.empty());
      HadoopFs fs = new HadoopFs(sc().hadoopConfiguration());
      Path data = new Path(path, "data");
      ObjectNode json =
          JSON.createObjectNode()
              .put("model", model.variant.id())
              .put("k", model.k)
              .put("batch_size", model.batchSize);
      json.putArray("input_shape")
          .add(model.shape.channels())
          .add(model.shape.height())
          .add(model.shape.width());
      json.set("config", readJson(model.config));
      fs.writeStringAtomically(new Path(data, "model.json"), json.toString());
      fs.writeStringAtomically(new Path(data, "network.json"), model.configuration);
      fs.write(
          new Path(data, "parameters.bin"),
          out -> {
            DataOutputStream d = new DataOutputStream(out);
            d.writeInt(model.parameters.length);
            for (float v : model.parameters) {
              d.writeFloat(v);
            }
            d.flush();
          });
      if (model.summary != null) {
        fs.writeStringAtomically(new Path(data, "summary.json"), model.summary.json());
      }
    }
  }

  private static final class Reader extends MLReader<DeepClusteringModel> {
    @Override
    public DeepClusteringModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sc(), DeepClusteringModel.class.getName());
      HadoopFs fs = new HadoopFs(sc().hadoopConfiguration());
      Path data = new Path(path, "data");
      JsonNode json = readJson(fs.readString(new Path(data, "model.json")));
      JsonNode s = json.path("input_shape");
      float[] parameters;
      try (DataInputStream in = new DataInputStream(fs.open(new Path(data, "parameters.bin")))) {
        parameters = new float[in.readInt()];
        for (int i = 0; i < parameters.length; i++) {
          parameters[i] = in.readFloat();
        }
      } catch (IOException e) {
        throw new UcoException(data + "/parameters.bin: cannot read: " + e.getMessage(), e);
      }
      Path summaryFile = new Path(data, "summary.json");
      DeepClusteringModel model =
          new DeepClusteringModel(
              metadata.uid(),
              ModelFamilies.parse(json.path("model").asText()),
              new InputShape(s.get(0).asInt(), s.get(1).asInt(), s.get(2).asInt()),
              json.path("k").asInt(),
              json.path("batch_size").asInt(),
              fs.readString(new Path(data, "network.json")),
              parameters,
              json.path("config").toString(),
              fs.exists(summaryFile)
                  ? DeepClusteringSummary.parse(fs.readString(summaryFile))
                  : null);
      metadata.getAndSetParams(model, scala.Option.empty());
      return model;
    }
  }

  static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UcoException("not valid JSON: " + e.getMessage(), e);
    }
  }
}
