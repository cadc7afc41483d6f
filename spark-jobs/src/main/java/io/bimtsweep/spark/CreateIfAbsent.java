package io.bimtsweep.spark;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Create-if-absent writes on object stores, where a rename is a copy and a delete and
 * {@code create(path, overwrite=false)} only looks first: the object is sent with
 * {@code If-None-Match: *}, so of several writers of one key exactly one succeeds and the store
 * answers the others 412 (S3 since 2024, MinIO, Ceph RGW, Cloudflare R2, S3Proxy 4). A single
 * PUT (or completed multipart upload) becomes visible whole or not at all.
 */
final class CreateIfAbsent {
  /** Schemes whose stores commit by conditional put instead of rename. */
  static final Set<String> OBJECT_STORES = Set.of("s3a");
  /** Hadoop's createFile() option that S3A turns into If-None-Match: * (Hadoop 3.4.2 and later). */
  static final String CONDITIONAL_OVERWRITE = "fs.option.create.conditional.overwrite";

  private CreateIfAbsent() {}

  static boolean objectStore(FileSystem fs) {
    return OBJECT_STORES.contains(fs.getUri().getScheme().toLowerCase(Locale.ROOT));
  }

  /** A stream that creates the object when closed, and fails then if the key exists. */
  static FSDataOutputStream create(FileSystem fs, Path p) throws IOException {
    FSDataOutputStreamBuilder<?, ?> b = fs.createFile(p);
    b.overwrite(false);
    b.must(CONDITIONAL_OVERWRITE, true);
    return b.build();
  }

  /**
   * What a failed conditional write means: nothing, if the key exists (another writer won, the
   * usual case); otherwise the failure is rethrown, said plainly when the store cannot write
   * conditionally.
   */
  static void rethrowUnlessTaken(FileSystem fs, Path p, IOException e) throws IOException {
    if (fs.exists(p)) {
      return;
    }
    String m = String.valueOf(TrialStore.rootMessage(e));
    if (m.contains("501") || m.contains("NotImplemented") || m.contains("not supported")) {
      throw new IOException("the object store at " + fs.getUri() + " refused a conditional write (If-None-Match: *),"
          + " which bimt needs for exactly-once results on object stores; use a store that supports S3 conditional"
          + " writes, or write to HDFS or a shared file system (" + m + ")", e);
    }
    throw e;
  }

  /** The Parquet file a trial is written to: created only if absent, in one request. */
  static OutputFile parquet(FileSystem fs, Path p) {
    return new OutputFile() {
      @Override
      public PositionOutputStream create(long blockSizeHint) throws IOException {
        return HadoopStreams.wrap(CreateIfAbsent.create(fs, p));
      }

      @Override
      public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        throw new UnsupportedOperationException("a committed trial is never overwritten: " + p);
      }

      @Override
      public boolean supportsBlockSize() {
        return false;
      }

      @Override
      public long defaultBlockSize() {
        return 0;
      }

      @Override
      public String getPath() {
        return p.toString();
      }
    };
  }
}
