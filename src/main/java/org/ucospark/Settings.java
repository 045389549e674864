package org.ucospark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.net.URL;
import java.util.function.Function;

/**
 * The defaults and the validators of the typed configuration bindings. Every key's default and doc
 * live in {@code reference.conf} alone ({@link #reference}); each binding ({@code LossParams.from},
 * {@code DecParams.from}, {@code RunSettings.from}, …) reads its keys with these checks, which fail
 * with one line naming the key, the file it came from, what was expected and what was given.
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

  /**
   * The integer at {@code key}, failing with one line naming the key when it is below {@code min}.
   */
  public static int atLeast(Config c, String key, int min) {
    int v = c.getInt(key);
    if (v < min) {
      throw invalid(c, key, "at least " + min, v);
    }
    return v;
  }

  /** The number at {@code key}, which must be &gt; 0. */
  public static double positive(Config c, String key) {
    double v = c.getDouble(key);
    if (!(v > 0)) {
      throw invalid(c, key, "a positive number", v);
    }
    return v;
  }

  /** The number at {@code key}, which must be ≥ 0. */
  public static double nonNegative(Config c, String key) {
    double v = c.getDouble(key);
    if (!(v >= 0)) {
      throw invalid(c, key, "a number >= 0", v);
    }
    return v;
  }

  /**
   * The string at {@code key} parsed by {@code parse}, whose IllegalArgumentException means "not
   * documented".
   */
  public static <T> T parseEnum(Config c, String key, Function<String, T> parse) {
    try {
      return parse.apply(c.getString(key));
    } catch (IllegalArgumentException e) {
      throw invalid(c, key, "one of the documented values (see reference.conf)", c.getString(key));
    }
  }

  /** The one-line error of a bad value at {@code key}. */
  public static UcoException invalid(Config c, String key, String expected, Object got) {
    return new UcoException(
        c.getValue(key).origin().description()
            + ": key '"
            + key
            + "' must be "
            + expected
            + ", got "
            + got);
  }
}
