package io.bimtsweep.analysis;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * bimt sql is a local tool over results, so by default it only reads: a statement must be a query
 * (SELECT, WITH, VALUES, TABLE, SHOW, DESCRIBE, EXPLAIN) that writes nothing, reads no file but the
 * results (Spark's SQL over raw files, csv.`/any/path`, is switched off), and calls no Java method
 * (reflect, java_method). --allow-writes lifts all three.
 */
public final class ReadOnlySql {
  private static final Pattern COMMENTS = Pattern.compile("(--[^\\n]*|/\\*.*?\\*/)", Pattern.DOTALL);
  private static final Pattern READ = Pattern.compile("^(SELECT|WITH|VALUES|TABLE|SHOW|DESCRIBE|DESC|EXPLAIN)\\b.*",
      Pattern.DOTALL);
  private static final Pattern WRITE = Pattern.compile(
      "\\b(INSERT|CREATE|DROP|ALTER|DELETE|UPDATE|MERGE|TRUNCATE)\\b");
  private static final Pattern REFLECT = Pattern.compile("\\b(reflect|java_method|try_reflect)\\s*\\(",
      Pattern.CASE_INSENSITIVE);

  private ReadOnlySql() {}

  /** Throws naming what the statement would do, unless it only reads. */
  public static void check(String query) {
    String q = COMMENTS.matcher(query).replaceAll(" ").strip();
    String upper = q.toUpperCase(Locale.ROOT);
    // string literals cannot hide a write: strip them before looking for keywords
    String code = upper.replaceAll("'([^'\\\\]|\\\\.)*'", "''").replaceAll("\"([^\"\\\\]|\\\\.)*\"", "\"\"");
    if (!READ.matcher(upper).matches()) {
      throw new IllegalArgumentException("bimt sql runs read-only queries (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN, ...) "
          + "unless --allow-writes is given");
    }
    var w = WRITE.matcher(code.startsWith("EXPLAIN") ? "" : code.replaceFirst("^(SHOW|DESCRIBE|DESC)\\b.*", ""));
    if (w.find()) {
      throw new IllegalArgumentException("the query contains " + w.group(1) + ": bimt sql only reads unless "
          + "--allow-writes is given");
    }
    var r = REFLECT.matcher(code);
    if (r.find()) {
      throw new IllegalArgumentException("the query calls " + r.group(1).toLowerCase(Locale.ROOT) + "(): Java methods are "
          + "not called unless --allow-writes is given");
    }
  }
}
