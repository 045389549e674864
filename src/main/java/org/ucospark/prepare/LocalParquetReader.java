package org.ucospark.prepare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.ucospark.UcoException;
import org.ucospark.io.HadoopFs;

/**
 * Reads a prepared data set into this JVM without a SparkSession, through parquet-hadoop (the Parquet
 * library Spark itself ships). Used where a whole training runs inside one Spark task (trial-parallel
 * sweeps) and by single-JVM training.
 */
public final class LocalParquetReader {
  private LocalParquetReader() {}

  /** Examples with id &lt; n, placed by id: images [n × C·H·W] row-major and labels. */
  public record Rows(float[] pixels, int[] labels) {}

  public static Rows read(HadoopFs fs, PreparedDataset data, int n) {
    int size = data.manifest().pixelCount();
    float[] pixels = new float[n * size];
    int[] labels = new int[n];
    boolean[] seen = new boolean[n];
    for (Path file : parquetFiles(fs, data.path())) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file)
          .withConf(fs.configuration()).build()) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          long id = row.getLong("id", 0);
          if (id >= n) {
            continue;
          }
          Group list = row.getGroup("pixels", 0);
          int count = list.getFieldRepetitionCount(0);
          if (count != size) {
            throw new UcoException(file + ": row " + id + " has " + count + " pixels, expected " + size);
          }
          int base = (int) id * size;
          for (int i = 0; i < count; i++) {
            pixels[base + i] = list.getGroup(0, i).getFloat(0, 0);
          }
          labels[(int) id] = row.getInteger("label", 0);
          seen[(int) id] = true;
        }
      } catch (IOException e) {
        throw new UcoException(file + ": cannot read Parquet: " + e.getMessage(), e);
      }
    }
    for (int i = 0; i < n; i++) {
      if (!seen[i]) {
        throw new UcoException(data.path() + ": no row with id " + i + "; re-run prepare");
      }
    }
    return new Rows(pixels, labels);
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
