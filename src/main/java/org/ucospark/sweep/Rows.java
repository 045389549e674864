package org.ucospark.sweep;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Reading the fields of the sweep's Spark rows by name, tolerant of files written before a field
 * existed: an absent or null double reads NaN, an absent or null string null, a null int 0.
 */
final class Rows {
  private Rows() {}

  static boolean has(Row r, String f) {
    return Arrays.asList(r.schema().fieldNames()).contains(f);
  }

  /** The double field {@code f}, NaN when the row has no such field (trial files before it). */
  static double optionalDbl(Row r, String f) {
    return has(r, f) ? dbl(r, f) : Double.NaN;
  }

  static String str(Row r, String f) {
    int i = r.fieldIndex(f);
    return r.isNullAt(i) ? null : r.getString(i);
  }

  /**
   * The string field {@code f}, null when the row has no such field (trial files written before
   * it).
   */
  static String optionalStr(Row r, String f) {
    return has(r, f) ? str(r, f) : null;
  }

  static int integer(Row r, String f) {
    int i = r.fieldIndex(f);
    return r.isNullAt(i) ? 0 : ((Number) r.get(i)).intValue();
  }

  static double dbl(Row r, String f) {
    int i = r.fieldIndex(f);
    return r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue();
  }

  /**
   * A pairwise-OFM column as a matrix.
   *
   * @param json the column's JSON text
   * @return term → term → cosine, in term order; empty when not computed
   */
  static Map<String, Map<String, Double>> pairwise(String json) {
    try {
      return JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build()
          .readValue(json, new TypeReference<LinkedHashMap<String, Map<String, Double>>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("trials table: unreadable pairwise OFM " + json, e);
    }
  }
}
