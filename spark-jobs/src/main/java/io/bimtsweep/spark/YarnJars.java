package io.bimtsweep.spark;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * The Spark that YARN containers start from, when nothing else names it. YARN ships
 * spark.yarn.jars or spark.yarn.archive, else SPARK_HOME's jars; the bimt launcher on an edge node
 * without a Spark distribution has neither, so its own classpath (the Spark this driver runs) goes,
 * as one archive in the cluster's default filesystem, written once per set of jars and reused by
 * every later sweep: uploading ~200 jars (~300 MB) per application cost tens of seconds, and a
 * NodeManager localises an archive it already holds only once.
 */
final class YarnJars {
  /** Folder of the archives, under the user's home in the default filesystem. */
  static final String FOLDER = ".bimt-sweep/spark-jars";

  private YarnJars() {}

  /**
   * @return the archive's URI for spark.yarn.archive, or empty when the configuration or SPARK_HOME decides
   */
  static Optional<String> archive(SparkConf conf, String sparkHome, String classPath) {
    List<File> jars = jarsToShip(conf, sparkHome, classPath);
    if (jars.isEmpty()) {
      return Optional.empty();
    }
    Configuration hadoop = SparkHadoopUtil.get().newConfiguration(conf);
    try {
      FileSystem fs = FileSystem.get(hadoop);
      Path archive = new Path(fs.getHomeDirectory(), FOLDER + "/spark-jars-" + key(jars) + ".zip");
      if (!fs.exists(archive)) {
        stage(fs, archive, jars);
      }
      return Optional.of(fs.makeQualified(archive).toString());
    } catch (IOException e) {
      throw new UncheckedIOException("master yarn: cannot stage Spark's jars in the cluster's filesystem ("
          + hadoop.get("fs.defaultFS") + "): " + e.getMessage() + "; set spark.yarn.archive or SPARK_HOME instead", e);
    }
  }

  /** The classpath's jars, or none when spark.yarn.jars, spark.yarn.archive or SPARK_HOME decides. */
  static List<File> jarsToShip(SparkConf conf, String sparkHome, String classPath) {
    if (conf.contains("spark.yarn.jars") || conf.contains("spark.yarn.archive")
        || (sparkHome != null && !sparkHome.isEmpty())) {
      return List.of();
    }
    List<File> jars = Arrays.stream(classPath.split(File.pathSeparator))
        .filter(e -> e.endsWith(".jar")).map(File::new).filter(File::isFile).map(File::getAbsoluteFile)
        .filter(j -> !ownJar(j)).toList();
    if (jars.isEmpty()) {
      throw new IllegalArgumentException("master yarn: set SPARK_HOME (a Spark distribution) or spark.yarn.archive;"
          + " this JVM's classpath has no jars to ship");
    }
    return jars;
  }

  /**
   * bimt's own modules (any jar with classes of ours): they reach executors in the application jar,
   * and leaving them out keeps the archive's name stable across rebuilds.
   */
  static boolean ownJar(File jar) {
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jar)) {
      return z.stream().anyMatch(e -> e.getName().startsWith("io/bimtsweep/"));
    } catch (IOException e) {
      return false; // not a readable jar: Spark will say so when it ships it
    }
  }

  /** Names and sizes of the jars (their versions are in their names): a new set gets a new archive. */
  static String key(List<File> jars) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (File j : jars) {
        d.update((j.getName() + "\t" + j.length() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(d.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the archive under a unique name and renames it: a reader never sees half an archive. */
  static void stage(FileSystem fs, Path archive, List<File> jars) throws IOException {
    fs.mkdirs(archive.getParent());
    Path tmp = new Path(archive.getParent(), "." + archive.getName() + "." + UUID.randomUUID());
    try {
      try (OutputStream out = fs.create(tmp, false); ZipOutputStream zip = new ZipOutputStream(out)) {
        zip.setLevel(Deflater.NO_COMPRESSION); // jars are compressed already
        java.util.Set<String> names = new java.util.HashSet<>();
        for (File j : jars) {
          if (!names.add(j.getName())) {
            continue; // the classpath's first copy wins, as it does in the driver
          }
          zip.putNextEntry(new ZipEntry(j.getName()));
          try (InputStream in = Files.newInputStream(j.toPath())) {
            in.transferTo(zip);
          }
          zip.closeEntry();
        }
      }
      if (!fs.rename(tmp, archive) && !fs.exists(archive)) {
        throw new IOException("could not rename " + tmp + " to " + archive);
      }
    } finally {
      fs.delete(tmp, false); // a no-op after the rename; another driver's archive won the race otherwise
    }
  }
}
