package org.ucospark.config;

import com.typesafe.config.Config;

/**
 * Typed view of the {@code prepare} block ({@link PrepareKeys}; {@code config} is the whole
 * configuration). {@code uspsEightBit}: {@code prepare.usps_pixels = authors_8bit}, USPS values
 * through 8 bits first as on the authors' path (default {@code as_distributed}).
 */
public record PrepareSettings(
    Config config, boolean verifyChecksums, int fileSizeMb, boolean uspsEightBit) {
  /** The recipe words a USPS prepared with {@code usps_pixels = authors_8bit} adds. */
  public static final String USPS_EIGHT_BIT_RECIPE =
      "; values first through 8 bits, uint8((v+1)/2*255)/255 then (x-0.5)/0.5, as the authors'"
          + " torchvision path (prepare.usps_pixels = authors_8bit)";

  public static PrepareSettings from(Config config) {
    return new PrepareSettings(
        config,
        PrepareKeys.VERIFY_CHECKSUMS.get(config),
        PrepareKeys.FILE_SIZE_MB.get(config),
        PrepareKeys.USPS_PIXELS.get(config).equals("authors_8bit"));
  }

  /**
   * Folder inside --raw of the built-in data set of command-line name {@code dataset} (mnist,
   * fashion-mnist, usps, coil-100 by default).
   */
  public String rawFolder(String dataset) {
    return PrepareKeys.rawFolder(dataset).get(config);
  }

  /** Base download URL of the data set's raw files, empty when downloading is disabled. */
  public String downloadUrl(String dataset) {
    return PrepareKeys.url(dataset).get(config);
  }
}
