package org.ucospark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ucospark.train.RunSettings;

/** Credentials given as settings never reach what a run records (config.json, summary.json). */
class RedactionTest {
  @Test
  void aSecretGivenAsASparkSettingIsRedactedInTheRecordedConfiguration() {
    Config config =
        new ConfigLoader()
            .withOverrides(
                List.of(
                    "spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=TOPSECRET123",
                    "spark.conf.\"spark.hadoop.fs.s3a.access.key\"=AKIAEXAMPLE",
                    "spark.conf.\"spark.hadoop.fs.s3a.endpoint\"=http://127.0.0.1:9000"))
            .load();
    String json = RunSettings.from(config).configJson();
    assertFalse(json.contains("TOPSECRET123"), json);
    assertFalse(json.contains("AKIAEXAMPLE"), json);
    assertTrue(json.contains(Redaction.REDACTED), json);
    assertTrue(json.contains("http://127.0.0.1:9000"), "other settings stay: " + json);
    // The session still gets the real values: only the record is redacted.
    assertEquals(
        "TOPSECRET123", SparkSettings.from(config).conf().get("spark.hadoop.fs.s3a.secret.key"));
  }
}
