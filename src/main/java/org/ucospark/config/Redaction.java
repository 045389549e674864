package org.ucospark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of what a run records: the values of keys that name a secret (Spark's own
 * default {@code spark.redaction.regex}: secret, password, token, access.key, e.g. {@code
 * spark.conf."spark.hadoop.fs.s3a.secret.key"}) are replaced by {@value #REDACTED} before a
 * configuration is written to config.json, summary.json or a sweep's trials table (docs/S3.md).
 */
public final class Redaction {
  public static final String REDACTED = "*********(redacted)";
  private static final Pattern SECRET = Pattern.compile("(?i)secret|password|token|access[.]key");

  private Redaction() {}

  /** {@code config} with every secret-named value redacted. */
  public static Config redact(Config config) {
    Config out = config;
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      if (SECRET.matcher(e.getKey()).find()) {
        out = out.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(REDACTED));
      }
    }
    return out;
  }
}
