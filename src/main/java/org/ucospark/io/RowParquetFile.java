package org.ucospark.io;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.datasources.parquet.ParquetReadSupport;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * Writes a few Spark {@link Row}s to one Parquet file from the calling thread, with parquet-hadoop
 * (the Parquet library Spark ships) and no Spark job, laid out as Spark's own writer lays them out:
 * the Parquet schema comes from Spark's converter (standard three-level lists), values go field by
 * field as in Spark's write support, and the footer carries the Spark schema, so {@code
 * spark.read().parquet(...)} reads back exactly the rows and types written.
 *
 * <p>Why not {@code createDataFrame(rows).write()}: a Spark write is a job, and a job needs a free
 * task slot. The sweep driver records each trial as it ends while trial-parallel sweeps keep every
 * slot busy with trials, so the one-row write queued behind the next trial (the record of a
 * finished trial was not on disk until another trial ended) and then held a slot itself.
 *
 * <p>Supported types: string, int, long, double, float, boolean, struct and array of those (what
 * the sweep tables and a run's assignments hold; an array may also be a Java {@code List} or, for
 * floats, a {@code float[]}, as Spark's own row encoder accepts); anything else is rejected before
 * the file is created.
 */
public final class RowParquetFile {
  private RowParquetFile() {}

  /**
   * Writes {@code rows} to a new file {@code file} (which must not exist), snappy-compressed like
   * Spark's default.
   *
   * @throws IllegalArgumentException for a type outside the supported ones, naming the field
   */
  public static void write(Configuration conf, Path file, StructType schema, List<Row> rows)
      throws IOException {
    check(schema, "");
    MessageType parquetSchema = new SparkToParquetSchemaConverter(new SQLConf()).convert(schema);
    try (ParquetWriter<Row> writer =
        new Builder(
                HadoopOutputFile.fromPath(file, conf), new RowWriteSupport(schema, parquetSchema))
            .withConf(conf)
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .build()) {
      for (Row row : rows) {
        writer.write(row);
      }
    }
  }

  private static void check(DataType type, String field) {
    if (type instanceof StructType struct) {
      for (StructField f : struct.fields()) {
        check(f.dataType(), field.isEmpty() ? f.name() : field + "." + f.name());
      }
    } else if (type instanceof ArrayType array) {
      check(array.elementType(), field + "[]");
    } else if (!(type instanceof StringType
        || type instanceof IntegerType
        || type instanceof LongType
        || type instanceof DoubleType
        || type instanceof FloatType
        || type instanceof BooleanType)) {
      throw new IllegalArgumentException(
          field
              + ": type "
              + type.simpleString()
              + " is not supported by "
              + RowParquetFile.class.getSimpleName());
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final RowWriteSupport support;

    Builder(OutputFile file, RowWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return support;
    }
  }

  /**
   * Rows to Parquet record events, the layout of Spark's non-legacy writer: null fields are left
   * out.
   */
  private static final class RowWriteSupport extends WriteSupport<Row> {
    private final StructType schema;
    private final MessageType parquetSchema;
    private RecordConsumer out;

    RowWriteSupport(StructType schema, MessageType parquetSchema) {
      this.schema = schema;
      this.parquetSchema = parquetSchema;
    }

    @Override
    public WriteContext init(Configuration conf) {
      return new WriteContext(
          parquetSchema, Map.of(ParquetReadSupport.SPARK_METADATA_KEY(), schema.json()));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    public void write(Row row) {
      out.startMessage();
      writeFields(row, schema);
      out.endMessage();
    }

    private void writeFields(Row row, StructType type) {
      StructField[] fields = type.fields();
      for (int i = 0; i < fields.length; i++) {
        if (!row.isNullAt(i)) {
          out.startField(fields[i].name(), i);
          writeValue(row.get(i), fields[i].dataType());
          out.endField(fields[i].name(), i);
        }
      }
    }

    private void writeValue(Object value, DataType type) {
      if (type instanceof StringType) {
        out.addBinary(Binary.fromString((String) value));
      } else if (type instanceof IntegerType) {
        out.addInteger((Integer) value);
      } else if (type instanceof LongType) {
        out.addLong((Long) value);
      } else if (type instanceof DoubleType) {
        out.addDouble((Double) value);
      } else if (type instanceof FloatType) {
        out.addFloat((Float) value);
      } else if (type instanceof BooleanType) {
        out.addBoolean((Boolean) value);
      } else if (type instanceof StructType struct) {
        out.startGroup();
        writeFields((Row) value, struct);
        out.endGroup();
      } else {
        // ArrayType (checked up front): group (LIST) { repeated group list { optional element } }
        List<?> elements =
            value instanceof scala.collection.Seq<?> seq
                ? JavaConverters.seqAsJavaList(seq)
                : value instanceof float[] floats ? boxed(floats) : (List<?>) value;
        DataType elementType = ((ArrayType) type).elementType();
        out.startGroup();
        if (!elements.isEmpty()) {
          out.startField("list", 0);
          for (Object e : elements) {
            out.startGroup();
            if (e != null) {
              out.startField("element", 0);
              writeValue(e, elementType);
              out.endField("element", 0);
            }
            out.endGroup();
          }
          out.endField("list", 0);
        }
        out.endGroup();
      }
    }

    private static List<Float> boxed(float[] values) {
      List<Float> list = new java.util.ArrayList<>(values.length);
      for (float v : values) {
        list.add(v);
      }
      return list;
    }
  }
}
