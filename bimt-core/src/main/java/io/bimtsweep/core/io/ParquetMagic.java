package io.bimtsweep.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Whether a file looks like a whole Parquet file: it starts and ends with the magic bytes PAR1, so a
 * truncated one fails. Eight bytes are read, through whatever file system the caller has (the
 * writer's and the readers' file systems are Hadoop's, which the core does not know).
 */
public final class ParquetMagic {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  /** Reads into the whole array from a position of the file. */
  @FunctionalInterface
  public interface PositionedRead {
    void readFully(long position, byte[] into) throws IOException;
  }

  private ParquetMagic() {}

  /** True when a file of this length starts and ends with PAR1; an unreadable file is not intact. */
  public static boolean intact(long length, PositionedRead read) {
    if (length < 12) {
      return false;
    }
    byte[] head = new byte[4];
    byte[] tail = new byte[4];
    try {
      read.readFully(0, head);
      read.readFully(length - 4, tail);
    } catch (IOException e) {
      return false;
    }
    return Arrays.equals(head, MAGIC) && Arrays.equals(tail, MAGIC);
  }
}
