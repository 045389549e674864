package org.ucospark.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * SHA-256 helpers. Raw files are pinned by the SHA-256 of their <em>decompressed</em> content
 * (docs/ALGORITHMS.md §1 data sets; sums from the data sets' {@code SHA256SUMS.uncompressed}), so a
 * re-compressed {@code .gz} — or a plain, uncompressed copy — is still accepted.
 *
 * <p>Gzip is detected by its magic bytes {@code 1f 8b}, not by the file name.
 */
public final class Checksums {
  private static final int BUFFER = 1 << 16;

  private Checksums() {}

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  /** Lower-case hex SHA-256 of everything left in {@code in} (not closed). */
  public static String sha256Hex(InputStream in) throws IOException {
    MessageDigest md = sha256();
    byte[] buf = new byte[BUFFER];
    int n;
    while ((n = in.read(buf)) > 0) {
      md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /** Whether the stream starts with the gzip magic {@code 1f 8b}; needs mark support, resets. */
  public static boolean isGzip(InputStream in) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("stream without mark support");
    }
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b;
  }

  /**
   * Wraps {@code raw} so that it yields the decompressed bytes when it is gzip (magic {@code 1f
   * 8b}), else the bytes as they are. Multi-member gzip is read to the end.
   */
  public static InputStream maybeGunzip(InputStream raw) throws IOException {
    InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, BUFFER);
    return isGzip(in) ? new GZIPInputStream(in, BUFFER) : in;
  }

  /**
   * SHA-256 of the content of {@code name}: of the decompressed bytes if it is gzip.
   *
   * @throws DataFormatException naming the file when the gzip data is truncated or corrupt
   */
  public static String sha256OfContent(RawFiles files, String name) {
    try (InputStream in = maybeGunzip(files.open(name))) {
      return sha256Hex(in);
    } catch (EOFException e) {
      throw new DataFormatException(
          files.describe(name) + ": truncated gzip data (" + e.getMessage() + ")", e);
    } catch (ZipException e) {
      throw new DataFormatException(
          files.describe(name) + ": corrupt gzip data (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException(files.describe(name) + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** {@link #sha256OfContent(RawFiles, String)} of a local file. */
  public static String sha256OfContent(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    return sha256OfContent(new LocalRawFiles(dir), file.getFileName().toString());
  }

  /**
   * Checks a computed sum against the pinned one (case-insensitive hex).
   *
   * @param what the file, as it should appear in the message
   * @throws DataFormatException {@code "<what>: SHA-256 mismatch: got X, expected Y"}
   */
  public static void verify(String what, String actual, String expected) {
    if (!actual.equalsIgnoreCase(expected)) {
      throw new DataFormatException(
          what + ": SHA-256 mismatch: got " + actual + ", expected " + expected);
    }
  }

  /**
   * Verifies the (decompressed) content of {@code name} against {@code expected}.
   *
   * @return the computed sum
   */
  public static String verifyContent(RawFiles files, String name, String expected) {
    String got = sha256OfContent(files, name);
    verify(files.describe(name) + (name.endsWith(".gz") ? " (decompressed)" : ""), got, expected);
    return got;
  }
}
