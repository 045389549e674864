package org.ucospark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pixel recipes of --normalize, on integer (0..255) and float sources. */
class PixelNormalizationTest {

  private static CustomImages images(float[] v, boolean integral, int channels) {
    return new CustomImages(
        v.length / channels, channels, 1, 1, v, integral, null, null, List.of());
  }

  @Test
  void minusOneToOneIsTheMnistRecipeOn8BitValues() {
    CustomImages i = images(new float[] {0, 127.5f, 255}, true, 1);
    PixelNormalization.MINUS1_1.apply(i, "x");
    assertArrayEquals(new float[] {-1, 0, 1}, i.values(), 1e-6f);
    assertTrue(i.notes().get(0).contains("x/255"));
  }

  @Test
  void zeroOneTakesFloatsAsStoredAndRefusesValuesOutsideTheUnitRange() {
    CustomImages i = images(new float[] {0, 0.5f}, false, 1);
    PixelNormalization.ZERO_ONE.apply(i, "x");
    assertArrayEquals(new float[] {0, 0.5f}, i.values());
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> PixelNormalization.MINUS1_1.apply(images(new float[] {2}, false, 1), "f.npz"));
    assertTrue(e.getMessage().startsWith("f.npz: float value 2.0"), e.getMessage());
  }

  @Test
  void standardizeGivesEachChannelMeanZeroAndUnitStd() {
    // two images of 2 channels × 1 pixel: channel 0 = {0, 255}, channel 1 = {10, 10} (constant:
    // centred only)
    CustomImages i = images(new float[] {0, 10, 255, 10}, true, 2);
    PixelNormalization.STANDARDIZE.apply(i, "x");
    assertArrayEquals(new float[] {-1, 0, 1, 0}, i.values(), 1e-6f);
  }

  @Test
  void noneKeepsTheValues() {
    CustomImages i = images(new float[] {3, 300}, true, 1);
    PixelNormalization.NONE.apply(i, "x");
    assertArrayEquals(new float[] {3, 300}, i.values());
    assertEquals(PixelNormalization.STANDARDIZE, PixelNormalization.parse("standardize"));
    assertThrows(IllegalArgumentException.class, () -> PixelNormalization.parse("minmax"));
  }
}
