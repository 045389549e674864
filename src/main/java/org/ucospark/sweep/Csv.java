package org.ucospark.sweep;

/**
 * Minimal RFC 4180 CSV writer: fields are separated by commas, lines end with CRLF-free {@code \n};
 * a field containing a comma, quote, CR or LF is enclosed in double quotes with inner quotes
 * doubled. Null and non-finite doubles are written as an empty field.
 */
public final class Csv {

  private Csv() {}

  /**
   * Quotes one field when needed.
   *
   * @param s field text, may be null
   * @return the CSV form
   */
  public static String field(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  /**
   * Appends one line of values (strings, numbers, null) to {@code sb}.
   *
   * @param sb target
   * @param values fields
   */
  public static void line(StringBuilder sb, Object... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object v = values[i];
      if (v instanceof Double d) {
        sb.append(Double.isFinite(d) ? d.toString() : "");
      } else {
        sb.append(field(v == null ? null : v.toString()));
      }
    }
    sb.append('\n');
  }
}
