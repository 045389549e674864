package org.ucospark.prepare;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.ucospark.UcoException;
import org.ucospark.io.HadoopFs;

/**
 * Reads a prepared data set into this JVM without a SparkSession, through parquet-hadoop (the
 * Parquet library Spark itself ships). Used where a whole training runs inside one Spark task
 * (trial-parallel sweeps) and by single-JVM training.
 *
 * <p>The three leaf columns ({@code id}, {@code label}, {@code pixels.list.element}) are decoded
 * column by column, straight into primitive arrays: the record-assembly API of parquet-mr builds
 * one object per pixel and took 0.65 s for USPS (9.5 M floats), ten times the column path. {@link
 * #cached} keeps each decoded data set once per JVM, so the trials of a sweep that share an
 * executor read it once.
 */
public final class LocalParquetReader {
  private static final Map<Key, SoftReference<Rows>> CACHE = new ConcurrentHashMap<>();
  private static final Map<Key, Object> LOADING = new ConcurrentHashMap<>();

  private LocalParquetReader() {}

  /**
   * Examples with id &lt; n, placed by id: images [n × C·H·W] row-major and labels (−1 where the
   * label is null: a data set without labels). The arrays of a {@link #cached} instance are shared
   * between callers and must not be written.
   */
  public record Rows(float[] pixels, int[] labels) {}

  private record Key(String path, Manifest manifest) {}

  /**
   * Every example of the data set, decoded once per JVM and data set version (location and
   * manifest: a re-prepared data set has a new manifest). Held softly, so a JVM short of heap drops
   * it and reads again; concurrent callers for the same data set wait for one read.
   */
  public static Rows cached(HadoopFs fs, PreparedDataset data) {
    // Qualified, and through Path(String), which drops the trailing slash a directory URI may
    // carry.
    Key key =
        new Key(
            new Path(fs.fs(data.path()).makeQualified(data.path()).toString()).toString(),
            data.manifest());
    synchronized (LOADING.computeIfAbsent(key, k -> new Object())) {
      SoftReference<Rows> held = CACHE.get(key);
      Rows rows = held == null ? null : held.get();
      if (rows == null) {
        rows = read(fs, data, Math.toIntExact(data.manifest().count()));
        CACHE.keySet().removeIf(k -> k.path().equals(key.path()) && !k.equals(key));
        CACHE.put(key, new SoftReference<>(rows));
      }
      return rows;
    }
  }

  /** Reads the examples with id &lt; n (a fresh copy, not cached). */
  public static Rows read(HadoopFs fs, PreparedDataset data, int n) {
    int size = data.manifest().pixelCount();
    float[] pixels = new float[Math.multiplyExact(n, size)];
    int[] labels = new int[n];
    boolean[] seen = new boolean[n];
    for (Path file : parquetFiles(fs, data.path())) {
      try (ParquetFileReader reader =
          ParquetFileReader.open(HadoopInputFile.fromPath(file, fs.configuration()))) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
        ColumnDescriptor ids = leaf(schema, "id", file);
        ColumnDescriptor labelColumn = leaf(schema, "label", file);
        ColumnDescriptor pixelColumn = leaf(schema, "pixels", file);
        for (PageReadStore group = reader.readNextRowGroup();
            group != null;
            group = reader.readNextRowGroup()) {
          ColumnReadStoreImpl store =
              new ColumnReadStoreImpl(
                  group, new GroupRecordConverter(schema).getRootConverter(), schema, createdBy);
          new RowGroup(
                  file,
                  size,
                  store.getColumnReader(ids),
                  store.getColumnReader(labelColumn),
                  store.getColumnReader(pixelColumn))
              .readInto(group.getRowCount(), n, pixels, labels, seen);
        }
      } catch (IOException | org.apache.parquet.io.ParquetDecodingException e) {
        // A checksum error (the .crc beside the file caught the damage) and a page that does not
        // decode (no .crc to check against) are the same damage: one line, exit 2, either way.
        throw PreparedDataset.damaged(
            file, "its contents do not decode (" + HadoopFs.firstLine(e) + ")");
      }
    }
    for (int i = 0; i < n; i++) {
      if (!seen[i]) {
        throw new UcoException(data.path() + ": no row with id " + i + "; re-run prepare");
      }
    }
    return new Rows(pixels, labels);
  }

  /** The one leaf column under top-level field {@code name}. */
  private static ColumnDescriptor leaf(MessageType schema, String name, Path file) {
    List<ColumnDescriptor> found = new ArrayList<>();
    for (ColumnDescriptor c : schema.getColumns()) {
      if (c.getPath()[0].equals(name)) {
        found.add(c);
      }
    }
    if (found.size() != 1) {
      throw new UcoException(
          file + ": expected one column '" + name + "' (a prepared data set), schema is " + schema);
    }
    return found.get(0);
  }

  /** One row group's three column readers, advanced together row by row. */
  private record RowGroup(
      Path file, int size, ColumnReader ids, ColumnReader labels, ColumnReader pixels) {

    void readInto(long rowCount, int n, float[] out, int[] labelsOut, boolean[] seen) {
      int maxDef = pixels.getDescriptor().getMaxDefinitionLevel();
      long pixelValues = pixels.getTotalValueCount();
      long consumed = 0;
      for (long r = 0; r < rowCount; r++) {
        long id = required(ids).getLong();
        ids.consume();
        // A data set without labels has null labels: held as CustomImages.NO_LABEL (-1).
        int label =
            labels.getCurrentDefinitionLevel() == labels.getDescriptor().getMaxDefinitionLevel()
                ? labels.getInteger()
                : org.ucospark.data.CustomImages.NO_LABEL;
        labels.consume();
        boolean keep = id >= 0 && id < n;
        int base = keep ? (int) id * size : 0;
        int count = 0;
        do {
          if (pixels.getCurrentDefinitionLevel() != maxDef) {
            throw new UcoException(
                file + ": row " + id + " has a null or empty pixels array; re-run prepare");
          }
          if (keep && count < size) {
            out[base + count] = pixels.getFloat();
          }
          count++;
          pixels.consume();
          consumed++;
        } while (consumed < pixelValues && pixels.getCurrentRepetitionLevel() > 0);
        if (count != size) {
          throw new UcoException(
              file + ": row " + id + " has " + count + " pixels, expected " + size);
        }
        if (keep) {
          labelsOut[(int) id] = label;
          seen[(int) id] = true;
        }
      }
    }

    private ColumnReader required(ColumnReader column) {
      if (column.getCurrentDefinitionLevel() != column.getDescriptor().getMaxDefinitionLevel()) {
        throw new UcoException(
            file + ": null in column " + String.join(".", column.getDescriptor().getPath()));
      }
      return column;
    }
  }

  private static List<Path> parquetFiles(HadoopFs fs, Path dir) {
    List<Path> files = new ArrayList<>();
    try {
      for (FileStatus status : fs.fs(dir).listStatus(dir)) {
        String name = status.getPath().getName();
        if (name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
          files.add(status.getPath());
        }
      }
    } catch (IOException e) {
      throw new UcoException(dir + ": cannot list: " + e.getMessage(), e);
    }
    files.sort(null);
    return files;
  }
}
