package io.bimtsweep.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.io.NetworkJson;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Attaching BIMT to networks built by hand: a MultiLayerNetwork, a graph, and what is refused. */
class AttachTest {

  static MultiLayerNetwork mlp(Activation hidden) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.DOUBLE)
        .updater(new TorchAdam(1e-2)).l2(1e-4).list()
        .layer(new DenseLayer.Builder().nIn(6).nOut(12).activation(hidden).build())
        .layer(new DenseLayer.Builder().nIn(12).nOut(12).activation(hidden).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(12).nOut(3).activation(Activation.IDENTITY)
            .build())
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  @Test
  void theConfigurationWithBimtSurvivesJsonAndKeepsTheUsersOwnRegularisation() {
    MultiLayerNetwork net = mlp(Activation.SWISH);
    BimtDl4j bimt = BimtDl4j.builder().lambda("1e-3, x10@50%").steps(1000).attach(net);
    var conf = net.getLayerWiseConfigurations();
    var layer = (org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getConf(1).getLayer();
    assertEquals(2, layer.getRegularization().size(), "the user's L2 stays, the connection cost joins it");
    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
    List<Regularization> r = ((org.deeplearning4j.nn.conf.layers.BaseLayer) back.getConf(1).getLayer()).getRegularization();
    assertEquals(bimt.weightTerms().get(1), r.get(1));
    assertEquals(1e-2, bimt.weightTerms().get(1).lambdaAt(600), 1e-18, "the schedule survives");
    assertThrows(IllegalArgumentException.class, () -> BimtDl4j.builder().attach(net), "attached twice");
  }

  @Test
  void aChainGraphGetsTheSameCostAndSwapsAsTheSameNetworkInLayers() {
    MultiLayerNetwork net = mlp(Activation.TANH);
    ComputationGraphConfiguration gc = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.DOUBLE)
        .updater(new TorchAdam(1e-2)).graphBuilder().addInputs("in")
        .addLayer("h1", new DenseLayer.Builder().nIn(6).nOut(12).activation(Activation.TANH).build(), "in")
        .addLayer("h2", new DenseLayer.Builder().nIn(12).nOut(12).activation(Activation.TANH).build(), "h1")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(12).nOut(3)
            .activation(Activation.IDENTITY).build(), "h2")
        .setOutputs("out").build();
    ComputationGraph graph = new ComputationGraph(gc);
    graph.init();
    double[] p = new double[DenseChain.of(net).architecture().parameterCount()];
    DenseChain.of(net).read(p);
    DenseChain.of(graph).write(p);
    BimtDl4j a = BimtDl4j.builder().topK(12).attach(net);
    BimtDl4j b = BimtDl4j.builder().topK(12).attach(graph);
    assertEquals(a.connectionCost(), b.connectionCost(), 0);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 50, 6);
    INDArray before = b.output(x).dup();
    assertEquals(a.swapPass(), b.swapPass());
    assertTrue(b.swaps() > 0);
    assertArrayEquals(a.network().parameters(), b.network().parameters(), 0);
    assertArrayEquals(before.data().asDouble(), b.output(x).dup().data().asDouble(), 1e-12, "a swap keeps outputs");
    var read = NetworkJson.read(b.toJson());
    assertArrayEquals(b.network().parameters(), read.network().parameters(), 0);
    assertArrayEquals(b.network().inputPermutation(), read.network().inputPermutation());
  }

  @Test
  void whatBimtCannotHandleIsRefusedWithTheReason() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> BimtDl4j.builder().attach(mlp(Activation.SIGMOID)));
    assertTrue(e.getMessage().contains("activation"), e.getMessage());
    MultiLayerNetwork uninitialised = new MultiLayerNetwork(mlp(Activation.TANH).getLayerWiseConfigurations());
    e = assertThrows(IllegalArgumentException.class, () -> BimtDl4j.builder().attach(uninitialised));
    assertTrue(e.getMessage().contains("init"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BimtDl4j.builder().steps(0).attach(mlp(Activation.TANH)));
    assertTrue(e.getMessage().contains("steps"), e.getMessage());
  }
}
