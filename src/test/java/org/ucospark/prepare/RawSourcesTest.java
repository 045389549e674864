package org.ucospark.prepare;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigLoader;
import org.ucospark.config.PrepareSettings;
import org.ucospark.data.DatasetName;
import org.ucospark.io.HadoopFs;

/** Locating raw files: a mistyped --raw is not created; a failed download says what failed. */
class RawSourcesTest {
  @TempDir Path tmp;

  @Test
  void aMistypedRawFolderIsNamedAndNotCreated() {
    Path typo = tmp.resolve("rwa");
    PrepareSettings settings = PrepareSettings.from(new ConfigLoader().load());
    UcoException e =
        assertThrows(
            UcoException.class,
            () ->
                RawSources.locate(
                    new HadoopFs(), typo.toString(), DatasetName.usps, settings, System.out));
    assertTrue(e.getMessage().contains("rwa: no such --raw folder"), e.getMessage());
    assertFalse(Files.exists(typo), "not created");
  }

  @Test
  void aFailedDownloadNamesTheFailure() throws Exception {
    Files.createDirectories(tmp.resolve("raw"));
    PrepareSettings settings =
        PrepareSettings.from(
            new ConfigLoader()
                .withOverrides(List.of("prepare.urls.usps=\"http://127.0.0.1:1/usps/\""))
                .load());
    UcoException e =
        assertThrows(
            UcoException.class,
            () ->
                RawSources.locate(
                    new HadoopFs(),
                    tmp.resolve("raw").toString(),
                    DatasetName.usps,
                    settings,
                    System.out));
    assertTrue(e.getMessage().contains("download failed: ConnectException"), e.getMessage());
    assertFalse(e.getMessage().contains("null"), e.getMessage());
  }
}
