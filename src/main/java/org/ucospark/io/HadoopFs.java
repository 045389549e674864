package org.ucospark.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.ucospark.UcoException;

/**
 * The Hadoop file system edge: every path the user gives (file://, hdfs://, s3a://, or a plain
 * local path) goes through here. Writes are atomic: content goes to a hidden temporary sibling that
 * is renamed into place, so a crash never leaves a half-written file under the final name. On an
 * object store (s3a://) a file is written in place instead: the object appears whole at {@code
 * close()} or not at all, where a rename would only copy it (docs/S3.md).
 */
public final class HadoopFs {
  private final Configuration conf;

  public HadoopFs(Configuration conf) {
    this.conf = conf;
  }

  public HadoopFs() {
    this(new Configuration());
  }

  public Configuration configuration() {
    return conf;
  }

  /** A path from a user string; a scheme-less string is a local path made absolute. */
  public static Path path(String location) {
    URI uri = URI.create(location.replace(" ", "%20"));
    if (uri.getScheme() == null) {
      return new Path(new java.io.File(location).getAbsoluteFile().toURI());
    }
    return new Path(location);
  }

  public FileSystem fs(Path path) {
    try {
      return path.getFileSystem(conf);
    } catch (IOException e) {
      throw new UcoException(path + ": cannot open file system: " + e.getMessage(), e);
    }
  }

