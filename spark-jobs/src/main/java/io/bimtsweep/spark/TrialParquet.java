package io.bimtsweep.spark;

import io.bimtsweep.core.io.Column;
import io.bimtsweep.core.io.TrialRecord;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Writes one trial's row as a Parquet file, schema {@link TrialRecord#SCHEMA} minus the partition
 * columns (sweep_id and task live in the directory names). Standard three-level lists and UTC
 * microsecond timestamps, so Spark, DuckDB and pyarrow read it as they read their own files.
 */
public final class TrialParquet {
  /** Columns that are Hive partitions of the dataset, not stored in files. */
  public static final Set<String> PARTITIONS = Set.of("sweep_id", "task");

  public static final MessageType SCHEMA = schema();

  private TrialParquet() {}

  private static MessageType schema() {
    List<Type> fields = new ArrayList<>();
    for (Column c : TrialRecord.SCHEMA) {
      if (!PARTITIONS.contains(c.name())) {
        fields.add(type(c));
      }
    }
    return new MessageType("trial", fields);
  }

  private static Type type(Column c) {
    Repetition rep = c.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
    return switch (c.type()) {
      case STRUCTS -> {
        var group = Types.requiredGroup();
        for (Column f : c.fields()) {
          group.addField(type(f));
        }
        yield list(rep, group.named("element"), c.name());
      }
      case STRING -> Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(c.name());
      case INT -> Types.primitive(PrimitiveTypeName.INT32, rep).named(c.name());
      case LONG -> Types.primitive(PrimitiveTypeName.INT64, rep).named(c.name());
      case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(c.name());
      case BOOL -> Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name());
      case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, rep)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(c.name());
      case INT_ARRAY -> list(rep, Types.required(PrimitiveTypeName.INT32).named("element"), c.name());
      case DOUBLE_ARRAY -> list(rep, Types.required(PrimitiveTypeName.DOUBLE).named("element"), c.name());
      case MODULES -> list(rep, Types.requiredGroup()
          .addField(list(Repetition.REQUIRED, Types.required(PrimitiveTypeName.INT32).named("element"), "inputs"))
          .addField(list(Repetition.REQUIRED, Types.required(PrimitiveTypeName.INT32).named("element"), "outputs"))
          .named("element"), c.name());
    };
  }

  private static Type list(Repetition rep, Type element, String name) {
    return Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
        .addField(Types.repeatedGroup().addField(element).named("list")).named(name);
  }

  /**
   * Writes the record to a new file (failing if it exists). A local file is written with plain
   * java.nio: Hadoop's local file system sets each new file's permissions by starting a
   * {@code chmod} process when libhadoop is absent (two per trial, with the checksum file), which
   * was most of a 30-40 ms commit.
   */
  public static void write(TrialRecord r, Path file, Configuration conf) throws IOException {
    write(r, "file".equals(file.toUri().getScheme())
        ? new org.apache.parquet.io.LocalOutputFile(java.nio.file.Path.of(file.toUri()))
        : HadoopOutputFile.fromPath(file, conf), conf);
  }

  /** Writes the record to the given output (created, never overwritten). */
  static void write(TrialRecord r, org.apache.parquet.io.OutputFile out, Configuration conf) throws IOException {
    try (ParquetWriter<TrialRecord> w = new Builder(out)
        .withConf(conf)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build()) {
      w.write(r);
    }
  }

  private static final class Builder extends ParquetWriter.Builder<TrialRecord, Builder> {
    Builder(org.apache.parquet.io.OutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<TrialRecord> getWriteSupport(Configuration conf) {
      return new RecordWriteSupport();
    }
  }

  private static final class RecordWriteSupport extends WriteSupport<TrialRecord> {
    private RecordConsumer out;

    @Override
    public WriteContext init(Configuration configuration) {
      Map<String, String> meta = new HashMap<>();
      meta.put("bimt.schema_version", Integer.toString(TrialRecord.SCHEMA_VERSION));
      return new WriteContext(SCHEMA, meta);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    public void write(TrialRecord r) {
      out.startMessage();
      int i = 0;
      for (Column c : TrialRecord.SCHEMA) {
        if (PARTITIONS.contains(c.name())) {
          continue;
        }
        Object v = r.get(c.name());
        if (v != null) {
          out.startField(c.name(), i);
          value(c, v);
          out.endField(c.name(), i);
        }
        i++;
      }
      out.endMessage();
    }

    private void value(Column c, Object v) {
      switch (c.type()) {
        case STRUCTS -> {
          List<?> items = (List<?>) v;
          list(items.size(), k -> {
            Map<?, ?> item = (Map<?, ?>) items.get(k);
            out.startGroup();
            for (int j = 0; j < c.fields().size(); j++) {
              Column f = c.fields().get(j);
              Object x = item.get(f.name());
              if (x != null) {
                out.startField(f.name(), j);
                value(f, x);
                out.endField(f.name(), j);
              }
            }
            out.endGroup();
          });
        }
        case STRING -> out.addBinary(Binary.fromString((String) v));
        case INT -> out.addInteger(((Number) v).intValue());
        case LONG -> out.addLong(((Number) v).longValue());
        case DOUBLE -> out.addDouble(((Number) v).doubleValue());
        case BOOL -> out.addBoolean((Boolean) v);
        case TIMESTAMP -> {
          Timestamp ts = (Timestamp) v;
          out.addLong(ts.getTime() / 1000 * 1_000_000L + ts.getNanos() / 1000);
        }
        case INT_ARRAY -> {
          int[] a = (int[]) v;
          list(a.length, k -> out.addInteger(a[k]));
        }
        case DOUBLE_ARRAY -> {
          double[] a = (double[]) v;
          list(a.length, k -> out.addDouble(a[k]));
        }
        case MODULES -> {
          @SuppressWarnings("unchecked")
          List<Map<String, List<Integer>>> mods = (List<Map<String, List<Integer>>>) v;
          list(mods.size(), k -> {
            out.startGroup();
            intListField("inputs", 0, mods.get(k).get("inputs"));
            intListField("outputs", 1, mods.get(k).get("outputs"));
            out.endGroup();
          });
        }
      }
    }

    private void intListField(String name, int index, List<Integer> values) {
      out.startField(name, index);
      list(values.size(), k -> out.addInteger(values.get(k)));
      out.endField(name, index);
    }

    /** A LIST group: group { repeated group list { element } }; the element writer writes item k. */
    private void list(int n, java.util.function.IntConsumer element) {
      out.startGroup();
      if (n > 0) {
        out.startField("list", 0);
        for (int k = 0; k < n; k++) {
          out.startGroup();
          out.startField("element", 0);
          element.accept(k);
          out.endField("element", 0);
          out.endGroup();
        }
        out.endField("list", 0);
      }
      out.endGroup();
    }
  }
}
