package org.ucospark.prepare;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Paths;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.ucospark.UcoException;
import org.ucospark.config.PrepareSettings;
import org.ucospark.data.DatasetName;
import org.ucospark.data.Downloader;
import org.ucospark.data.RemoteFile;
import org.ucospark.io.HadoopFs;
import org.ucospark.io.HadoopRawFiles;

/**
 * Finds the raw folder of a data set inside {@code --raw} and, when files are missing and a
 * download URL is configured ({@code prepare.urls.<name>}), downloads them there first
 * (checksum-verified, atomic).
 */
public final class RawSources {
  private RawSources() {}

  public static HadoopRawFiles locate(
      HadoopFs fs, String raw, DatasetName name, PrepareSettings settings, PrintStream progress) {
    Path root = new Path(HadoopFs.path(raw), settings.rawFolder(name.cliName()));
    HadoopRawFiles files = new HadoopRawFiles(fs, root);
    List<RemoteFile> missing =
        name.downloads().stream().filter(f -> !present(files, name, f.fileName())).toList();
    if (missing.isEmpty()) {
      return files;
    }
    String base = settings.downloadUrl(name.cliName());
    String missingNames = String.join(", ", missing.stream().map(RemoteFile::fileName).toList());
    if (base.isBlank()) {
      throw new UcoException(
          root
              + ": missing "
              + missingNames
              + " and no download URL is configured (prepare.urls."
              + name.cliName()
              + ")");
    }
    if (!"file".equals(root.toUri().getScheme())) {
      throw new UcoException(
          root
              + ": missing "
              + missingNames
              + "; downloading is only supported into a local --raw"
              + " folder (download there, then copy to "
              + root.toUri().getScheme()
              + ")");
    }
    if (!fs.exists(root.getParent())) {
      // a mistyped --raw: say so instead of creating it and downloading into it
      throw new UcoException(
          root.getParent()
              + ": no such --raw folder (missing files are downloaded only into an"
              + " existing one)");
    }
    Downloader downloader = new Downloader(progress);
    for (RemoteFile file : missing) {
      String url = base.endsWith("/") ? base + file.fileName() : base + "/" + file.fileName();
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new UcoException("prepare.urls." + name.cliName() + ": not a valid URL: " + base);
      }
      try {
        downloader.download(
            new RemoteFile(uri, file.fileName(), file.contentSha256()), Paths.get(root.toUri()));
      } catch (IOException e) {
        // e.g. UnknownHostException, whose message is only the host, or one without message at all
        throw new UcoException(
            url
                + ": download failed: "
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()),
            e);
      }
    }
    return files;
  }

  /**
   * A raw file counts as present compressed or not; COIL-100 also as an unpacked folder of PNGs.
   */
  static boolean present(HadoopRawFiles files, DatasetName name, String fileName) {
    if (files.exists(fileName)) {
      return true;
    }
    if (fileName.endsWith(".gz") && files.exists(fileName.substring(0, fileName.length() - 3))) {
      return true;
    }
    return name == DatasetName.coil100 && (files.exists("coil-100") || files.exists("obj1__0.png"));
  }
}
