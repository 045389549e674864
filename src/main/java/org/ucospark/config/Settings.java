package org.ucospark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.net.URL;

/**
 * {@code reference.conf}, the base layer of every configuration ({@link #reference}); each key in
 * it is declared once as a {@link ConfigKey} ({@link ConfigKeys}), through which the typed bindings
 * ({@code LossParams.from}, {@code RunSettings.from}, …) read and check their values.
 */
public final class Settings {
  private static volatile Config reference;

  private Settings() {}

  /** {@code reference.conf} from the classpath, resolved: every key with its default. */
  public static Config reference() {
    Config r = reference;
    if (r == null) {
      URL url = Settings.class.getResource("/reference.conf");
      if (url == null) {
        throw new IllegalStateException("reference.conf is missing from the classpath");
      }
      r =
          ConfigFactory.parseURL(url, ConfigParseOptions.defaults().setAllowMissing(false))
              .resolve();
      reference = r;
    }
    return r;
  }
}
