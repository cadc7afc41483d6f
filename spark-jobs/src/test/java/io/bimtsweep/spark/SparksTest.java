package io.bimtsweep.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ConcurrentModificationException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SparksTest {
  @Test
  void masterYarnWithoutAClientConfigurationIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sparks.checkYarnClientConfiguration(Map.of("HADOOP_CONF_DIR", ""), false));
    assertTrue(e.getMessage().contains("HADOOP_CONF_DIR"), e.getMessage());
    assertDoesNotThrow(() -> Sparks.checkYarnClientConfiguration(Map.of("HADOOP_CONF_DIR", "/etc/hadoop/conf"), false));
    assertDoesNotThrow(() -> Sparks.checkYarnClientConfiguration(Map.of("YARN_CONF_DIR", "/etc/hadoop/conf"), false));
    assertDoesNotThrow(() -> Sparks.checkYarnClientConfiguration(Map.of(), true), "yarn-site.xml on the classpath is enough");
  }

  /** A start whose first n calls throw failure (wrapped as Spark wraps it), then returns "started". */
  static java.util.function.Supplier<String> failingFirst(int n, RuntimeException failure, AtomicInteger calls) {
    return () -> {
      if (calls.incrementAndGet() <= n) {
        throw failure;
      }
      return "started";
    };
  }

  @Test
  void aRaceInsideSparksStartIsRetriedOnce_andSaysSo() {
    AtomicInteger calls = new AtomicInteger();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    RuntimeException race = new IllegalStateException("SparkContext failed", new ConcurrentModificationException());
    assertEquals("started", Sparks.startRetryingARace(failingFirst(1, race, calls), new PrintStream(log, true)));
    assertEquals(2, calls.get());
    assertTrue(log.toString().contains("race inside Spark or Hadoop (java.util.ConcurrentModificationException)"), log.toString());

    calls.set(0); // a second race in a row is reported, not retried again
    assertSame(race, assertThrows(IllegalStateException.class,
        () -> Sparks.startRetryingARace(failingFirst(2, race, calls), new PrintStream(new ByteArrayOutputStream()))));
    assertEquals(2, calls.get());
  }

  @Test
  void anyOtherFailureToStartIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    RuntimeException refused = new IllegalStateException("cannot connect", new java.net.ConnectException("refused"));
    assertSame(refused, assertThrows(IllegalStateException.class,
        () -> Sparks.startRetryingARace(failingFirst(1, refused, calls), new PrintStream(log, true))));
    assertEquals(1, calls.get());
    assertEquals("", log.toString());
  }
}
