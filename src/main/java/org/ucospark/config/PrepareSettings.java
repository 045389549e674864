package org.ucospark.config;

import com.typesafe.config.Config;
import org.ucospark.data.DatasetName;

/** Typed view of the {@code prepare} block. */
public record PrepareSettings(Config raw, boolean verifyChecksums, int fileSizeMb) {
  public static PrepareSettings from(Config config) {
    int size = config.getInt("prepare.file_size_mb");
    if (size <= 0) {
      throw new org.ucospark.UcoException(
          config.getValue("prepare.file_size_mb").origin().description()
              + ": key 'prepare.file_size_mb' must be a positive number of MiB, got "
              + size);
    }
    return new PrepareSettings(
        config.getConfig("prepare"), config.getBoolean("prepare.verify_checksums"), size);
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
