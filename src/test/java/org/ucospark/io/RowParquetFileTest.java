package org.ucospark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.testing.TestSpark;

class RowParquetFileTest {
  private static final StructType POINT =
      new StructType().add("epoch", DataTypes.IntegerType).add("acc", DataTypes.DoubleType);
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("seed", DataTypes.IntegerType)
          .add("steps", DataTypes.LongType)
          .add("ok", DataTypes.BooleanType)
          .add("loss", DataTypes.DoubleType)
          .add("best", POINT)
          .add("history", DataTypes.createArrayType(POINT, true))
          .add("counts", DataTypes.createArrayType(DataTypes.IntegerType, true));

  @TempDir java.nio.file.Path tmp;

  @Test
  void sparkReadsBackEveryValueAndTheSchemaWithoutBeingToldIt() throws IOException {
    List<Row> rows =
        List.of(
            RowFactory.create(
                "a",
                1,
                10_000_000_000L,
                true,
                0.25,
                RowFactory.create(2, 0.5),
                List.of(RowFactory.create(1, 0.4), RowFactory.create(2, 0.5)),
                List.of(3, 1, 4)),
            // nulls at every level: a field, a struct member, an array element, an empty and a null
            // array
            RowFactory.create(
                "b",
                null,
                0L,
                false,
                Double.NaN,
                RowFactory.create(null, 0.1),
                Arrays.asList(RowFactory.create(1, null), null),
                List.of()),
            RowFactory.create(null, 3, null, null, null, null, null, null));
    Path file = new Path(tmp.resolve("t.parquet").toUri());
    RowParquetFile.write(new Configuration(), file, SCHEMA, rows);

    SparkSession spark = TestSpark.session();
    var back = spark.read().parquet(file.toString());
    assertEquals(SCHEMA, back.schema());
    List<Row> read = back.collectAsList();
    assertEquals(rows.size(), read.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(plain(rows.get(i)), plain(read.get(i)), "row " + i);
    }
  }

  @Test
  void anUnsupportedTypeIsRejectedByFieldNameBeforeAnyFileExists() {
    StructType withMap =
        new StructType()
            .add("id", DataTypes.StringType)
            .add(
                "history",
                DataTypes.createArrayType(
                    new StructType()
                        .add(
                            "terms",
                            DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))));
    Path file = new Path(tmp.resolve("m.parquet").toUri());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RowParquetFile.write(new Configuration(), file, withMap, List.of()));
    assertEquals(
        "history[].terms: type map<string,double> is not supported by RowParquetFile",
        e.getMessage());
    assertFalse(Files.exists(tmp.resolve("m.parquet")));
  }

  @Test
  void anExistingFileIsNeverOverwritten() throws IOException {
    Path file = new Path(tmp.resolve("once.parquet").toUri());
    List<Row> one = List.of(RowFactory.create("a", 1, 1L, true, 1.0, null, null, null));
    RowParquetFile.write(new Configuration(), file, SCHEMA, one);
    long size = Files.size(tmp.resolve("once.parquet"));
    assertThrows(
        IOException.class,
        () -> RowParquetFile.write(new Configuration(), file, SCHEMA, List.of()));
    assertEquals(size, Files.size(tmp.resolve("once.parquet")));
  }

  @Test
  void floatsAndFloatArraysReadBackAsFloats() throws IOException {
    StructType schema =
        new StructType()
            .add("confidence", DataTypes.FloatType)
            .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false));
    List<Row> rows =
        List.of(
            RowFactory.create(0.75f, List.of(1.5f, -2.25f)),
            RowFactory.create(null, List.of()),
            RowFactory.create(-1f, new float[] {3.5f}));
    Path file = new Path(tmp.resolve("f.parquet").toUri());
    RowParquetFile.write(new Configuration(), file, schema, rows);
    var back = TestSpark.session().read().parquet(file.toString());
    assertEquals(
        schema.asNullable(), back.schema(), "Spark reads every Parquet column as nullable");
    List<Row> read = back.collectAsList();
    assertEquals(List.of(0.75f, List.of(1.5f, -2.25f)), plain(read.get(0)));
    assertEquals(Arrays.asList(null, List.of()), plain(read.get(1)));
    assertEquals(List.of(-1f, List.of(3.5f)), plain(read.get(2)));
  }

  /**
   * Rows and arrays as nested Java lists, comparable with equals (Spark reads arrays as Scala
   * sequences).
   */
  private static List<Object> plain(Row row) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < row.length(); i++) {
      out.add(plainValue(row.get(i)));
    }
    return out;
  }

  private static Object plainValue(Object v) {
    if (v instanceof Row r) {
      return plain(r);
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      v = scala.collection.JavaConverters.seqAsJavaList(seq);
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object e : list) {
        out.add(plainValue(e));
      }
      return out;
    }
    return v;
  }
}
