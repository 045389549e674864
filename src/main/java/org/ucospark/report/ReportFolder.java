package org.ucospark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.ucospark.io.HadoopFs;

/** A report folder ({@code report/} of a run or a sweep): its names and how it is written. */
final class ReportFolder {
  /** Report folder inside a run or sweep directory. */
  static final String REPORT = "report";

  /** Page name. */
  static final String INDEX = "index.html";

  private ReportFolder() {}

  /**
   * Writes {@code files} (name → content) into a temporary sibling of {@code target}, then swaps it
   * in. On an object store, where that swap would copy every object and could leave a mix if
   * killed, each file is written in place instead (each one whole: {@link HadoopFs#write}), {@code
   * index.html} last, and files of an earlier report that are not in this one are removed.
   */
  static void write(HadoopFs fs, Path target, Map<String, byte[]> files) {
    if (fs.writesWholeObjects(target)) {
      writeInPlace(fs, target, files);
      return;
    }
    Path tmp = HadoopFs.temporarySibling(target);
    try {
      fs.mkdirs(tmp);
      for (var e : files.entrySet()) {
        try (var out = fs.fs(tmp).create(new Path(tmp, e.getKey()), true)) {
          out.write(e.getValue());
        }
      }
    } catch (IOException e) {
      fs.deleteQuietly(tmp);
      throw new UncheckedIOException(e);
    }
    fs.replace(tmp, target);
  }

  private static void writeInPlace(HadoopFs fs, Path target, Map<String, byte[]> files) {
    List<String> order = new ArrayList<>(files.keySet());
    order.sort(java.util.Comparator.comparing(name -> name.equals(INDEX)));
    for (String name : order) {
      fs.write(new Path(target, name), out -> out.write(files.get(name)));
    }
    try {
      for (var old : fs.fs(target).listStatus(target)) {
        if (!files.containsKey(old.getPath().getName())) {
          fs.deleteQuietly(old.getPath());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A file-name-safe form of a name: characters other than letters, digits, {@code -} and {@code _}
   * become {@code _}.
   *
   * @param s name
   * @return slug
   */
  public static String slug(String s) {
    return s.replaceAll("[^A-Za-z0-9_-]", "_");
  }
}
