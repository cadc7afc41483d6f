package io.bimtsweep.core.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The registry of engines by name: the Java engine, then any found by ServiceLoader. */
public final class Engines {
  private static final Map<String, Engine> ALL = new LinkedHashMap<>();

  static {
    register(new JavaEngine());
    for (Engine e : ServiceLoader.load(Engine.class)) {
      if (ALL.containsKey(e.name())) {
        throw new IllegalStateException("engine plugin " + e.getClass().getName() + " reuses the name '" + e.name() + "'");
      }
      register(e);
    }
  }

  private Engines() {}

  private static void register(Engine e) {
    ALL.put(e.name(), e);
  }

  /** The engine of this name; an unknown name is an error that lists the known ones. */
  public static Engine get(String name) {
    Engine e = ALL.get(name);
    if (e == null && "dl4j".equals(name)) {
      throw new IllegalArgumentException("engine 'dl4j' needs the bimt-dl4j module on the classpath: the bimt launcher "
          + "adds it by itself when a command names engine dl4j; with spark-submit, submit bimt-sweep-app-dl4j.jar "
          + "(deploy/README.md)");
    }
    if (e == null) {
      throw new IllegalArgumentException("unknown engine '" + name + "' (known engines: " + String.join(", ", ALL.keySet())
          + "; another engine's module must be on the classpath)");
    }
    return e;
  }

  public static Map<String, Engine> all() {
    return Collections.unmodifiableMap(ALL);
  }
}
