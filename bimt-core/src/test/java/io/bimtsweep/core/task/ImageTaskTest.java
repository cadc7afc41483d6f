package io.bimtsweep.core.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.run.TrialSetup;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader and the MNIST-format task on tiny files written here, byte by byte. */
class ImageTaskTest {

  /** An IDX file of unsigned bytes: magic 0x0800 + dims, the dims, the data. */
  static byte[] idx(int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream o = new DataOutputStream(b);
    o.writeInt(0x0800 | dims.length);
    for (int d : dims) {
      o.writeInt(d);
    }
    o.write(data);
    return b.toByteArray();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(b)) {
      z.write(raw);
    }
    return b.toByteArray();
  }

  /** n side x side images where image i's pixels are all i * 10 (and its label i % 10). */
  static void images(Path dir, String prefix, int n, int side, boolean gz) throws IOException {
    byte[] px = new byte[n * side * side];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(px, i * side * side, (i + 1) * side * side, (byte) (i * 10));
      labels[i] = (byte) (i % 10);
    }
    byte[] img = idx(new int[] {n, side, side}, px);
    byte[] lab = idx(new int[] {n}, labels);
    String ext = gz ? ".gz" : "";
    Files.write(dir.resolve(prefix + "-images-idx3-ubyte" + ext), gz ? gzip(img) : img);
    Files.write(dir.resolve(prefix + "-labels-idx1-ubyte" + ext), gz ? gzip(lab) : lab);
  }

  @Test
  void readsPlainAndGzippedFilesAlike(@TempDir Path dir) throws IOException {
    byte[] raw = idx(new int[] {2, 2, 3}, new byte[] {0, 1, 2, 3, 4, 5, (byte) 250, 7, 8, 9, 10, 11});
    Files.write(dir.resolve("a"), raw);
    Files.write(dir.resolve("a.gz"), gzip(raw));
    for (String name : List.of("a", "a.gz")) {
      Idx.Array a = Idx.read(dir.resolve(name), 3);
      assertArrayEquals(new int[] {2, 2, 3}, a.dims());
      assertEquals(6, a.itemSize());
      assertEquals(250, a.data()[6] & 0xff, "bytes are unsigned");
    }
  }

  @Test
  void aWrongOrDamagedFileIsNamedWithWhatIsWrong(@TempDir Path dir) throws IOException {
    byte[] raw = idx(new int[] {2, 2, 2}, new byte[8]);
    Files.write(dir.resolve("labels-as-images"), idx(new int[] {8}, new byte[8]));
    Files.write(dir.resolve("short"), java.util.Arrays.copyOf(raw, raw.length - 3));
    Files.write(dir.resolve("long"), java.util.Arrays.copyOf(raw, raw.length + 1));
    byte[] noise = new byte[4000];
    new java.util.Random(1).nextBytes(noise);
    byte[] big = gzip(idx(new int[] {10, 20, 20}, noise));
    Files.write(dir.resolve("cut.gz"), java.util.Arrays.copyOf(big, big.length / 2));
    Files.write(dir.resolve("text"), "hello, world".getBytes());
    Map<String, String> expected = Map.of(
        "labels-as-images", "it has 1 dimensions (images have 3, labels 1)",
        "short", "truncated: the header declares 8 bytes of data (2 x 2 x 2), the file holds 5",
        "long", "longer than its header declares",
        "cut.gz", "cut short",
        "text", "not an IDX file of 3-dimensional unsigned bytes",
        "missing", "no such file");
    expected.forEach((file, says) -> {
      var e = assertThrows(IllegalArgumentException.class, () -> Idx.read(dir.resolve(file), 3));
      assertTrue(e.getMessage().startsWith(dir.resolve(file).toString()), e.getMessage());
      assertTrue(e.getMessage().contains(says), file + ": " + e.getMessage());
    });
  }

  @Test
  void theTaskScalesPixelsAndTakesSeededSubsets(@TempDir Path dir) throws IOException {
    images(dir, "train", 20, 4, true);
    images(dir, "t10k", 6, 4, false);
    Task mnist = Tasks.get("mnist");
    TaskData all = mnist.generate(Map.of("path", dir.toString()), 0);
    assertEquals(20, all.train().size());
    assertEquals(16, all.train().features());
    assertEquals(50 / 255.0, all.train().x()[5 * 16 + 3], 1e-15, "image 5's pixels are 50/255");
    assertEquals(5, all.train().labels()[5]);
    TaskData some = mnist.generate(Map.of("path", dir.toString(), "n_train", 7, "n_test", 3), 42);
    assertEquals(7, some.train().size());
    assertEquals(3, some.test().size());
    TaskData again = mnist.generate(Map.of("path", dir.toString(), "n_train", 7, "n_test", 3), 42);
    assertArrayEquals(some.train().x(), again.train().x(), "the same seed, the same subset");
    for (int e = 0; e < 7; e++) {
      int image = (int) Math.round(some.train().x()[e * 16] * 255 / 10);
      assertEquals(image % 10, some.train().labels()[e], "each label stays with its image");
    }
    var e = assertThrows(IllegalArgumentException.class,
        () -> mnist.generate(Map.of("path", dir.toString(), "n_train", 21), 0));
    assertTrue(e.getMessage().contains("holds 20 images"), e.getMessage());
    var missing = assertThrows(IllegalArgumentException.class,
        () -> mnist.generate(Map.of("path", dir.resolve("nope").toString()), 0));
    assertTrue(missing.getMessage().contains("scripts/prepare-mnist"), missing.getMessage());
  }

  @Test
  void gridsPutHiddenLayersOnSquaresAndOutputsOnARing() {
    Geometry g = Geometry.grids(new int[] {16, 4, 10}, 2, 0.5, DistanceNorm.L1);
    assertArrayEquals(new double[] {0.125, 0.125}, g.layers().get(0).position(0));
    assertArrayEquals(new double[] {0.875, 0.125}, g.layers().get(0).position(3), "row-major like the pixels");
    assertArrayEquals(new double[] {0.75, 0.75}, g.layers().get(1).position(3));
    assertArrayEquals(new double[] {0.75, 0.5}, g.layers().get(2).position(0), 1e-15);
    // L1: A * (|dx| + |dz|) + y*, from input pixel 0 at (1/8, 1/8) to hidden neuron 3 at (3/4, 3/4)
    assertEquals(2 * (0.625 + 0.625) + 0.5, g.distances(0)[3 * 16], 1e-15);
    var e = assertThrows(IllegalArgumentException.class, () -> Geometry.grids(new int[] {16, 50, 10}, 2, 0.5,
        DistanceNorm.L1));
    assertTrue(e.getMessage().contains("layer 1 has 50 neurons, not a square"), e.getMessage());
  }

  /** MNIST's setting: pixels never move, every other layer still swaps. */
  @Test
  void inputPixelsStayInPlaceWhileHiddenNeuronsSwap(@TempDir Path dir) throws IOException {
    images(dir, "train", 40, 4, false);
    images(dir, "t10k", 10, 4, false);
    for (boolean swapInputs : new boolean[] {false, true}) {
      var c = Presets.config("mnist", Map.of("task_options", Map.of("path", dir.toString()), "widths", List.of(16, 9, 10),
          "steps", 200, "swap_interval", 20, "top_k", 4, "batch_size", 10, "swap_inputs", swapInputs));
      var out = TrialSetup.train(c);
      int[] perm = out.result().network().inputPermutation();
      boolean identity = java.util.stream.IntStream.range(0, perm.length).allMatch(i -> perm[i] == i);
      assertEquals(!swapInputs, identity, "swap_inputs " + swapInputs + ": " + java.util.Arrays.toString(perm));
      assertTrue(out.result().swaps() > 0, "hidden and output neurons still swap");
    }
  }

  /** The memory estimate counts the data and one evaluation pass, by hand on 20 + 6 tiny images. */
  @Test
  void theMemoryEstimateCountsTheDataAndRefusesNamingIt(@TempDir Path dir) throws IOException {
    images(dir, "train", 20, 4, false);
    images(dir, "t10k", 6, 4, false);
    var c = Presets.config("mnist", Map.of("task_options", Map.of("path", dir.toString()), "widths", List.of(16, 9, 10)));
    TaskData data = TrialSetup.data(c);
    double dataBytes = 8 * (20 * 16 + 6 * 16) + 4 * (20 + 6);
    double evaluation = 8 * 20 * (3 * (16 + 9 + 10) + 2 * 16);
    assertEquals(TrialSetup.estimateBytes(c) + dataBytes + evaluation, TrialSetup.estimateBytes(c, data), 0);
    var e = assertThrows(IllegalArgumentException.class, () -> TrialSetup.checkMemory(c, data, 1000));
    assertTrue(e.getMessage().startsWith("task mnist with widths [16, 9, 10] needs about"), e.getMessage());
    assertTrue(e.getMessage().contains("3.4 KB for its 20 + 6 examples"), e.getMessage());
  }
}
