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
