package io.bimtsweep.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.io.NetworkJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's DL4J example runs as written: the README quotes ReadmeExample's marked lines verbatim. */
class ReadmeExampleTest {

  static String marked(String text, String start, String end) {
    int a = text.indexOf(start);
    int b = text.indexOf(end);
    assertTrue(a >= 0 && b > a, "markers " + start + " .. " + end);
    String block = text.substring(text.indexOf('\n', a) + 1, text.lastIndexOf('\n', b) + 1);
    int indent = block.lines().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min()
        .orElse(0);
    return block.lines().map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
        .collect(Collectors.joining("\n"));
  }

  @Test
  void theReadmeQuotesTheExampleThatRunsHere(@TempDir Path dir) throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String source = Files.readString(Path.of("src/test/java/io/bimtsweep/dl4j/ReadmeExample.java"));
    String readme = Files.readString(root.resolve("README.md"));
    String code = marked(source, "// README-EXAMPLE-START", "// README-EXAMPLE-END");
    String quoted = marked(readme, "<!-- dl4j-example: ReadmeExample.java -->", "<!-- /dl4j-example -->");
    assertTrue(quoted.contains(code), "README.md's DL4J example differs from ReadmeExample.java; copy it again:\n" + code);

    Path json = dir.resolve("network.json");
    double mse = ReadmeExample.run(json, 60);
    assertTrue(mse < 0.05, "test MSE " + mse);
    var read = NetworkJson.read(Files.readString(json));
    int[] widths = read.network().architecture().widths();
    assertArrayEquals(new int[] {4, 20, 20, 2}, widths);
  }
}
