package io.bimtsweep.analysis;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A query's result for a person: a text table on standard output, or one CSV file. */
public final class QueryOutput {
  private QueryOutput() {}

  public static void print(Dataset<Row> df, int limit) {
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

  public static void writeCsv(Dataset<Row> df, java.nio.file.Path file) throws java.io.IOException {
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
