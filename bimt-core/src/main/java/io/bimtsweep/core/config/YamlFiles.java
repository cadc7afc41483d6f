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
    JsonNode node;
    try {
      node = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new IllegalArgumentException(source + (loc == null ? "" : ":" + loc.getLineNr())
          + ": malformed YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
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
