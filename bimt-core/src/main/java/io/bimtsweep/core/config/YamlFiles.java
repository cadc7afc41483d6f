package io.bimtsweep.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Safe YAML: Jackson's YAML parser only ever builds plain trees (maps, lists, strings, numbers,
 * booleans); no tags, no object construction. Errors name the file and the position.
 */
public final class YamlFiles {
  private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
      .loaderOptions(loaderOptions()).build());

  private YamlFiles() {}

  private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
    var o = new org.yaml.snakeyaml.LoaderOptions();
    o.setAllowDuplicateKeys(false);
    o.setMaxAliasesForCollections(20);
    o.setCodePointLimit(4 * 1024 * 1024);
    return o;
  }

  /**
   * Jackson's YAML reader would read an alias as its anchor's name (norm: *L1 would become "L1"),
   * so aliases are refused, with the line, before the file is read. Anchors alone are harmless.
   */
  private static void rejectAliases(String text, String source) {
    try {
      for (org.yaml.snakeyaml.events.Event e : new org.yaml.snakeyaml.Yaml(loaderOptions()).parse(
          new java.io.StringReader(text))) {
        if (e instanceof org.yaml.snakeyaml.events.AliasEvent a) {
          int line = e.getStartMark() == null ? -1 : e.getStartMark().getLine() + 1;
          throw new IllegalArgumentException(source + (line > 0 ? ":" + line : "") + ": YAML aliases (*" + a.getAnchor()
              + ") are not supported: write the value out");
        }
      }
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      // malformed: the reader below says where, in its own words
    }
  }

  /** Reads a YAML mapping at the top level into plain Java values (Map, List, String, Number, Boolean). */
  public static Map<String, Object> readMapping(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
    }
    return parseMapping(text, file.toString());
  }

  public static Map<String, Object> parseMapping(String text, String source) {
    rejectAliases(text, source);
    JsonNode node;
    try {
      node = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      int line = loc == null ? -1 : loc.getLineNr();
      String first = e.getOriginalMessage().lines().findFirst().orElse("");
      String where = source + (line > 0 ? ":" + line : "");
      String[] lines = text.split("\n", -1);
      // the scanner stops at the end of the line before a tab-indented one
      for (int l = Math.max(1, line); line > 0 && l <= Math.min(lines.length, line + 1); l++) {
        if (lines[l - 1].matches("^[ ]*\t.*")) {
          throw new IllegalArgumentException(source + ":" + l + ": tabs are not allowed for indentation in YAML (line "
              + l + "): indent with spaces");
        }
      }
      if (first.startsWith("Malformed numeric value")) {
        String key = null;
        if (e instanceof com.fasterxml.jackson.core.exc.StreamReadException sre && sre.getProcessor() != null) {
          try {
            key = sre.getProcessor().currentName();
          } catch (java.io.IOException | RuntimeException ignored) {
            // the message without the key
          }
        }
        throw new IllegalArgumentException(where + ": " + (key == null ? "" : key + ": ")
            + first.replace("Malformed numeric value", "the value")
            + " is not allowed here: settings take finite numbers (no .nan or .inf)");
      }
      throw new IllegalArgumentException(where + ": malformed YAML: " + first);
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new IllegalArgumentException(source + ": the file is empty");
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(source + ": expected a mapping of keys to values at the top level");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = YAML.convertValue(node, LinkedHashMap.class);
    return m;
  }
}
