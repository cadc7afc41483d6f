package io.bimtsweep.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.geometry.DistanceNorm;
import io.bimtsweep.core.geometry.Geometry;
import io.bimtsweep.core.io.NetworkJson;
import io.bimtsweep.core.model.Activation;
import io.bimtsweep.core.model.Architecture;
import io.bimtsweep.core.model.Network;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The connection diagram of an MNIST network: grids drawn as planes, and a page that stays small. */
class NetworkDiagramTest {
  private static final Pattern CIRCLE = Pattern.compile("<circle cx='([^']+)' cy='([^']+)'");

  @Test
  void gridLayersAreDrawnAsPlanesAndOnlyTheStrongestConnections() {
    int[] widths = {784, 100, 100, 10};
    Network net = Network.initialise(new Architecture(widths, Activation.SILU, null), 1);
    String svg = NetworkDiagram.svg(NetworkJson.write(net, Geometry.grids(widths, 2, 0.5, DistanceNorm.L1), null, null),
        360, 300);
    Matcher m = CIRCLE.matcher(svg);
    Set<String> inputRows = new TreeSet<>();
    int circles = 0;
    while (m.find()) {
      if (circles < 784) {
        inputRows.add(m.group(2));
      }
      circles++;
    }
    assertEquals(994, circles, "every neuron drawn");
    assertEquals(28, inputRows.size(), "the 28 rows of pixels sit at 28 heights, not on one line");
    int lines = svg.split("<line ", -1).length - 1;
    assertEquals(NetworkDiagram.MAX_EDGES, lines, "a fresh network has ~90,000 connections above the cut");
    assertTrue(svg.length() < 1_000_000, "the figure stays under a megabyte: " + svg.length());
  }

  @Test
  void lineLayersStayOnALine() {
    int[] widths = {4, 20, 20, 2};
    Network net = Network.initialise(new Architecture(widths, Activation.SILU, null), 1);
    String svg = NetworkDiagram.svg(NetworkJson.write(net, Geometry.lines(widths, 1, 1, 0.1, DistanceNorm.L1), null, null),
        360, 300);
    Matcher m = CIRCLE.matcher(svg);
    Set<String> inputRows = new TreeSet<>();
    for (int i = 0; i < 4 && m.find(); i++) {
      inputRows.add(m.group(2));
    }
    assertEquals(1, inputRows.size());
  }
}
