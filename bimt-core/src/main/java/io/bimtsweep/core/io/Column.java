package io.bimtsweep.core.io;

/** One column of the results table: its snake_case name, type, whether it may be null, and what it means. */
public record Column(String name, Type type, boolean nullable, String doc) {

  /** Column types; the Spark layer maps each to a Spark SQL type. */
  public enum Type { STRING, INT, LONG, DOUBLE, BOOL, TIMESTAMP, INT_ARRAY, DOUBLE_ARRAY, MODULES }
}
