package org.ucospark.io;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code fullfs://}, with a disk that fills up: once {@link
 * #budget} bytes have been written, every write fails as the local file system does on a full disk
 * (an {@code FSError} around {@code IOException("No space left on device")}). Register with {@link
 * #register}.
 */
public final class FullDiskFileSystem extends RawLocalFileSystem {
  /** Bytes that may still be written, across all streams of this scheme. */
  public static final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);

  public static void register(Configuration conf) {
    conf.set("fs.fullfs.impl", FullDiskFileSystem.class.getName());
    conf.setBoolean("fs.fullfs.impl.disable.cache", true);
  }

  /** A fullfs:// URI for a local path. */
  public static String uri(java.nio.file.Path local) {
    return "fullfs://" + local.toAbsolutePath();
  }

  @Override
  public URI getUri() {
    return URI.create("fullfs:///");
  }

  @Override
  public String getScheme() {
    return "fullfs";
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    return limited(
        super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    return limited(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  private FSDataOutputStream limited(FSDataOutputStream out) throws IOException {
    OutputStream filling =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            take(1);
            out.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            take(len);
            out.write(b, off, len);
          }

          @Override
          public void flush() throws IOException {
            out.flush();
          }

          @Override
          public void close() throws IOException {
            out.close();
          }
        };
    return new FSDataOutputStream(filling, null);
  }

  private static void take(long n) {
    if (budget.addAndGet(-n) < 0) {
      throw org.apache.hadoop.fs.FullDiskErrors.noSpaceLeft();
    }
  }
}
