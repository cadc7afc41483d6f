package io.bimtsweep.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
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
}
