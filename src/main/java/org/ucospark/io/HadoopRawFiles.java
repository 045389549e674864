package org.ucospark.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.ucospark.data.RawFiles;

/** The raw folder of one data set on any Hadoop file system. */
public final class HadoopRawFiles implements RawFiles {
  private final HadoopFs fs;
  private final Path root;

  public HadoopRawFiles(HadoopFs fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  public Path root() {
    return root;
  }

  private Path resolve(String name) {
    return name.isEmpty() ? root : new Path(root, name);
  }

  @Override
  public boolean exists(String name) {
    return fs.exists(resolve(name));
  }

  @Override
  public InputStream open(String name) throws IOException {
    return fs.open(resolve(name));
  }

  @Override
  public String describe(String name) {
    return resolve(name).toString();
  }

  @Override
  public List<String> list() throws IOException {
    List<String> names = new ArrayList<>();
    if (!fs.exists(root)) {
      return names;
    }
    for (FileStatus status : fs.fs(root).listStatus(root)) {
      names.add(status.getPath().getName());
    }
    names.sort(null);
    return names;
  }
}
