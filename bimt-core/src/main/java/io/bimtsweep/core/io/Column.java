package io.bimtsweep.core.io;

import java.util.List;

/**
 * One column of the results table: its snake_case name, type, whether it may be null, and what it
 * means. A {@link Type#STRUCTS} column is a list of structs whose fields are given as columns.
 */
public record Column(String name, Type type, boolean nullable, String doc, List<Column> fields) {

  /** Column types; the Spark layer maps each to a Spark SQL type. */
  public enum Type { STRING, INT, LONG, DOUBLE, BOOL, TIMESTAMP, INT_ARRAY, DOUBLE_ARRAY, MODULES, STRUCTS }

  public Column {
    fields = List.copyOf(fields == null ? List.of() : fields);
    if ((type == Type.STRUCTS) != !fields.isEmpty()) {
      throw new IllegalArgumentException("column " + name + ": fields go with type STRUCTS, and only with it");
    }
  }

  public Column(String name, Type type, boolean nullable, String doc) {
    this(name, type, nullable, doc, List.of());
  }
}
