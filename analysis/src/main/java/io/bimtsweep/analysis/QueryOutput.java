package io.bimtsweep.analysis;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A query's result for a person: a text table on standard output, or one CSV file. */
public final class QueryOutput {
  private QueryOutput() {}

  /** Arrays, structs and maps as JSON text, so a person (or a CSV reader) sees [1, 3], not ArraySeq(1, 3). */
  public static Dataset<Row> nestedAsJson(Dataset<Row> df) {
    List<org.apache.spark.sql.Column> cols = new ArrayList<>();
    for (org.apache.spark.sql.types.StructField f : df.schema().fields()) {
      org.apache.spark.sql.types.DataType t = f.dataType();
      boolean nested = t instanceof org.apache.spark.sql.types.ArrayType || t instanceof org.apache.spark.sql.types.StructType
          || t instanceof org.apache.spark.sql.types.MapType;
      org.apache.spark.sql.Column c = org.apache.spark.sql.functions.col("`" + f.name().replace("`", "``") + "`");
      cols.add(nested ? org.apache.spark.sql.functions.to_json(c).as(f.name()) : c);
    }
    return df.select(cols.toArray(org.apache.spark.sql.Column[]::new));
  }

  public static void print(Dataset<Row> data, int limit) {
    Dataset<Row> df = nestedAsJson(data);
    List<Row> rows = df.limit(limit + 1).collectAsList();
    Table t = new Table(List.of(df.columns()), 40);
    for (int i = 0; i < Math.min(limit, rows.size()); i++) {
      List<Object> cells = new ArrayList<>();
      for (int c = 0; c < df.columns().length; c++) {
        cells.add(rows.get(i).get(c));
      }
      t.add(cells);
    }
    System.out.print(t.render());
    System.out.println(rows.size() > limit ? "(first " + limit + " rows; --limit for more)" : "(" + rows.size() + " rows)");
  }

  public static void writeCsv(Dataset<Row> data, java.nio.file.Path file) throws java.io.IOException {
    Dataset<Row> df = nestedAsJson(data);
    StringBuilder b = new StringBuilder(String.join(",", df.columns())).append('\n');
    for (Row r : df.collectAsList()) {
      for (int c = 0; c < r.size(); c++) {
        if (c > 0) {
          b.append(',');
        }
        Object v = r.get(c);
        String s = v == null ? "" : Table.cell(v instanceof Double ? v : v).replace("\"", "\"\"");
        if (v instanceof Double d) {
          s = Double.toString(d);
        }
        b.append(s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s + "\"" : s);
      }
      b.append('\n');
    }
    io.bimtsweep.core.io.ResultFiles.atomicWrite(file, b.toString());
    System.out.println("wrote " + file);
  }
}
