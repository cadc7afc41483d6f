package io.bimtsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.io.NetworkJson;
import io.bimtsweep.core.run.TrialSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bimt network: the project's metrics and diagram for one network file, and its errors. */
class NetworkCommandTest {

  @Test
  void printsTheTrueModulesOfATrainedNetworkAndDrawsIt(@TempDir Path dir) throws Exception {
    var o = TrialSetup.train(Presets.config("independence", Map.of()));
    Path json = dir.resolve("network.json");
    Files.writeString(json, NetworkJson.write(o.result().network(), o.problem().geometry(),
        List.of("x1", "x2", "x3", "x4"), List.of("y1", "y2")));
    Path svg = dir.resolve("n.svg");
    CommandsTest.Out out = CommandsTest.run(new NetworkCommand(), json.toString(), "--svg", svg.toString());
    assertEquals(0, out.code(), out.err());
    assertTrue(out.out().contains("x1, x3 -> y1") && out.out().contains("x2, x4 -> y2"), out.out());
    assertTrue(out.out().contains("components 2"), out.out());
    assertTrue(Files.readString(svg).startsWith("<svg"), "an SVG");
  }

  @Test
  void aMissingOrForeignFileIsNamed(@TempDir Path dir) throws Exception {
    CommandsTest.Out missing = CommandsTest.run(new NetworkCommand(), dir.resolve("none.json").toString());
    assertTrue(missing.code() != 0);
    assertTrue(missing.err().contains("no such file"), missing.err());
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"format\": \"something-else\"}");
    CommandsTest.Out foreign = CommandsTest.run(new NetworkCommand(), other.toString());
    assertTrue(foreign.code() != 0);
    assertTrue(foreign.err().contains("bimt-network/1"), foreign.err());
  }
}
