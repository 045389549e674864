package org.ucospark.prepare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.ucospark.UcoException;
import org.ucospark.data.Checksums;
import org.ucospark.data.CustomImages;
import org.ucospark.data.SourceFile;
import org.ucospark.io.HadoopFs;

/**
 * Images from a table ({@code prepare --format parquet|csv}), read through Spark: one row per
 * image, the pixels either in one array column ({@code --pixels-column}, else the only array
 * column) or in numeric columns (every numeric column except the label column and {@code id}, in
 * table order), C×H×W row-major as given by {@code --shape}; the label column ({@code
 * --label-column}, default {@code label}) is optional and must hold integers (mapped to 0..K−1 in
 * ascending order). CSV files need a header row (types are inferred). Integer pixel values are
 * taken as 0..255, floats as stored. Ids follow the files in name order and the rows in file order.
 * The table is collected on the driver (as the built-in readers decode there).
 */
public final class TableImages {
  private TableImages() {}

  /**
   * @param shape C, H, W of one row's pixels
   * @param labelColumn the label column; null for the default {@code label}, which may then be
   *     absent
   * @param pixelsColumn the array column of the pixels; null to find it
   */
  // Long because it checks a user's table step by step (path, label column, pixel columns, shape,
  // every row), each check with its own error line; a split is left to a later change.
  public static CustomImages read(
      SparkSession spark,
      HadoopFs fs,
      String format,
      String location,
      List<Integer> shape,
      String labelColumn,
      String pixelsColumn) {
    Path path = HadoopFs.path(location);
    if (!fs.exists(path)) {
      throw new UcoException(location + ": no such file or folder (--raw)");
    }
    Dataset<Row> table =
        "csv".equals(format)
            ? spark.read().option("header", true).option("inferSchema", true).csv(location)
            : spark.read().parquet(location);
    String label = labelColumn != null ? labelColumn : "label";
    boolean hasLabel = List.of(table.columns()).contains(label);
    if (labelColumn != null && !hasLabel) {
      throw new UcoException(
          location
              + ": no label column '"
              + labelColumn
              + "' (columns: "
              + String.join(", ", table.columns())
              + ")");
    }
    if (hasLabel) {
      DataType type = table.schema().apply(label).dataType();
      if (!isIntegral(type)) {
        throw new UcoException(
            location
                + ": labels must be integers, column '"
                + label
                + "' holds "
                + type.simpleString());
      }
    }
    List<Column> pixelColumns = new ArrayList<>();
    List<String> pixelNames = new ArrayList<>();
    boolean integral = true;
    StructField array = null;
    for (StructField f : table.schema().fields()) {
      if (f.dataType() instanceof ArrayType
          && (pixelsColumn == null || f.name().equals(pixelsColumn))) {
        if (array != null) {
          throw new UcoException(
              location
                  + ": several array columns ("
                  + array.name()
                  + ", "
                  + f.name()
                  + "); name the pixels with --pixels-column");
        }
        array = f;
      }
    }
    if (pixelsColumn != null && array == null) {
      throw new UcoException(
          location
              + ": no array column '"
              + pixelsColumn
              + "' (columns: "
              + String.join(", ", table.columns())
              + ")");
    }
    if (array != null) {
      DataType element = ((ArrayType) array.dataType()).elementType();
      if (!(element instanceof NumericType)) {
        throw new UcoException(
            location
                + ": column '"
                + array.name()
                + "' holds "
                + array.dataType().simpleString()
                + ", expected an array of numbers");
      }
      integral = isIntegral(element);
      pixelColumns.add(col(array.name()).cast(DataTypes.createArrayType(DataTypes.FloatType)));
    } else {
      for (StructField f : table.schema().fields()) {
        if (!f.name().equals(label)
            && !f.name().equals("id")
            && f.dataType() instanceof NumericType) {
          integral &= isIntegral(f.dataType());
          pixelColumns.add(col(f.name()).cast(DataTypes.FloatType));
          pixelNames.add(f.name());
        }
      }
      if (pixelColumns.isEmpty()) {
        throw new UcoException(
            location + ": no pixel columns (expected an array column or numeric columns)");
      }
    }
    int size = shape.get(0) * shape.get(1) * shape.get(2);
    String shapeText = shape.get(0) + "x" + shape.get(1) + "x" + shape.get(2);
    List<Column> selected = new ArrayList<>(pixelColumns);
    selected.add(
        hasLabel ? col(label).cast(DataTypes.LongType) : org.apache.spark.sql.functions.lit(null));
    List<Row> rows =
        table
            .withColumn("_file", input_file_name())
            .withColumn("_pos", monotonically_increasing_id())
            .orderBy("_file", "_pos")
            .select(selected.toArray(new Column[0]))
            .collectAsList();
    if (rows.isEmpty()) {
      throw new UcoException(location + ": no rows");
    }
    float[] values = new float[Math.multiplyExact(rows.size(), size)];
    int[] rawLabels = hasLabel ? new int[rows.size()] : null;
    int labelIndex = pixelColumns.size();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      int length = array != null ? (r.isNullAt(0) ? 0 : r.getList(0).size()) : pixelColumns.size();
      if (length != size) {
        throw new UcoException(
            location
                + ": row "
                + i
                + " has "
                + length
                + " pixel values, but --shape "
                + shapeText
                + " needs "
                + size);
      }
      for (int j = 0; j < size; j++) {
        Object v = array != null ? r.getList(0).get(j) : r.get(j);
        if (v == null) {
          throw new UcoException(location + ": row " + i + " has a null pixel value");
        }
        values[i * size + j] = (Float) v;
        if (!Float.isFinite((Float) v)) {
          throw new UcoException(
              location
                  + ": row "
                  + i
                  + ("csv".equals(format) ? " (data rows counted from 0, header excluded)" : "")
                  + (array != null
                      ? ", column '" + array.name() + "' element " + j
                      : ", column '" + pixelNames.get(j) + "'")
                  + " holds "
                  + v
                  + "; every pixel must be a finite number: fix or drop that row");
        }
      }
      if (hasLabel) {
        if (r.isNullAt(labelIndex)) {
          throw new UcoException(
              location + ": row " + i + " has a null label in column '" + label + "'");
        }
        rawLabels[i] = Math.toIntExact(r.getLong(labelIndex));
      }
    }
    List<String> names = hasLabel ? new ArrayList<>() : null;
    int[] labels = hasLabel ? CustomImages.denseLabels(rawLabels, names) : null;
    CustomImages images =
        new CustomImages(
            rows.size(),
            shape.get(0),
            shape.get(1),
            shape.get(2),
            values,
            integral,
            labels,
            names,
            sources(fs, path));
    images.note(
        format
            + " table, "
            + (array != null
                ? "array column " + array.name()
                : pixelColumns.size() + " pixel columns")
            + " as "
            + shapeText
            + (hasLabel ? ", labels from column " + label : ", without labels"));
    return images;
  }

  private static boolean isIntegral(DataType type) {
    return type == DataTypes.ByteType
        || type == DataTypes.ShortType
        || type == DataTypes.IntegerType
        || type == DataTypes.LongType;
  }

  /**
   * Each data file of the table (a file, or the files of a folder but _ and . ones) with its
   * SHA-256.
   */
  private static List<SourceFile> sources(HadoopFs fs, Path path) {
    List<SourceFile> out = new ArrayList<>();
    try {
      FileStatus[] listed = fs.fs(path).listStatus(path);
      java.util.Arrays.sort(listed);
      for (FileStatus f : listed) {
        String name = f.getPath().getName();
        if (f.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
          try (InputStream in = fs.open(f.getPath())) {
            out.add(new SourceFile(name, Checksums.sha256Hex(in)));
          }
        }
      }
    } catch (IOException e) {
      throw new UcoException(path + ": cannot read: " + e.getMessage(), e);
    }
    return out;
  }
}
