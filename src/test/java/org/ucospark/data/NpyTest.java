package org.ucospark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The .npy/.npz reader on bytes written as numpy writes them (header layout of numpy.lib.format
 * 1.0).
 */
class NpyTest {

  private static Npy.Array read(byte[] npy) {
    return Npy.read(new ByteArrayInputStream(npy), "a.npy");
  }

  @Test
  void readsUint8InCOrder() {
    byte[] data = {0, 1, 2, (byte) 255, 4, 5};
    Npy.Array a = read(OwnImages.npy("|u1", false, new long[] {2, 3}, data));
    assertArrayEquals(new long[] {2, 3}, a.shape());
    assertTrue(a.integral());
    assertArrayEquals(new float[] {0, 1, 2, 255, 4, 5}, a.values());
  }

  @Test
  void readsLittleAndBigEndianFloatsAndIntegers() {
    ByteBuffer f4 =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putFloat(-1.5f);
    Npy.Array a = read(OwnImages.npy("<f4", false, new long[] {2}, f4.array()));
    assertFalse(a.integral());
    assertArrayEquals(new float[] {0.25f, -1.5f}, a.values());
    ByteBuffer f8 = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putDouble(0.5).putDouble(2);
    assertArrayEquals(
        new float[] {0.5f, 2f},
        read(OwnImages.npy(">f8", false, new long[] {2}, f8.array())).values());
    ByteBuffer i8 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-3).putLong(7);
    Npy.Array labels = read(OwnImages.npy("<i8", false, new long[] {2}, i8.array()));
    assertArrayEquals(new int[] {-3, 7}, labels.integers("y"));
    ByteBuffer u2 =
        ByteBuffer.allocate(4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putShort((short) 65535)
            .putShort((short) 1);
    assertArrayEquals(
        new float[] {65535, 1},
        read(OwnImages.npy("<u2", false, new long[] {2}, u2.array())).values());
  }

  @Test
  void fortranOrderIsReturnedInCOrder() {
    // the 2×3 matrix [[0,1,2],[3,4,5]] stored column by column
    byte[] columnMajor = {0, 3, 1, 4, 2, 5};
    Npy.Array a = read(OwnImages.npy("|u1", true, new long[] {2, 3}, columnMajor));
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, a.values());
  }

  @Test
  void npzHoldsEveryArrayByName() {
    byte[] npz = OwnImages.npzOf(2, 3, 4, true);
    Map<String, Npy.Array> arrays = Npy.readNpz(new ByteArrayInputStream(npz), "d.npz");
    assertEquals(List.of("x", "y"), List.copyOf(arrays.keySet()));
    assertArrayEquals(new long[] {6, 4, 4}, arrays.get("x").shape());
    assertArrayEquals(new int[] {3, 3, 3, 5, 5, 5}, arrays.get("y").integers("y"));
  }

  @Test
  void npzImagesMapLabelsToDenseIndicesAndKeepTheirValuesAsNames() {
    CustomImages images = NpzImages.read(OwnImages.npzOf(2, 3, 4, true), "/data/d.npz");
    assertEquals(6, images.count());
    assertEquals(1, images.channels());
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, images.labels());
    assertEquals(List.of("3", "5"), images.labelNames());
    assertEquals("d.npz", images.sources().get(0).name());
    assertNull(NpzImages.read(OwnImages.npzOf(2, 3, 4, false), "d.npz").labels());
  }

  @Test
  void channelsLastBecomesChannelsFirst() {
    // one 2×2 image with 3 channels, stored H×W×C: pixel p = (3p+1, 3p+2, 3p+3)
    byte[] x =
        OwnImages.npy(
            "|u1",
            false,
            new long[] {1, 2, 2, 3},
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    CustomImages images =
        NpzImages.read(OwnImages.npz(new String[] {"x"}, new byte[][] {x}), "c.npz");
    assertEquals(3, images.channels());
    assertArrayEquals(new float[] {1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12}, images.values());
  }

  @Test
  void npzWithoutXNamesTheFile() {
    byte[] y = OwnImages.npy("<i8", false, new long[] {1}, new byte[8]);
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () ->
                NpzImages.read(
                    OwnImages.npz(new String[] {"images"}, new byte[][] {y}), "/d/own.npz"));
    assertTrue(e.getMessage().startsWith("/d/own.npz: no array 'x'"), e.getMessage());
  }

  @Test
  void nonIntegerLabelsAreRefused() {
    ByteBuffer f =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).putFloat(1.5f);
    byte[] x = OwnImages.npy("|u1", false, new long[] {2, 1, 1}, new byte[2]);
    byte[] y = OwnImages.npy("<f4", false, new long[] {2}, f.array());
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () ->
                NpzImages.read(
                    OwnImages.npz(new String[] {"x", "y"}, new byte[][] {x, y}), "l.npz"));
    assertTrue(e.getMessage().contains("l.npz!y.npy: labels must be integers"), e.getMessage());
  }

  @Test
  void badBytesFailWithOneLineNamingTheFile() {
    byte[] good = OwnImages.npy("|u1", false, new long[] {4}, new byte[4]);
    assertTrue(
        assertThrows(DataFormatException.class, () -> read(Arrays.copyOf(good, good.length - 2)))
            .getMessage()
            .startsWith("a.npy: truncated"));
    assertTrue(
        assertThrows(DataFormatException.class, () -> read("not numpy at all".getBytes()))
            .getMessage()
            .startsWith("a.npy: not a NumPy"));
    assertTrue(
        assertThrows(
                DataFormatException.class,
                () -> read(OwnImages.npy("|O", false, new long[] {1}, new byte[8])))
            .getMessage()
            .contains("unsupported dtype"));
    assertTrue(
        assertThrows(
                DataFormatException.class,
                () -> Npy.readNpz(new ByteArrayInputStream("plain text".getBytes()), "t.npz"))
            .getMessage()
            .startsWith("t.npz: not"));
  }
}
