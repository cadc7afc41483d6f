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
  void theJavaEngineComputesInFloat64OrFloat32AndSaysWhichInItsProvenance() {
    Engine java = Engines.get(JavaEngine.NAME);
    assertEquals(List.of("float64", "float32"), java.dtypes());
    assertSame(java, java.withDtype("float64"));
    Engine f32 = java.withDtype("float32");
    assertEquals(io.bimtsweep.core.train.Dtype.FLOAT32, ((JavaEngine) f32).dtype());
    assertEquals("float32", f32.provenance().get("dtype"));
    assertTrue(f32.provenance().get("kernels").matches("scalar|vector\\d+"), f32.provenance().toString());
    var e = assertThrows(IllegalArgumentException.class, () -> java.withDtype("float16"));
    assertTrue(e.getMessage().contains("unknown dtype 'float16': expected float64 or float32"), e.getMessage());
  }
}
