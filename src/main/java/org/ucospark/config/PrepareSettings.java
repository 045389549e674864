package org.ucospark.config;

import com.typesafe.config.Config;
import org.ucospark.data.DatasetName;

/**
 * Typed view of the {@code prepare} block. {@code uspsEightBit}: {@code prepare.usps_pixels =
 * authors_8bit}, USPS values through 8 bits first as on the authors' path (default {@code
 * as_distributed}).
 */
public record PrepareSettings(
    Config raw, boolean verifyChecksums, int fileSizeMb, boolean uspsEightBit) {
  /** The recipe words a USPS prepared with {@code usps_pixels = authors_8bit} adds. */
  public static final String USPS_EIGHT_BIT_RECIPE =
      "; values first through 8 bits, uint8((v+1)/2*255)/255 then (x-0.5)/0.5, as the authors'"
          + " torchvision path (prepare.usps_pixels = authors_8bit)";

  public static PrepareSettings from(Config config) {
    int size = config.getInt("prepare.file_size_mb");
    if (size <= 0) {
      throw new org.ucospark.UcoException(
          config.getValue("prepare.file_size_mb").origin().description()
              + ": key 'prepare.file_size_mb' must be a positive number of MiB, got "
              + size);
    }
    String pixels = config.getString("prepare.usps_pixels");
    if (!pixels.equals("as_distributed") && !pixels.equals("authors_8bit")) {
      throw new org.ucospark.UcoException(
          config.getValue("prepare.usps_pixels").origin().description()
              + ": key 'prepare.usps_pixels' must be as_distributed or authors_8bit, got '"
              + pixels
              + "'");
    }
    return new PrepareSettings(
        config.getConfig("prepare"),
        config.getBoolean("prepare.verify_checksums"),
        size,
        pixels.equals("authors_8bit"));
  }

  /** Folder of the data set inside --raw (mnist, fashion-mnist, usps, coil-100 by default). */
  public String rawFolder(DatasetName name) {
    return raw.getString("raw_folders." + name.cliName());
  }

  /** Base download URL of the data set's raw files, empty when downloading is disabled. */
  public String downloadUrl(DatasetName name) {
    return raw.getString("urls." + name.cliName());
  }
}
