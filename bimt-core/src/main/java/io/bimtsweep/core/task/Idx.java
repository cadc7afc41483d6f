package io.bimtsweep.core.task;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST: a big-endian magic number (0x0000 0800 + type, then
 * the number of dimensions), one int per dimension, then the data. Only unsigned bytes (type 0x08)
 * are read, gzipped or not (told by the gzip magic bytes, not the name). Every check names the file:
 * a wrong magic number, a size that does not match, a file cut short.
 */
public final class Idx {
  /** The gzip format's first two bytes. */
  private static final int GZIP_MAGIC = 0x1f8b;
  /** Sizes beyond this are not MNIST-like data, and would not fit an array anyway. */
  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private Idx() {}

  /** An IDX array: its dimensions and its bytes (unsigned, row-major). */
  public record Array(int[] dims, byte[] data) {
    public int count() {
      return dims[0];
    }

    /** Bytes per item: the product of every dimension but the first. */
    public int itemSize() {
      int s = 1;
      for (int i = 1; i < dims.length; i++) {
        s *= dims[i];
      }
      return s;
    }
  }

  /**
   * Reads an IDX file of unsigned bytes with the expected number of dimensions (3 for images,
   * 1 for labels).
   */
  public static Array read(Path file, int expectedDims) {
    try (InputStream raw = open(file); DataInputStream in = new DataInputStream(raw)) {
      int magic;
      try {
        magic = in.readInt();
      } catch (EOFException e) {
        throw new IllegalArgumentException(file + ": not an IDX file (shorter than its 4-byte magic number)");
      }
      int expected = 0x0800 | expectedDims;
      if (magic != expected) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "%s: not an IDX file of %d-dimensional "
            + "unsigned bytes (magic number 0x%08x, expected 0x%08x)%s", file, expectedDims, magic, expected,
            (magic >>> 8) == 0x08 ? ": it has " + (magic & 0xff) + " dimensions (images have 3, labels 1)" : ""));
      }
      int[] dims = new int[expectedDims];
      long total = 1;
      for (int i = 0; i < expectedDims; i++) {
        try {
          dims[i] = in.readInt();
        } catch (EOFException e) {
          throw new IllegalArgumentException(file + ": truncated in its header (dimension " + (i + 1) + " of "
              + expectedDims + " missing)");
        }
        if (dims[i] <= 0) {
          throw new IllegalArgumentException(file + ": dimension " + (i + 1) + " is " + dims[i] + ", not a size");
        }
        total *= dims[i];
        if (total > MAX_BYTES) {
          throw new IllegalArgumentException(file + ": the header declares more than " + MAX_BYTES + " bytes of data");
        }
      }
      byte[] data = new byte[(int) total];
      int read = in.readNBytes(data, 0, data.length);
      if (read < data.length) {
        throw new IllegalArgumentException(file + ": truncated: the header declares " + total + " bytes of data ("
            + describe(dims) + "), the file holds " + read);
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException(file + ": longer than its header declares (" + describe(dims)
            + "): not an IDX file, or a damaged one");
      }
      return new Array(dims, data);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (java.util.zip.ZipException e) {
      throw new IllegalArgumentException(file + ": a damaged gzip file (" + e.getMessage() + ")");
    } catch (EOFException e) {
      throw new IllegalArgumentException(file + ": a gzip file cut short");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  private static String describe(int[] dims) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      b.append(i == 0 ? "" : " x ").append(dims[i]);
    }
    return b.toString();
  }

  private static InputStream open(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(file + ": a folder, not an IDX file");
    }
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int a = in.read();
    int b = in.read();
    in.reset();
    return a >= 0 && b >= 0 && ((a << 8) | b) == GZIP_MAGIC ? new GZIPInputStream(in, 1 << 16) : in;
  }
}
