package org.ucospark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.ucospark.UcoException;

/**
 * One configuration key, declared once (in the manner of Spark ML's {@code Param}): its name (the
 * HOCON path), type, default, doc, validator and the stage that reads it. The declarations live in
 * one small class per concept ({@link RunKeys}, {@link LossKeys}, …) and are collected by {@link
 * ConfigKeys}; the typed bindings ({@code LossParams.from}, {@code RunSettings.from}, …) read
 * values through {@link #get}, the loader's unknown-key and type checks, {@code uco-spark keys},
 * {@code train --help} and the key table of docs/COMMANDS.md read the declarations, and {@code
 * reference.conf} must agree with them ({@code ConfigKeysTest}).
 *
 * @param <T> the type {@link #get} returns
 */
public final class ConfigKey<T> {
  /** The value types of keys; {@link #label} is how the key table names them. */
  public enum Type {
    INT("int"),
    LONG("long"),
    DOUBLE("double"),
    BOOLEAN("boolean"),
    STRING("string"),
    /** One of a fixed set of words, read trimmed and in lower case. */
    CHOICE("choice"),
    STRING_LIST("list of strings"),
    /** A count N (meaning 0..N-1) or a list of integers. */
    SEEDS("int or list of ints"),
    /** An open object: any key may be set below it (spark.conf, sweep.axes, sweep.set). */
    OBJECT("object");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Which part of the program reads a key. */
  public enum Stage {
    /** One training run: train, quickstart, each sweep trial, predict, bench. */
    TRAIN,
    /** prepare (and quickstart's preparation). */
    PREPARE,
    /** sweep, and summarize/report of a sweep. */
    SWEEP,
    /** report (and the sweep's report). */
    REPORT,
    /** Every command that starts a Spark session. */
    SPARK;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String name;
  private final Type type;
  private final Stage stage;
  private final String doc;
  private final Object hoconDefault;
  private final List<String> choices;
  private final Validator<? super T> validator;
  private final BiFunction<Config, String, T> reader;

  private ConfigKey(
      String name,
      Type type,
      Stage stage,
      String doc,
      Object hoconDefault,
      List<String> choices,
      Validator<? super T> validator,
      BiFunction<Config, String, T> reader) {
    this.name = name;
    this.type = type;
    this.stage = stage;
    this.doc = doc;
    this.hoconDefault = hoconDefault;
    this.choices = choices;
    this.validator = validator;
    this.reader = reader;
  }

  private static <T> ConfigKey<T> of(
      String name,
      Type type,
      Object def,
      Stage stage,
      String doc,
      BiFunction<Config, String, T> reader) {
    return new ConfigKey<>(name, type, stage, doc, def, List.of(), Validator.any(), reader);
  }

  /** A whole-number key read as an int. */
  public static ConfigKey<Integer> integer(String name, int def, Stage stage, String doc) {
    return of(name, Type.INT, def, stage, doc, Config::getInt);
  }

  /** A whole-number key read as a long. */
  public static ConfigKey<Long> longKey(String name, long def, Stage stage, String doc) {
    return of(name, Type.LONG, def, stage, doc, Config::getLong);
  }

  /** A real-valued key (its reference.conf default is written with a decimal point). */
  public static ConfigKey<Double> real(String name, double def, Stage stage, String doc) {
    return of(name, Type.DOUBLE, def, stage, doc, Config::getDouble);
  }

  public static ConfigKey<Boolean> bool(String name, boolean def, Stage stage, String doc) {
    return of(name, Type.BOOLEAN, def, stage, doc, Config::getBoolean);
  }

  public static ConfigKey<String> string(String name, String def, Stage stage, String doc) {
    return of(name, Type.STRING, def, stage, doc, Config::getString);
  }

  /**
   * One of {@code choices} (lower case), read trimmed and case-insensitively; anything else fails
   * naming the choices.
   */
  public static ConfigKey<String> choice(
      String name, String def, List<String> choices, Stage stage, String doc) {
    return new ConfigKey<>(
        name,
        Type.CHOICE,
        stage,
        doc,
        def,
        List.copyOf(choices),
        Validator.oneOf(choices),
        (c, k) -> c.getString(k).trim().toLowerCase(Locale.ROOT));
  }

