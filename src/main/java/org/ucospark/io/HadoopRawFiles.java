package org.ucospark.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
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
    // Regular files below the folder, recursively, relative to it (the RawFiles contract).
    java.net.URI base = fs.fs(root).makeQualified(root).toUri();
    String prefix = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
    var files = fs.fs(root).listFiles(root, true);
    while (files.hasNext()) {
      String p = fs.fs(root).makeQualified(files.next().getPath()).toUri().getPath();
      if (!p.startsWith(prefix)) {
        throw new IOException(p + " is not below " + prefix);
      }
      names.add(p.substring(prefix.length()));
    }
    names.sort(null);
    return names;
  }
}
