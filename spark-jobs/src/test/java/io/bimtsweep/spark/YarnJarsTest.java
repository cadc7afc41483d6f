package io.bimtsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YarnJarsTest {
  @TempDir Path dir;

  @Test
  void theClasspathJarsGoOnlyWhenNothingElseNamesSparksJars() throws Exception {
    Path a = Files.createFile(dir.resolve("a.jar"));
    Path b = Files.createFile(dir.resolve("b.jar"));
    Path classes = Files.createDirectory(dir.resolve("classes"));
    String cp = String.join(File.pathSeparator, a.toString(), classes.toString(), dir.resolve("missing.jar").toString(), b.toString());
    SparkConf empty = new SparkConf(false);
    assertEquals(List.of(a.toFile(), b.toFile()), YarnJars.jarsToShip(empty, null, cp), "jars only, in classpath order");
    assertEquals(List.of(a.toFile(), b.toFile()), YarnJars.jarsToShip(empty, "", cp), "an empty SPARK_HOME is no SPARK_HOME");
    assertEquals(List.of(), YarnJars.jarsToShip(empty, "/opt/spark", cp), "SPARK_HOME's jars are Spark's choice");
    Path ownJar = dir.resolve("cli-0.1.0-SNAPSHOT.jar");
    try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(ownJar))) {
      z.putNextEntry(new java.util.zip.ZipEntry("io/bimtsweep/cli/Main.class"));
      z.closeEntry();
    }
    assertEquals(List.of(a.toFile()), YarnJars.jarsToShip(empty, null, ownJar + File.pathSeparator + a),
        "bimt's own jars travel in the application jar");
    assertEquals(List.of(), YarnJars.jarsToShip(new SparkConf(false).set("spark.yarn.jars", "hdfs:///j/*"), null, cp));
    assertEquals(List.of(), YarnJars.jarsToShip(new SparkConf(false).set("spark.yarn.archive", "hdfs:///s.zip"), null, cp));
    assertEquals(Optional.empty(), YarnJars.archive(empty, "/opt/spark", cp), "nothing staged when SPARK_HOME decides");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> YarnJars.jarsToShip(empty, null, classes.toString()));
    assertTrue(e.getMessage().contains("SPARK_HOME"), e.getMessage());
  }

  @Test
  void theArchiveHoldsEachJarOnceAtItsRootAndANewJarSetGetsANewName() throws Exception {
    Path a = Files.writeString(dir.resolve("a.jar"), "first a");
    Path b = Files.writeString(dir.resolve("b.jar"), "bee");
    Path other = Files.createDirectory(dir.resolve("other"));
    Path a2 = Files.writeString(other.resolve("a.jar"), "second a, shadowed");
    org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()).getRaw();
    org.apache.hadoop.fs.Path zip = new org.apache.hadoop.fs.Path(dir.resolve("staged/spark-jars.zip").toUri());
    YarnJars.stage(fs, zip, List.of(a.toFile(), b.toFile(), a2.toFile()));
    try (ZipFile z = new ZipFile(dir.resolve("staged/spark-jars.zip").toFile())) {
      assertEquals(List.of("a.jar", "b.jar"), z.stream().map(java.util.zip.ZipEntry::getName).toList());
      assertEquals("first a", new String(z.getInputStream(z.getEntry("a.jar")).readAllBytes()));
      assertEquals("bee", new String(z.getInputStream(z.getEntry("b.jar")).readAllBytes()));
    }
    try (var s = Files.list(dir.resolve("staged"))) {
      assertEquals(List.of("spark-jars.zip"), s.map(p -> p.getFileName().toString()).toList(), "no temporary left");
    }
    String key = YarnJars.key(List.of(a.toFile(), b.toFile()));
    assertEquals(key, YarnJars.key(List.of(a.toFile(), b.toFile())));
    Files.writeString(b, "a longer bee");
    assertTrue(!key.equals(YarnJars.key(List.of(a.toFile(), b.toFile()))), "another size, another archive");
  }
}
