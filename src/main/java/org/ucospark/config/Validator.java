package org.ucospark.config;

import java.util.List;
import java.util.function.Predicate;

/**
 * What a key's value must satisfy beyond its type, and how that reads in an error ({@code key 'K'
 * must <requirement>, got V}) and in the key table. The counterpart of Spark ML's {@code
 * ParamValidators}.
 *
 * @param test whether a value is valid
 * @param requirement a verb phrase completing "must …", such as "be at least 1"
 */
public record Validator<T>(Predicate<T> test, String requirement) {
  /** Any value of the key's type. */
  public static <T> Validator<T> any() {
    return new Validator<>(v -> true, "");
  }

  /** A whole number ≥ {@code min}. */
  public static Validator<Number> atLeast(long min) {
    return new Validator<>(v -> v.longValue() >= min, "be at least " + min);
  }

  /** A number &gt; 0 (NaN is refused). */
  public static Validator<Number> positive() {
    return new Validator<>(v -> v.doubleValue() > 0, "be a positive number");
  }

  /** A number ≥ 0 (NaN is refused). */
  public static Validator<Number> nonNegative() {
    return new Validator<>(v -> v.doubleValue() >= 0, "be a number >= 0");
  }

  /** One of {@code choices} (as the key reads it: trimmed, lower case). */
  public static Validator<String> oneOf(List<String> choices) {
    return new Validator<>(choices::contains, "be " + alternatives(choices));
  }

  /** A list with at least one element; {@code requirement} such as "name at least one seed". */
  public static Validator<List<?>> nonEmpty(String requirement) {
    return new Validator<>(l -> !l.isEmpty(), requirement);
  }

  /** Whether {@code value} is valid. */
  public boolean accepts(T value) {
    return test.test(value);
  }

  /**
   * The requirement as a noun phrase for the key table ("at least 1", "tensor or naive"); empty for
   * {@link #any}.
   */
  public String expected() {
    return requirement.startsWith("be ") ? requirement.substring(3) : requirement;
  }

  /** "a, b or c". */
  static String alternatives(List<String> choices) {
    if (choices.size() == 1) {
      return choices.get(0);
    }
    return String.join(", ", choices.subList(0, choices.size() - 1))
        + " or "
        + choices.get(choices.size() - 1);
  }
}
