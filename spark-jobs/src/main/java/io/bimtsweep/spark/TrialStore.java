package io.bimtsweep.spark;

import io.bimtsweep.core.io.TrialRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The results dataset on any Hadoop file system:
 * {@code ROOT/sweep_id=NAME/task=TASK/part-TRIAL_ID.parquet}, one file (one row) per trial.
 *
 * <p>A trial is committed by writing its file under {@code ROOT/sweep_id=NAME/_tmp/} and renaming
 * it to its final name, which only its trial_id decides, unless that name exists: HDFS and local
 * file systems rename atomically and refuse an existing target. On object stores (s3a://), where
 * a rename is a copy and a delete, the file is instead put straight to its final key with
 * If-None-Match: * ({@link CreateIfAbsent}). Either way a task retry, a speculative copy or a rerun
 * finds the trial committed: one row per trial, never half a file, and the first complete row
 * stays. Which trials are done is read from the file names alone.
 */
public final class TrialStore implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final String root;
  private final String sweepId;

  public TrialStore(String root, String sweepId) {
    this.root = root;
    this.sweepId = sweepId;
  }

  public String root() {
    return root;
  }

  public String sweepDir() {
    return new Path(root, "sweep_id=" + sweepId).toString();
  }

  static FileSystem fs(Path p, Configuration conf) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    // the raw local file system writes no .crc side files next to the data
    return fs instanceof LocalFileSystem l ? l.getRaw() : fs;
  }

  /** Final path of a trial's file. */
  public Path file(String task, String trialId) {
    return new Path(new Path(sweepDir(), "task=" + task), "part-" + trialId + ".parquet");
  }

  /** Writes and commits a trial's row; returns false if another attempt had already committed it. */
  public boolean commit(TrialRecord r, Configuration conf) {
    String task = (String) r.get("task");
    Path dst = file(task, r.trialId());
    if (CreateIfAbsent.OBJECT_STORES.contains(String.valueOf(dst.toUri().getScheme()))) {
      return commitToObjectStore(r, dst, conf);
    }
    Path tmp = new Path(new Path(sweepDir(), "_tmp"), r.trialId() + "-" + UUID.randomUUID() + ".parquet");
    try {
      FileSystem fs = fs(dst, conf);
      fs.mkdirs(tmp.getParent());
      fs.mkdirs(dst.getParent());
      try {
        TrialParquet.write(r, fs.makeQualified(tmp), conf);
      } finally {
        // Parquet writes through the checksummed local file system: its .crc twin is not moved with the file
        fs.delete(new Path(tmp.getParent(), "." + tmp.getName() + ".crc"), false);
      }
      if (fs.exists(dst)) {
        fs.delete(tmp, false);
        return false;
      }
      if (!fs.rename(tmp, dst)) {
        fs.delete(tmp, false);
        if (!fs.exists(dst)) {
          throw new IOException("could not move " + tmp + " to " + dst);
        }
        return false;
      }
      return true;
    } catch (IOException | RuntimeException | org.apache.hadoop.fs.FSError e) {
      try {
        fs(tmp, conf).delete(tmp, false);
      } catch (IOException | RuntimeException ignored) {
        // best effort: _tmp is invisible to readers and cleaned at the end of a sweep
      }
      throw new UncheckedIOException("cannot save the result of trial " + r.trialId() + " under " + sweepDir() + ": "
          + rootMessage(e), e instanceof IOException io ? io : new IOException(e));
    }
  }

  /**
   * On an object store the row is written straight to its final key with If-None-Match: * (no
   * temporary object, no rename, which there would be a copy and a delete): the first attempt's
   * object is the row, whole; a later attempt is refused by the store and returns false.
   */
  private boolean commitToObjectStore(TrialRecord r, Path dst, Configuration conf) {
    try {
      FileSystem fs = fs(dst, conf);
      if (fs.exists(dst)) {
        return false;
      }
      try {
        TrialParquet.write(r, CreateIfAbsent.parquet(fs, dst), conf);
        return true;
      } catch (IOException e) {
        CreateIfAbsent.rethrowUnlessTaken(fs, dst, e);
        return false;
      }
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException("cannot save the result of trial " + r.trialId() + " under " + sweepDir() + ": "
          + rootMessage(e), e instanceof IOException io ? io : new IOException(e));
    }
  }

  /** The innermost message: "No space left on device" rather than a wrapper's "Unable to close resource". */
  static String rootMessage(Throwable e) {
    Throwable t = Sparks.rootCause(e);
    if (t.getMessage() == null && t.getSuppressed().length > 0) {
      return rootMessage(t.getSuppressed()[0]);
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** trial_ids with a committed file: a readable part-ID.parquet (name and Parquet magic bytes checked). */
  public Set<String> committed(Configuration conf) {
    return scan(conf).committed();
  }

  /**
   * What the sweep's folder holds: the committed trial ids, and the files that are not readable
   * results (truncated or foreign Parquet, stray files), by path.
   */
  public record Scan(Set<String> committed, java.util.List<String> unreadable) {}

  /** Lists the sweep's folder and checks each result file's magic bytes (8 bytes read per file). */
  public Scan scan(Configuration conf) {
    Set<String> ids = new TreeSet<>();
    java.util.List<String> bad = new java.util.ArrayList<>();
    Path dir = new Path(sweepDir());
    try {
      FileSystem fs = fs(dir, conf);
      if (!fs.exists(dir)) {
        return new Scan(ids, bad);
      }
      for (FileStatus t : fs.listStatus(dir)) {
        if (!t.isDirectory() || !t.getPath().getName().startsWith("task=")) {
          continue;
        }
        for (FileStatus f : fs.listStatus(t.getPath())) {
          String n = f.getPath().getName();
          if (n.startsWith("_") || n.startsWith(".")) {
            continue; // hidden from readers by Spark's own rule
          }
          if (n.matches("part-[0-9a-f]{16}\\.parquet") && readableParquet(fs, f)) {
            ids.add(n.substring(5, n.length() - 8));
          } else {
            bad.add(f.getPath().toString());
          }
        }
      }
      return new Scan(ids, bad);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list results under " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A Parquet file starts and ends with PAR1; a truncated one does not end with it. */
  static boolean readableParquet(FileSystem fs, FileStatus f) throws IOException {
    if (f.isDirectory()) {
      return false;
    }
    try (var in = fs.open(f.getPath())) {
      return io.bimtsweep.core.io.ParquetMagic.intact(f.getLen(), in::readFully);
    }
  }

  /**
   * Moves unreadable files out of the dataset, into the sweep's _unreadable/ folder (hidden from
   * readers), so that their trials can be committed again; returns where they went.
   */
  public java.util.List<String> setAside(java.util.List<String> unreadable, Configuration conf) {
    java.util.List<String> moved = new java.util.ArrayList<>();
    Path aside = new Path(sweepDir(), "_unreadable");
    try {
      for (String u : unreadable) {
        Path p = new Path(u);
        FileSystem fs = fs(p, conf);
        fs.mkdirs(aside);
        Path to = new Path(aside, p.getParent().getName() + "-" + p.getName() + "-" + UUID.randomUUID().toString().substring(0, 8));
        if (fs.rename(p, to)) {
          moved.add(to.toString());
        }
      }
      return moved;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move unreadable results aside under " + aside + ": " + e.getMessage(), e);
    }
  }

  /** A small text file of the sweep's folder, or null if there is none. */
  public String readText(String name, Configuration conf) {
    Path p = new Path(sweepDir(), name);
    try {
      FileSystem fs = fs(p, conf);
      if (!fs.exists(p)) {
        return null;
      }
      try (var in = fs.open(p)) {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes temporary files left by killed attempts: those older than {@code olderThanMillis}, since
   * another run of the sweep may be writing its own right now; then the folders if empty.
   */
  public void cleanTemporary(Configuration conf, long olderThanMillis) {
    long now = System.currentTimeMillis();
    for (String name : new String[] {"_tmp", "_claims"}) {
      Path dir = new Path(sweepDir(), name);
      try {
        FileSystem fs = fs(dir, conf);
        if (!fs.exists(dir)) {
          continue;
        }
        boolean empty = true;
        for (FileStatus st : fs.listStatus(dir)) {
          if (name.equals("_tmp") && now - st.getModificationTime() > olderThanMillis) {
            fs.delete(st.getPath(), true);
          } else {
            empty = false;
          }
        }
        if (empty) {
          fs.delete(dir, false);
        }
      } catch (IOException e) {
        // leftovers under _tmp are invisible to readers; not worth failing a sweep for
      }
    }
  }

  /** Whether the trial's file exists (committed, by this run or another). */
  public boolean isCommitted(String task, String trialId, Configuration conf) throws IOException {
    Path p = file(task, trialId);
    return fs(p, conf).exists(p);
  }

  /** Writes a small text file atomically (temporary name, then rename). */
  public void writeText(String name, String text, Configuration conf) {
    Path dst = new Path(sweepDir(), name);
    Path tmp = new Path(sweepDir(), "." + name + "." + UUID.randomUUID());
    try {
      FileSystem fs = fs(dst, conf);
      fs.mkdirs(dst.getParent());
      try (var o = fs.create(tmp, true)) {
        o.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      fs.delete(dst, false);
      fs.rename(tmp, dst);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dst + ": " + e.getMessage(), e);
    }
  }

  /** A root given as a plain path becomes an absolute file: URI, so executors resolve it alike. */
  public static String normalise(String out) {
    URI u = URI.create(out.replace(" ", "%20"));
    if (u.getScheme() != null) {
      return out;
    }
    return java.nio.file.Path.of(out).toAbsolutePath().normalize().toUri().toString();
  }
}
