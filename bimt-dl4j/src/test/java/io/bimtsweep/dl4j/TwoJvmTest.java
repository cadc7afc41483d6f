package io.bimtsweep.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The same seed gives bit-identical networks in two fresh JVMs (and in this one), ND4J on one thread. */
class TwoJvmTest {

  static Process start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        TwoJvmMain.class.getName());
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.redirectErrorStream(true);
    return pb.start();
  }

  static String digestOf(Process p) throws IOException, InterruptedException {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, p.exitValue(), out);
    List<String> digests = new ArrayList<>();
    out.lines().filter(l -> l.startsWith("digest ")).forEach(l -> digests.add(l.substring(7)));
    assertEquals(1, digests.size(), out);
    return digests.get(0);
  }

  @Test
  void sameSeedSameBitsInTwoJvms() throws Exception {
    Process first = start();
    Process second = start(); // side by side, as two executors on one host would be
    String a = digestOf(first);
    String b = digestOf(second);
    assertEquals(a, b);
    assertEquals(a, TwoJvmMain.digest(TwoJvmMain.run()), "this JVM agrees too");
  }
}
