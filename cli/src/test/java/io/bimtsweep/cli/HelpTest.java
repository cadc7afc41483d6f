package io.bimtsweep.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help renders cleanly: no picocli warning, no unformatted %n or stray %. */
class HelpTest {

  static List<CommandLine> everyCommand(CommandLine cl) {
    List<CommandLine> all = new ArrayList<>(List.of(cl));
    cl.getSubcommands().values().forEach(c -> all.addAll(everyCommand(c)));
    return all;
  }

  @Test
  void everyHelpRendersWithoutWarningsOrRawFormatSpecifiers() {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    List<String> names = new ArrayList<>();
    try {
      for (CommandLine c : everyCommand(Main.commandLine())) {
        StringWriter w = new StringWriter();
        c.usage(new PrintWriter(w, true));
        String help = w.toString();
        names.add(c.getCommandName());
        assertTrue(help.startsWith("Usage: bimt"), c.getCommandName() + ": " + help);
        assertFalse(help.contains("%n"), c.getCommandName() + " shows a raw %n:\n" + help);
        assertFalse(help.contains("%%"), c.getCommandName() + " shows an escaped %%:\n" + help);
      }
    } finally {
      System.setErr(oldErr);
    }
    String warnings = err.toString(StandardCharsets.UTF_8);
    assertFalse(warnings.contains("picocli WARN") || warnings.contains("[picocli"), "picocli complained:\n" + warnings);
    assertTrue(names.size() >= 10, "every command was rendered: " + names);
  }

  @Test
  void trainHelpShowsTheScheduleExampleWithItsPercentSigns() {
    StringWriter w = new StringWriter();
    Main.commandLine().getSubcommands().get("train").usage(new PrintWriter(w, true));
    assertTrue(w.toString().contains("\"1e-3, x10@25%, x0.1@75%\""), w.toString());
  }
}