  public boolean exists(Path path) {
    try {
      return fs(path).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isFile(Path path) {
    try {
      return fs(path).isFile(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public InputStream open(Path path) throws IOException {
    return fs(path).open(path);
  }

  public String readString(Path path) {
    try (InputStream in = open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.FileNotFoundException e) {
      throw new UcoException(path + ": file not found");
    } catch (IOException e) {
      throw new UcoException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Writes text to a temporary sibling, then renames it onto {@code target} (replacing it). */
  public void writeStringAtomically(Path target, String text) {
    write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Streams content to a temporary sibling, then renames it onto {@code target} (replacing it); on
   * an object store, straight to {@code target} ({@link #writesWholeObjects}).
   */
  public void write(Path target, IoConsumer<OutputStream> content) {
    if (writesWholeObjects(target)) {
      writeInPlace(target, content);
      return;
    }
    Path tmp = temporarySibling(target);
    try {
      try (OutputStream out = fs(target).create(tmp, true)) {
        content.accept(out);
      }
      replace(tmp, target);
    } catch (IOException | org.apache.hadoop.fs.FSError e) {
      // FSError: the local file system's "No space left on device" and other write errors (an
      // Error, not an IOException): the same one line, the temporary removed, the previous version
      // of the target intact
      deleteQuietly(tmp);
      throw new UcoException(target + ": cannot write: " + ioMessage(e), e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /**
   * Whether {@code target}'s file system is an object store whose output streams can be aborted
   * (Hadoop's {@code fs.capability.outputstream.abortable}: S3A). There an object becomes visible
   * only when its stream is closed, whole, replacing the previous one in one step, while a rename
   * is a copy plus a delete: writing in place is atomic and costs one upload instead of two.
   */
  public boolean writesWholeObjects(Path target) {
    try {
      return fs(target).hasPathCapability(target, CommonPathCapabilities.ABORTABLE_STREAM);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes {@code target} in place on an object store; a failure aborts the upload, so that the
   * previous object (if any) stays and no partial one appears. A process killed mid-way never
   * closes its stream: nothing is uploaded under the name either.
   */
  private void writeInPlace(Path target, IoConsumer<OutputStream> content) {
    FSDataOutputStream out;
    try {
      out = fs(target).create(target, true);
    } catch (IOException e) {
      throw new UcoException(target + ": cannot write: " + ioMessage(e), e);
    }
    try {
      content.accept(out);
    } catch (IOException | RuntimeException | org.apache.hadoop.fs.FSError e) {
      try {
        out.abort();
      } catch (RuntimeException abortFailed) {
        e.addSuppressed(abortFailed);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new UcoException(target + ": cannot write: " + ioMessage(e), e);
    }
    try {
      out.close();
    } catch (IOException e) {
      throw new UcoException(target + ": cannot write: " + ioMessage(e), e);
    }
  }

  /**
   * Opens {@code file} for appending (creating it when absent), for logs that must keep what was
   * written when the process dies: the caller flushes ({@code hflush}) after each record. A file
   * system without append (some object stores) gets the previous content copied into a new file of
   * the same name.
   */
  public FSDataOutputStream append(Path file) throws IOException {
    FileSystem fileSystem = fs(file);
    if (fileSystem instanceof LocalFileSystem local) {
      // the checksummed local file system flushes only whole checksum chunks: its raw one writes
      // every line
      fileSystem = local.getRawFileSystem();
    }
    if (!fileSystem.exists(file)) {
      fileSystem.mkdirs(file.getParent());
      return fileSystem.create(file, false);
    }
    try {
      return fileSystem.append(file);
    } catch (UnsupportedOperationException | IOException e) {
      byte[] before;
      try (InputStream in = fileSystem.open(file)) {
        before = in.readAllBytes();
      }
      FSDataOutputStream out = fileSystem.create(file, true);
      out.write(before);
      return out;
    }
  }

  /**
   * The I/O failure behind {@code e} (an IOException or Hadoop FSError anywhere in its cause chain,
   * e.g. inside a failed Spark job) as one message, or null when there is none.
   */
  public static String ioFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.apache.hadoop.fs.FSError || t instanceof IOException) {
        return ioMessage(t);
      }
    }
    return null;
  }

  private static String ioMessage(Throwable e) {
    return firstLine(
        e instanceof org.apache.hadoop.fs.FSError && e.getCause() != null ? e.getCause() : e);
  }

  /**
   * The first line of an exception's message (its class name when it has none), for one-line
   * errors.
   */
  public static String firstLine(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /**
   * Renames a finished temporary file or directory onto {@code target}, replacing what is there. A
   * file is replaced by the rename itself where the file system allows (POSIX), else deleted just
   * before it (HDFS refuses an existing destination): the window without a target is one metadata
   * operation. A directory target is first renamed aside ({@code .NAME.old-UUID}) and deleted after
   * the swap.
   */
  public void replace(Path tmp, Path target) {
    try {
      FileSystem fs = fs(target);
      fs.mkdirs(target.getParent());
      if (fs.exists(target)) {
        if (fs.getFileStatus(target).isDirectory()) {
          Path old =
              new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
          rename(fs, target, old);
          rename(fs, tmp, target);
          fs.delete(old, true);
          return;
        }
        if (fs.rename(tmp, target)) {
          return;
        }
        fs.delete(target, false);
      }
      rename(fs, tmp, target);
    } catch (IOException e) {
      throw new UcoException(target + ": cannot replace with " + tmp + ": " + e.getMessage(), e);
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new UcoException(to + ": rename from " + from + " failed");
    }
  }

  /**
   * A hidden sibling name for work in progress: {@code .<name>.tmp-<random>} (Spark and Parquet
   * skip dot files).
   */
  public static Path temporarySibling(Path target) {
    return new Path(
        target.getParent(),
        "." + target.getName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** Renames a finished temporary directory or file onto its final name, which must not exist. */
  public void commit(Path tmp, Path target) {
    try {
      FileSystem fs = fs(target);
      if (fs.exists(target)) {
        throw new UcoException(target + ": already exists; refusing to replace it");
      }
      fs.mkdirs(target.getParent());
      if (!fs.rename(tmp, target)) {
        throw new UcoException(target + ": rename from " + tmp + " failed");
      }
    } catch (IOException e) {
      throw new UcoException(target + ": cannot commit: " + e.getMessage(), e);
    }
  }

  public void deleteQuietly(Path path) {
    try {
      fs(path).delete(path, true);
    } catch (IOException | RuntimeException e) {
      // best effort: the path is a temporary we are abandoning
    }
  }

  public void mkdirs(Path path) {
    try {
      fs(path).mkdirs(path);
    } catch (IOException e) {
      throw new UcoException(path + ": cannot create directory: " + e.getMessage(), e);
    }
  }

  /** An action on a stream that may throw IOException. */
  @FunctionalInterface
  public interface IoConsumer<T> {
    void accept(T value) throws IOException;
  }
}
