package io.bimtsweep.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine registry as the core alone sees it (no bimt-dl4j on this classpath). */
class EnginesTest {

  @Test
  void anEngineWhoseModuleIsMissingIsNamedWithWhereToGetIt() {
    var e = assertThrows(IllegalArgumentException.class, () -> Engines.get("dl4j"));
    assertTrue(e.getMessage().contains("bimt-dl4j") && e.getMessage().contains("bimt-sweep-app-dl4j.jar"), e.getMessage());
    var other = assertThrows(IllegalArgumentException.class, () -> Engines.get("torch"));
    assertTrue(other.getMessage().contains("known engines: java"), other.getMessage());
  }

  @Test
  void theJavaEngineComputesInFloat64Only() {
    Engine java = Engines.get(JavaEngine.NAME);
    assertEquals(List.of("float64"), java.dtypes());
    assertSame(java, java.withDtype("float64"));
    var e = assertThrows(IllegalArgumentException.class, () -> java.withDtype("float32"));
    assertTrue(e.getMessage().contains("float64, not float32"), e.getMessage());
  }
}
