package io.bimtsweep.core.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ParquetMagicTest {
  static ParquetMagic.PositionedRead of(byte[] file) {
    return (pos, into) -> {
      if (pos + into.length > file.length) {
        throw new java.io.EOFException("past the end");
      }
      System.arraycopy(file, (int) pos, into, 0, into.length);
    };
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void wholeFilesStartAndEndWithTheMagic() {
    byte[] whole = bytes("PAR1 rows and footer PAR1");
    assertTrue(ParquetMagic.intact(whole.length, of(whole)));
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 3);
    assertFalse(ParquetMagic.intact(truncated.length, of(truncated)), "truncated: no magic at the end");
    byte[] foreign = bytes("{\"json\": \"not parquet\"} PAR1");
    assertFalse(ParquetMagic.intact(foreign.length, of(foreign)), "no magic at the start");
    assertFalse(ParquetMagic.intact(8, of(bytes("PAR1PAR1"))), "too short to hold a footer");
    assertFalse(ParquetMagic.intact(whole.length + 10, of(whole)), "a read that fails is not intact");
  }
}