  public static ConfigKey<List<String>> stringList(
      String name, List<String> def, Stage stage, String doc) {
    return of(name, Type.STRING_LIST, def, stage, doc, Config::getStringList);
  }

  /** A count N, read as the seeds 0..N-1, or an explicit list of integers. */
  public static ConfigKey<List<Integer>> seeds(String name, int def, Stage stage, String doc) {
    return of(name, Type.SEEDS, def, stage, doc, ConfigKey::readSeeds);
  }

  /** An open object: any key below it is accepted and passed on. */
  public static ConfigKey<Config> object(String name, Stage stage, String doc) {
    return of(name, Type.OBJECT, Map.of(), stage, doc, Config::getConfig);
  }

  /** The same key with a validator, which {@link #get} applies. */
  public ConfigKey<T> validatedBy(Validator<? super T> v) {
    return new ConfigKey<>(name, type, stage, doc, hoconDefault, choices, v, reader);
  }

  /** The full HOCON path, e.g. {@code loss.rel_sigma}. */
  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public Stage stage() {
    return stage;
  }

  public String doc() {
    return doc;
  }

  /** The allowed words of a {@link Type#CHOICE} key (empty for the others). */
  public List<String> choices() {
    return choices;
  }

  public Validator<? super T> validator() {
    return validator;
  }

  /**
   * The default as HOCON holds it (Integer, Long, Double, Boolean, String, a List, an empty Map for
   * an open object); reference.conf's value must equal it.
   */
  public Object hoconDefault() {
    return hoconDefault;
  }

  /** The default as {@link #get} reads it. */
  public T defaultValue() {
    return reader.apply(
        ConfigFactory.empty().withValue(name, ConfigValueFactory.fromAnyRef(hoconDefault)), name);
  }

  /** The default as the key table writes it. */
  public String defaultText() {
    if (hoconDefault instanceof String s) {
      return s.isEmpty() ? "\"\"" : s;
    }
    if (hoconDefault instanceof Map<?, ?>) {
      return "{}";
    }
    return String.valueOf(hoconDefault);
  }

  /** Whether {@code value} passes the validator. */
  public boolean isValid(T value) {
    return validator.accepts(value);
  }

  /**
   * The value of this key in {@code c} (which holds every key: a loaded or reference
   * configuration), validated: a bad value fails with one line naming the key, the file it came
   * from, what was expected and what was given.
   */
  public T get(Config c) {
    T value = reader.apply(c, name);
    if (!validator.accepts(value)) {
      Object shown = type == Type.CHOICE ? c.getString(name) : value;
      throw fail(c, validator.requirement(), shown);
    }
    return value;
  }

  /**
   * The one-line error of a bad value of this key in {@code c}, for checks across keys: {@code
   * <origin>: key '<name>' must be <expected>, got <got>}.
   */
  public UcoException invalid(Config c, String expected, Object got) {
    return fail(c, "be " + expected, got);
  }

  private UcoException fail(Config c, String requirement, Object got) {
    return new UcoException(
        c.getValue(name).origin().description()
            + ": key '"
            + name
            + "' must "
            + requirement
            + ", got "
            + got);
  }

  /**
   * Whether a value of HOCON type {@code given} can be read as this key's type (the loader's type
   * check; numbers and booleans may come as strings from --set and -Duco.*).
   */
  String typeExpectation() {
    return switch (type) {
      case INT, LONG, DOUBLE -> "a number";
      case BOOLEAN -> "a boolean";
      case STRING, CHOICE -> "a string";
      case STRING_LIST -> "a list";
      case SEEDS -> "a number or a list";
      case OBJECT -> "an object";
    };
  }

  /** Whether the type's value is an integer (a fractional value is refused at load). */
  boolean isWhole() {
    return type == Type.INT || type == Type.LONG;
  }

  private static List<Integer> readSeeds(Config c, String key) {
    if (c.getValue(key).valueType() == ConfigValueType.LIST) {
      return c.getIntList(key);
    }
    List<Integer> seeds = new ArrayList<>();
    for (int i = 0; i < c.getInt(key); i++) {
      seeds.add(i);
    }
    return seeds;
  }

  @Override
  public String toString() {
    return name;
  }
}
