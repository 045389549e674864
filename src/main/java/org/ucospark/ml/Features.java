package org.ucospark.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ucospark.model.InputShape;

/**
 * The features column of a DataFrame, checked as Spark ML's own {@code validateAndTransformSchema}
 * does (one IllegalArgumentException naming the column and what was expected): an array of numbers
 * (an image's C×H×W pixels, row-major, as a prepared data set's {@code pixels}) or an ML {@code
 * Vector} (the MLP models' input, e.g. from a {@code VectorAssembler}), both read as float32.
 */
final class Features {
  private Features() {}

  /** The features column as array&lt;float&gt; (a Vector through {@code vector_to_array}). */
  static Column pixels(StructType schema, String column) {
    DataType type = field(schema, column, "features column").dataType();
    if (isVector(type)) {
      return org.apache.spark.ml.functions.vector_to_array(col(column), "float32");
    }
    return col(column).cast(DataTypes.createArrayType(DataTypes.FloatType));
  }

  /** Whether the column holds ML Vectors. */
  static boolean isVector(DataType type) {
    return type.sameType(SQLDataTypes.VectorType());
  }

  /**
   * Checks the schema: the features column exists and holds an array of numbers or a Vector; the
   * label column (when named) exists and holds integers; the output columns do not exist yet.
   */
  static void checkInput(StructType schema, String features, String label, String... outputs) {
    DataType type = field(schema, features, "features column").dataType();
    boolean numbers =
        type instanceof ArrayType a && a.elementType() instanceof NumericType || isVector(type);
    if (!numbers) {
      throw new IllegalArgumentException(
          "featuresCol '"
              + features
              + "' must be an array of numbers (C×H×W pixels) or an ML Vector, but is "
              + type.catalogString());
    }
    if (!label.isEmpty()) {
      DataType l = field(schema, label, "label column").dataType();
      if (!(l instanceof IntegerType || l instanceof LongType || l instanceof ShortType)) {
        throw new IllegalArgumentException(
            "labelCol '" + label + "' must hold integers, but is " + l.catalogString());
      }
    }
    for (String out : outputs) {
      if (!out.isEmpty() && Arrays.asList(schema.fieldNames()).contains(out)) {
        throw new IllegalArgumentException(
            "output column '" + out + "' already exists; choose another name");
      }
    }
  }

  private static StructField field(StructType schema, String column, String what) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(
          what
              + " '"
              + column
              + "' does not exist; the DataFrame has "
              + String.join(", ", schema.fieldNames()));
    }
    return schema.apply(column);
  }

  /** What one pass over the data says: rows, rows with a null pixel, shortest and longest row. */
  record Stats(long rows, long nulls, int shortest, int longest) {}

  /** Counts the rows, the rows with null features or a null pixel, and the lengths, in one job. */
  static Stats stats(Dataset<Row> df, Column pixels) {
    Column p = col("p");
    Column bad = p.isNull().or(exists(p, Column::isNull));
    Row r =
        df.select(pixels.as("p"))
            .agg(count(lit(1)), sum(when(bad, 1).otherwise(0)), min(size(p)), max(size(p)))
            .first();
    return new Stats(
        r.getLong(0),
        r.isNullAt(1) ? 0 : r.getLong(1),
        r.isNullAt(2) ? 0 : r.getInt(2),
        r.isNullAt(3) ? 0 : r.getInt(3));
  }

  /**
   * The image shape of rows of {@code stats}: {@code given} (C, H, W) when set, else 1×1×d for a
   * Vector column; fails when rows hold null pixels, differ in length or do not match the shape.
   */
  static InputShape shape(Stats stats, String column, int[] given, boolean vector) {
    if (stats.nulls() > 0) {
      throw new IllegalArgumentException(
          "featuresCol '"
              + column
              + "': "
              + stats.nulls()
              + " rows with null features or null pixel values; expected none");
    }
    if (stats.shortest() != stats.longest()) {
      throw new IllegalArgumentException(
          "featuresCol '"
              + column
              + "': rows of "
              + stats.shortest()
              + " to "
              + stats.longest()
              + " values; expected one length for every row");
    }
    if (given.length == 0 && !vector) {
      throw new IllegalArgumentException(
          "inputShape must be set (C, H, W) for the array column '"
              + column
              + "' of "
              + stats.longest()
              + " values; only a Vector column defaults to 1×1×d");
    }
    InputShape shape =
        given.length == 0
            ? new InputShape(1, 1, stats.longest())
            : new InputShape(given[0], given[1], given[2]);
    check(shape, stats.longest(), column);
    return shape;
  }

  /** Fails when rows of {@code length} values are not images of {@code shape}. */
  static void check(InputShape shape, int length, String column) {
    if (shape.size() != length) {
      throw new IllegalArgumentException(
          "featuresCol '"
              + column
              + "': rows of "
              + length
              + " values, but the input shape "
              + shape
              + " needs "
              + shape.size());
    }
  }
}
