package org.ucospark.config;

import static org.ucospark.config.ConfigKey.Stage.PREPARE;

import java.util.List;
import java.util.Map;

/** The {@code prepare} block: raw files of the built-in data sets and the Parquet output. */
public final class PrepareKeys {
  private PrepareKeys() {}

  public static final ConfigKey<String> RAW_FOLDER_MNIST = rawFolder("mnist", "mnist");
  public static final ConfigKey<String> RAW_FOLDER_FMNIST = rawFolder("fmnist", "fashion-mnist");
  public static final ConfigKey<String> RAW_FOLDER_USPS = rawFolder("usps", "usps");
  public static final ConfigKey<String> RAW_FOLDER_COIL100 = rawFolder("coil100", "coil-100");

  public static final ConfigKey<String> URL_MNIST =
      url("mnist", "https://ossci-datasets.s3.amazonaws.com/mnist/");
  public static final ConfigKey<String> URL_FMNIST =
      url("fmnist", "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
  public static final ConfigKey<String> URL_USPS =
      url("usps", "https://web.stanford.edu/~hastie/ElemStatLearn/datasets/");
  public static final ConfigKey<String> URL_COIL100 =
      url("coil100", "https://www.cs.columbia.edu/CAVE/databases/SLAM_coil-20_coil-100/coil-100/");

  public static final ConfigKey<Boolean> VERIFY_CHECKSUMS =
      ConfigKey.bool(
          "prepare.verify_checksums",
          true,
          PREPARE,
          "Verify raw files against the pinned SHA-256 sums (of the decompressed content).");

  public static final ConfigKey<Integer> FILE_SIZE_MB =
      ConfigKey.integer(
              "prepare.file_size_mb", 64, PREPARE, "Target size of one Parquet file, in MiB.")
          .validatedBy(new Validator<>(v -> v > 0, "be a positive number of MiB"));

  public static final ConfigKey<String> USPS_PIXELS =
      ConfigKey.choice(
          "prepare.usps_pixels",
          "as_distributed",
          List.of("as_distributed", "authors_8bit"),
          PREPARE,
          "USPS pixel values: as_distributed (the values of zip.train/zip.test) | authors_8bit"
              + " (first through 8 bits, as the authors' torchvision path; at most 2/255 per pixel"
              + " away).");

  private static final Map<String, ConfigKey<String>> RAW_FOLDERS =
      Map.of(
          "mnist", RAW_FOLDER_MNIST,
          "fmnist", RAW_FOLDER_FMNIST,
          "usps", RAW_FOLDER_USPS,
          "coil100", RAW_FOLDER_COIL100);
  private static final Map<String, ConfigKey<String>> URLS =
      Map.of("mnist", URL_MNIST, "fmnist", URL_FMNIST, "usps", URL_USPS, "coil100", URL_COIL100);

  /** {@code prepare.raw_folders.<dataset>} of a built-in data set (its command-line name). */
  public static ConfigKey<String> rawFolder(String dataset) {
    return builtIn(RAW_FOLDERS, dataset);
  }

  /** {@code prepare.urls.<dataset>} of a built-in data set (its command-line name). */
  public static ConfigKey<String> url(String dataset) {
    return builtIn(URLS, dataset);
  }

  private static ConfigKey<String> builtIn(Map<String, ConfigKey<String>> keys, String dataset) {
    ConfigKey<String> key = keys.get(dataset);
    if (key == null) {
      throw new IllegalArgumentException("not a built-in data set: " + dataset);
    }
    return key;
  }

  private static ConfigKey<String> rawFolder(String dataset, String folder) {
    return ConfigKey.string(
        "prepare.raw_folders." + dataset,
        folder,
        PREPARE,
        "Folder of the " + dataset + " raw files inside --raw.");
  }

  private static ConfigKey<String> url(String dataset, String base) {
    return ConfigKey.string(
        "prepare.urls." + dataset,
        base,
        PREPARE,
        "Base URL to download missing " + dataset + " raw files from (empty: no download).");
  }
}
