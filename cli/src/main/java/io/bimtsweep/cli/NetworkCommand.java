package io.bimtsweep.cli;

import io.bimtsweep.analysis.report.NetworkDiagram;
import io.bimtsweep.core.cost.Reduction;
import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.io.NetworkJson;
import io.bimtsweep.core.metrics.MetricsCalculator;
import io.bimtsweep.core.metrics.NetworkMetrics;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bimt network}: the project's metrics and connection diagram for one trained network in
 * bimt-network/1 form, wherever it was trained (`bimt train`'s network.json, bimt-dl4j's export).
 */
@Command(name = "network", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Metrics (modularity, modules, sparsity, connection cost) and the connection diagram of one network "
        + "file in bimt-network/1 form: `bimt train`'s network.json, or a DL4J network exported by bimt-dl4j.")
public final class NetworkCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NETWORK_JSON", description = "a bimt-network/1 file")
  Path file;

  @Option(names = "--svg", paramLabel = "FILE", description = "also draw the network to this SVG file")
  Path svg;

  @Option(names = "--reduction", paramLabel = "sum|mean", defaultValue = "sum",
      description = "how the connection cost reduces each layer (default: ${DEFAULT-VALUE})")
  String reduction;

  @Override
  public Integer call() throws Exception {
    String json;
    try {
      json = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file);
    }
    NetworkJson.Read read = NetworkJson.read(json);
    Geometry g = NetworkJson.geometry(json);
    NetworkMetrics m = MetricsCalculator.defaults(0).compute(read.network(), g, Reduction.parse(reduction));
    System.out.printf(Locale.ROOT, "network %s: widths %s, %d parameters%n", file,
        Arrays.toString(read.network().architecture().widths()), read.network().architecture().parameterCount());
    System.out.printf(Locale.ROOT, "modularity_q %.4f (z %.2f), communities %d, components %d%n", m.modularityQ(),
        m.modularityZ(), m.communities(), m.components());
    System.out.printf(Locale.ROOT, "weights above 1e-2 of the largest: %.4f; active neurons %d %s%n",
        m.weightFraction1e2(), m.activeNeurons(), m.activeNeuronsPerLayer());
    System.out.printf(Locale.ROOT, "connection cost %.6g (reference geometry %.6g)%n", m.connectionCost(),
        m.connectionCostRef());
    System.out.println("modules (inputs -> outputs that depend on them):");
    for (var mod : m.modules()) {
      System.out.println("    " + names(mod.inputs(), read.inputNames()) + " -> " + names(mod.outputs(), read.outputNames()));
    }
    if (svg != null) {
      Files.writeString(svg, NetworkDiagram.svg(json, 900, 520));
      System.out.println("wrote " + svg);
    }
    return 0;
  }

  /** 1-based indices as the document's names (or x1.. when it has none). */
  static String names(java.util.List<Integer> oneBased, java.util.List<String> names) {
    java.util.List<String> r = new java.util.ArrayList<>();
    for (int i : oneBased) {
      r.add(names != null && i - 1 < names.size() ? names.get(i - 1) : "#" + i);
    }
    return String.join(", ", r);
  }
}
