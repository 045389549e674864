package org.ucospark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.config.ConfigLoader;
import org.ucospark.io.HadoopFs;

/**
 * {@code --config} on the cluster's file system: the CLI reads it through the Hadoop FS reader
 * (ConfigOptions), so a {@code file://} URI stands for {@code hdfs://}, {@code s3a://}, … here.
 */
class ConfigUriTest {
  private static ConfigLoader loader() {
    HadoopFs fs = new HadoopFs();
    return new ConfigLoader(location -> fs.readString(HadoopFs.path(location)));
  }

  @Test
  void readsConfigFromHadoopUri(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cluster.conf");
    Files.writeString(file, "epochs = 7\nspark.conf { \"spark.executor.memory\" = \"8g\" }\n");
    String uri = file.toUri().toString();
    assertTrue(uri.startsWith("file:/"), uri);
    Config config = loader().withApplicationFile().withFile(uri).load();
    assertEquals(7, config.getInt("epochs"));
    assertEquals("8g", config.getString("spark.conf.\"spark.executor.memory\""));
  }

  @Test
  void missingUriNamesTheFile(@TempDir Path dir) {
    String uri = dir.resolve("absent.conf").toUri().toString();
    Exception e = assertThrows(Exception.class, () -> loader().withFile(uri).load());
    assertTrue(String.valueOf(e.getMessage()).contains("absent.conf"), e.getMessage());
  }
}
