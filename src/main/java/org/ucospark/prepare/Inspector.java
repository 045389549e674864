package org.ucospark.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ucospark.io.HadoopFs;

/**
 * {@code inspect PATH}: manifest, Parquet schema, row count and label histogram as one JSON object.
 */
public final class Inspector {
  private Inspector() {}

  public static ObjectNode inspect(SparkSession spark, HadoopFs fs, String location) {
    return inspect(spark, fs, location, false);
  }

  /**
   * @param contents also decode every pixel of every row (reads the whole data set), which finds a
   *     part file damaged inside (same size, other bytes); else only the part files' sizes (against
   *     the manifest), the row count and the labels are checked. The JSON says which ({@code
   *     checked}).
   */
  public static ObjectNode inspect(
      SparkSession spark, HadoopFs fs, String location, boolean contents) {
    PreparedDataset data = PreparedDataset.open(fs, location);
    Dataset<Row> rows = spark.read().parquet(data.path().toString());
    ObjectNode out = Manifest.JSON.createObjectNode();
    out.put("path", data.path().toString());
    long count = rows.count();
    if (count != data.manifest().count()) {
      throw new org.ucospark.UcoException(
          data.path()
              + ": damaged prepared data set: "
              + count
              + " rows, "
              + Manifest.FILE_NAME
              + " says "
              + data.manifest().count()
              + "; rebuild it with `uco-spark prepare --force`");
    }
    if (contents) {
      // Decodes every page of the pixels column; a damaged page fails the job (Main names the
      // file).
      rows.select(
              org.apache.spark.sql.functions.sum(
                  org.apache.spark.sql.functions.size(
                      org.apache.spark.sql.functions.col("pixels"))))
          .first();
    }
    out.put(
        "checked",
        contents
            ? "contents: every row decoded"
            : "sizes only: part file sizes, row count and labels (inspect --contents decodes every"
                + " row)");
    out.put("count", count);
    out.set("manifest", Manifest.JSON.valueToTree(data.manifest()));
    out.set("schema", parse(rows.schema().json()));
    ObjectNode labels = out.putObject("labels");
    List<Row> histogram = rows.groupBy("label").count().orderBy("label").collectAsList();
    for (Row row : histogram) {
      labels.put(row.isNullAt(0) ? "null" : String.valueOf(row.getInt(0)), row.getLong(1));
    }
    return out;
  }

  private static JsonNode parse(String json) {
    try {
      return Manifest.JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
