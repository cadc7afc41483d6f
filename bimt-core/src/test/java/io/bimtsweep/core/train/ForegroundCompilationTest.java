package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class ForegroundCompilationTest {

  private static String directives() throws Exception {
    return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
        new Object[] {new String[0]}, new String[] {String[].class.getName()}));
  }

  @Test
  void theVectorKernelsLeaveTheJvmWithADirectiveThatCompilesTheExponentialInTheForegroundForC2Only()
      throws Exception {
    Kernels.standard();
    assertEquals("the kernels' exponential in the foreground", Kernels.compilation());
    String printed = directives();
    int at = printed.lastIndexOf("matching: ", printed.indexOf("io/bimtsweep/core/train/VectorKernels.expInto"));
    assertTrue(at >= 0, printed);
    String ours = printed.substring(at);
    String matching = ours.substring(0, ours.indexOf('\n'));
    for (String pattern : List.of("jdk/incubator/vector/*.*", "io/bimtsweep/core/train/VectorKernels.expInto",
        "io/bimtsweep/core/train/VectorKernels.expIntoLong",
        "io/bimtsweep/core/train/VectorFloatKernels.expInto")) {
      assertTrue(matching.contains(pattern), pattern + " in " + matching);
    }
    int c1 = ours.indexOf("c1 directives:");
    int c2 = ours.indexOf("c2 directives:");
    assertTrue(c1 >= 0 && c2 > c1, ours);
    assertTrue(ours.substring(c1, c2).contains("BackgroundCompilation:true"), "C1 stays in the background: " + ours);
    assertTrue(ours.substring(c2).contains("BackgroundCompilation:false"), "C2 in the foreground: " + ours);
  }

  @Test
  void thePropertyLeavesHotSpotsDefault() {
    assertEquals("in the background (-Dbimt.foregroundCompilation=false)", ForegroundCompilation.add(false));
  }
}
