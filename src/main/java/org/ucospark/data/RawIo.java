package org.ucospark.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipException;

/** Shared helpers of the readers: finding a possibly gzip-compressed file, error messages. */
final class RawIo {
  private RawIo() {}

  /**
   * {@code base + ".gz"} if present, else {@code base}; a one-line error naming both if neither is.
   */
  static String resolveMaybeGz(RawFiles files, String base) {
    if (files.exists(base + ".gz")) {
      return base + ".gz";
    }
    if (files.exists(base)) {
      return base;
    }
    throw new DataFormatException(
        files.describe(base + ".gz") + ": missing (expected " + base + ".gz or " + base + ")");
  }

  /** Turns an I/O failure while decoding {@code name} into the right one-line error. */
  static RuntimeException failure(RawFiles files, String name, IOException e, String where) {
    String file = files.describe(name);
    if (e instanceof EOFException) {
      return new DataFormatException(
          file
              + ": truncated data "
              + where
              + (e.getMessage() != null ? " (" + e.getMessage() + ")" : ""),
          e);
    }
    if (e instanceof ZipException) {
      return new DataFormatException(
          file + ": corrupt compressed data " + where + " (" + e.getMessage() + ")", e);
    }
    return new UncheckedIOException(file + ": cannot read " + where + ": " + e.getMessage(), e);
  }
}
