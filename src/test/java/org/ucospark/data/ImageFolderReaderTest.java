package org.ucospark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image folders of a user's own, generated here as PNGs: labels, channels, sizes and every bad
 * input.
 */
class ImageFolderReaderTest {
  @TempDir Path tmp;

  private static ImageFolderReader.Result read(Path root, int channels, int h, int w) {
    return ImageFolderReader.read(new LocalRawFiles(root), channels, h, w);
  }

  @Test
  void classFoldersGiveSortedFolderIndicesAsLabels() {
    OwnImages.classFolders(tmp, 3, 4, 8);
    CustomImages images = read(tmp, 0, 0, 0).images();
    assertEquals(12, images.count());
    assertEquals(List.of("class_0", "class_1", "class_2"), images.labelNames());
    assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, images.labels());
    assertEquals(1, images.channels(), "greyscale PNGs give one channel");
    assertEquals(OwnImages.pixel(1, 2, 3, 4, 8), images.values()[(4 + 2) * 64 + 3 * 8 + 4], 0);
  }

  @Test
  void aFlatFolderHasNoLabels() {
    OwnImages.flatFolder(tmp, 2, 3, 8);
    CustomImages images = read(tmp, 0, 0, 0).images();
    assertEquals(6, images.count());
    assertNull(images.labels());
    assertNull(images.labelNames());
  }

  @Test
  void rgbImagesGiveThreeChannelsAndChannelsOneTakesTheLuma() {
    BufferedImage rgb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, 0xff0000);
    OwnImages.writePng(rgb, tmp.resolve("a/x.png"));
    OwnImages.writePng(OwnImages.image(0, 0, 2), tmp.resolve("b/y.png"));
    CustomImages colour = read(tmp, 0, 0, 0).images();
    assertEquals(3, colour.channels(), "one colour image makes the set RGB");
    assertEquals(255, colour.values()[0], 0);
    CustomImages grey = read(tmp, 1, 0, 0).images();
    assertEquals(1, grey.channels());
    assertEquals(0.299 * 255, grey.values()[0], 1e-3);
  }

  @Test
  void nonImageFilesAreSkippedAndCounted() throws Exception {
    OwnImages.classFolders(tmp, 2, 2, 8);
    Files.writeString(tmp.resolve("README.txt"), "notes");
    Files.writeString(tmp.resolve("class_0/.DS_Store"), "x");
    ImageFolderReader.Result r = read(tmp, 0, 0, 0);
    assertEquals(2, r.skipped());
    assertEquals(4, r.images().count());
  }

  @Test
  void mixedSizesNeedResize() {
    OwnImages.writePng(OwnImages.image(0, 0, 8), tmp.resolve("a/1.png"));
    OwnImages.writePng(OwnImages.image(1, 0, 10), tmp.resolve("b/2.png"));
    DataFormatException e = assertThrows(DataFormatException.class, () -> read(tmp, 0, 0, 0));
    assertTrue(
        e.getMessage().startsWith(tmp.resolve("b/2.png") + ": 10x10 image, but a/1.png is 8x8"),
        e.getMessage());
    assertTrue(e.getMessage().contains("--resize"), e.getMessage());
    CustomImages resized = read(tmp, 0, 12, 12).images();
    assertEquals(12, resized.height());
    assertEquals(2 * 144, resized.values().length);
  }

  @Test
  void aCorruptImageIsNamed() throws Exception {
    OwnImages.classFolders(tmp, 2, 2, 8);
    Files.write(
        tmp.resolve("class_1/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    DataFormatException e = assertThrows(DataFormatException.class, () -> read(tmp, 0, 0, 0));
    assertTrue(
        e.getMessage().startsWith(tmp.resolve("class_1/broken.png") + ": corrupt image"),
        e.getMessage());
  }

  @Test
  void anEmptyFolderAndASingleClassAreRefused() throws Exception {
    Files.writeString(tmp.resolve("notes.txt"), "no images here");
    assertTrue(
        assertThrows(DataFormatException.class, () -> read(tmp, 0, 0, 0))
            .getMessage()
            .startsWith(tmp + ": no images"));
    OwnImages.classFolders(tmp.resolve("one"), 1, 3, 8);
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> read(tmp.resolve("one"), 0, 0, 0));
    assertTrue(e.getMessage().contains("the only class sub-folder"), e.getMessage());
  }
}
