package io.bimtsweep.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README is the contract with users: it must document what the code writes and runs. */
class ReadmeTest {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  static String readme() throws Exception {
    return Files.readString(ROOT.resolve("README.md"));
  }

  @Test
  void everyColumnOfTheSchemaIsDocumented() throws Exception {
    String r = readme();
    for (Column c : TrialRecord.SCHEMA) {
      assertTrue(r.contains("| `" + c.name() + "` |"), "README lacks column " + c.name());
    }
    assertTrue(r.contains("schema version " + TrialRecord.SCHEMA_VERSION));
  }

  @Test
  void everySettingIsNamed() throws Exception {
    String r = readme();
    for (Setting s : Setting.values()) {
      if (!s.key().equals("task")) {
        assertTrue(r.contains(s.key()), "README lacks setting " + s.key());
      }
    }
  }

  @Test
  void ciRunsTheReadmesTestCommand() throws Exception {
    String r = readme();
    int start = r.indexOf("## Two commands");
    String block = r.substring(r.indexOf("```bash", start) + 7, r.indexOf("```", r.indexOf("```bash", start) + 7));
    List<String> commands = block.strip().lines().map(l -> l.replaceAll("#.*", "").strip()).toList();
    assertEquals(2, commands.size(), block);
    assertEquals("./bimt sweep examples/quickstart.yaml", commands.get(0));
    assertTrue(Files.exists(ROOT.resolve("examples/quickstart.yaml")));
    List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertEquals(commands.get(1), ci.get(ci.size() - 1), "the last line of .ci/run is the README's test command");
  }
}
