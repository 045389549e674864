package org.ucospark.data;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads NumPy's {@code .npy} arrays and {@code .npz} archives (a zip of {@code <name>.npy} files,
 * stored or deflated, as {@code numpy.savez} and {@code savez_compressed} write them), following
 * the format's specification (numpy.lib.format, versions 1.0, 2.0 and 3.0).
 *
 * <p>Layout of a {@code .npy}: the magic {@code \x93NUMPY}, a major and minor version byte, the
 * header length (2 bytes little-endian in 1.0, 4 bytes in 2.0/3.0), an ASCII (3.0: UTF-8) Python
 * dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (N, H, W), }}, then the raw
 * data. Supported {@code descr}: booleans, signed and unsigned integers of 1, 2, 4 and 8 bytes and
 * floats of 4 and 8 bytes, either byte order; object arrays, strings and structured dtypes are
 * refused. A Fortran-ordered array is returned in C order.
 *
 * <p>Written here rather than taken from Maven Central: the one maintained Java-platform reader
 * there ({@code org.jetbrains.bio:npy}) is Kotlin and would put the Kotlin standard library into
 * the shaded jar for about 150 lines of parsing.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /**
   * One array: its shape, its element type and its values as floats in C (row-major) order.
   *
   * @param integral true for integer and boolean element types (whole values)
   */
  public record Array(long[] shape, String dtype, boolean integral, float[] values) {
    /** Whether the elements are NumPy booleans ({@code b1}): values 0 (False) and 1 (True). */
    public boolean bool() {
      return dtype.endsWith("b1");
    }

    /** Number of elements, the product of the shape. */
    public long size() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    /**
     * The values as integers, failing with one line (naming {@code where}) when an element is not
     * whole.
     */
    public int[] integers(String where) {
      int[] out = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        float v = values[i];
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
          throw new DataFormatException(
              where
                  + ": labels must be integers, element "
                  + i
                  + " is "
                  + v
                  + " (dtype "
                  + dtype
                  + ")");
        }
        out[i] = (int) v;
      }
      return out;
    }
  }

  /** Reads one {@code .npy} stream; {@code where} names the file in errors. */
  // Long because it reads the format in its own order (magic, version, header, dtype, data, order),
  // each step with its own error naming the file.
  public static Array read(InputStream in, String where) {
    try {
      DataInputStream data = new DataInputStream(in);
      byte[] magic = new byte[MAGIC.length];
      data.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new DataFormatException(where + ": not a NumPy .npy array (no \\x93NUMPY magic)");
      }
      int major = data.readUnsignedByte();
      data.readUnsignedByte();
      long headerLength;
      if (major == 1) {
        headerLength = Short.toUnsignedInt(Short.reverseBytes(data.readShort()));
      } else if (major == 2 || major == 3) {
        headerLength = Integer.toUnsignedLong(Integer.reverseBytes(data.readInt()));
      } else {
        throw new DataFormatException(
            where + ": unsupported .npy format version " + major + " (expected 1, 2 or 3)");
      }
      if (headerLength > 1 << 20) {
        throw new DataFormatException(
            where + ": .npy header of " + headerLength + " bytes, expected at most 1 MiB");
      }
      byte[] headerBytes = new byte[(int) headerLength];
      data.readFully(headerBytes);
      String header =
          new String(
              headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      String descr = group(DESCR, header, "descr", where);
      boolean fortran = "True".equals(group(FORTRAN, header, "fortran_order", where));
      long[] shape = parseShape(group(SHAPE, header, "shape", where), where);
      Array array = new Array(shape, descr, false, null);
      long n = array.size();
      if (n > Integer.MAX_VALUE - 8) {
        throw new DataFormatException(
            where + ": " + n + " elements, more than one Java array holds");
      }
      char order = descr.charAt(0);
      String type = descr.substring(1);
      int width =
          switch (type) {
            case "b1", "u1", "i1" -> 1;
            case "u2", "i2" -> 2;
            case "u4", "i4", "f4" -> 4;
            case "u8", "i8", "f8" -> 8;
            default ->
                throw new DataFormatException(
                    where
                        + ": unsupported dtype '"
                        + descr
                        + "' (expected bool, (u)int8/16/32/64, float32 or float64)");
          };
      if (order != '<' && order != '>' && order != '|' && order != '=') {
        throw new DataFormatException(where + ": unsupported dtype '" + descr + "'");
      }
      byte[] raw = new byte[Math.toIntExact(Math.multiplyExact(n, width))];
      data.readFully(raw);
      ByteBuffer buffer =
          ByteBuffer.wrap(raw).order(order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      float[] values = new float[(int) n];
      for (int i = 0; i < values.length; i++) {
        values[i] =
            switch (type) {
              case "b1", "i1" -> buffer.get();
              case "u1" -> Byte.toUnsignedInt(buffer.get());
              case "i2" -> buffer.getShort();
              case "u2" -> Short.toUnsignedInt(buffer.getShort());
              case "i4" -> buffer.getInt();
              case "u4" -> Integer.toUnsignedLong(buffer.getInt());
              case "i8", "u8" -> buffer.getLong();
              case "f4" -> buffer.getFloat();
              default -> (float) buffer.getDouble();
            };
      }
      if (fortran && shape.length > 1) {
        values = fortranToC(values, shape);
      }
      return new Array(shape, descr, !type.startsWith("f"), values);
    } catch (EOFException e) {
      throw new DataFormatException(where + ": truncated .npy data", e);
    } catch (IOException e) {
      throw new DataFormatException(where + ": cannot read .npy data: " + e.getMessage(), e);
    }
  }

  /**
   * Reads every array of an {@code .npz} archive, keyed by name without {@code .npy} (entries of
   * other types are ignored). Fails naming {@code where} when the stream is not a zip archive.
   */
  public static Map<String, Array> readNpz(InputStream in, String where) {
    Map<String, Array> arrays = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(in)) {
      boolean any = false;
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        any = true;
        String name = e.getName();
        if (!e.isDirectory() && name.endsWith(".npy")) {
          arrays.put(
              name.substring(0, name.length() - 4),
              read(new ByteArrayInputStream(zip.readAllBytes()), where + "!" + name));
        }
      }
      if (!any) {
        throw new DataFormatException(where + ": not an .npz archive (no zip entries)");
      }
    } catch (IOException e) {
      throw new DataFormatException(where + ": not a readable .npz archive: " + e.getMessage(), e);
    }
    return arrays;
  }

  private static String group(Pattern p, String header, String key, String where) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new DataFormatException(where + ": .npy header has no '" + key + "': " + header.trim());
    }
    return m.group(1);
  }

  private static long[] parseShape(String text, String where) {
    String[] parts = text.split(",");
    long[] shape = new long[parts.length];
    int k = 0;
    for (String p : parts) {
      String t = p.trim();
      if (t.isEmpty()) {
        continue;
      }
      try {
        shape[k++] = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
      } catch (NumberFormatException e) {
        throw new DataFormatException(where + ": bad .npy shape (" + text + ")");
      }
    }
    return Arrays.copyOf(shape, k);
  }

  /** Column-major values of {@code shape} → row-major. */
  static float[] fortranToC(float[] f, long[] shape) {
    int d = shape.length;
    float[] c = new float[f.length];
    int[] index = new int[d];
    for (int i = 0; i < c.length; i++) {
      // i is the row-major position of index[]; its column-major position has the first axis
      // fastest.
      int pos = 0;
      for (int a = d - 1; a >= 0; a--) {
        pos = (int) (pos * shape[a] + index[a]);
      }
      c[i] = f[pos];
      for (int a = d - 1; a >= 0; a--) {
        if (++index[a] < shape[a]) {
          break;
        }
        index[a] = 0;
      }
    }
    return c;
  }
}
