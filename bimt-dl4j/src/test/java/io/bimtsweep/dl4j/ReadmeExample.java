package io.bimtsweep.dl4j;

import io.bimtsweep.core.geometry.DistanceNorm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The README's DL4J example, compiled and run by ReadmeExampleTest; the README quotes the marked part verbatim. */
public final class ReadmeExample {
  private ReadmeExample() {}

  /** A user's own data: y1 = x1 * x3, y2 = x2 + x4, in batches of 50. */
  static DataSetIterator data(int n, long seed) {
    Random r = new Random(seed);
    List<DataSet> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      double[] y = {x[0] * x[2], x[1] + x[3]};
      rows.add(new DataSet(Nd4j.createFromArray(new double[][] {x}), Nd4j.createFromArray(new double[][] {y})));
    }
    return new ListDataSetIterator<>(rows, 50);
  }

  /** Trains and returns the test MSE; writes the network to {@code networkJson}. */
  public static double run(Path networkJson, int epochs) throws Exception {
    DataSetIterator train = data(1000, 1);
    DataSetIterator test = data(200, 2);
    // README-EXAMPLE-START
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(1).dataType(DataType.DOUBLE).updater(new TorchAdam(2e-3)).list()
        .layer(new DenseLayer.Builder().nIn(4).nOut(20).activation(Activation.SWISH).build())
        .layer(new DenseLayer.Builder().nIn(20).nOut(20).activation(Activation.SWISH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(20).nOut(2)
            .activation(Activation.IDENTITY).build())
        .build());
    net.init();
    BimtDl4j bimt = BimtDl4j.builder()                 // the symbolic presets' settings
        .lambda("1e-3, x10@25%, x0.1@75%").steps(20 * epochs)   // steps: 20 batches per epoch
        .layoutWidth(1).layerDistance(0.1).norm(DistanceNorm.L1).biasPenaltyFrom(0.75)
        .swapInterval(200).topK(5)
        .attach(net);                                  // the cost on every layer, the swap listener
    net.fit(bimt.wrap(train), epochs);                 // wrap: batches follow the swapped inputs/outputs
    INDArray predicted = bimt.output(test.next(200).getFeatures());  // columns in the data's order
    Files.writeString(networkJson, bimt.toJson());     // bimt-network/1, for `bimt network`
    // README-EXAMPLE-END
    test.reset();
    INDArray truth = test.next(200).getLabels();
    System.out.printf("swaps %d, cost %.4f%n", bimt.swaps(), bimt.connectionCost());
    return predicted.squaredDistance(truth) / truth.length();
  }

  public static void main(String[] args) throws Exception {
    System.out.printf("test MSE %.5f%n", run(Path.of(args.length > 0 ? args[0] : "network.json"),
        args.length > 1 ? Integer.parseInt(args[1]) : 400));
  }
}
