// Writes three recurrent networks and nn4j's predictions for pytorch_reads_recurrent.py, to the current folder:
//   lstm.safetensors  LSTM 5->16, 2 layers, every step, then dense 4 (identity) on each step
//   gru.safetensors   GRU 5->8, bidirectional, last output, then dense 3 softmax
//   rnn.safetensors   RNN (ReLU) 5->6, last output, then dense 2 (identity)
// each with <name>-io.safetensors (inputs [8, 12, 5] and nn4j's outputs), every network trained 3 Adam steps
// first so its weights are not the initial ones. Run from the repository root:
//   java -cp nn-examples/target/nn-examples.jar nn-examples/src/test/python/SaveRecurrent.java
//   /usr/bin/python3 nn-examples/src/test/python/pytorch_reads_recurrent.py
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.Network;
import dev.nn4j.core.NetworkBuilder;
import dev.nn4j.core.Shape;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Tensor;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.optim.Optimizers;
import java.nio.file.Path;
import java.util.*;

public class SaveRecurrent {
  static final int N = 8, T = 12, F = 5;

  public static void main(String[] a) throws Exception {
    save("lstm", b -> b.layer("lstm", LayerConfig.builder().set("hidden_size", 16).set("num_layers", 2).build()).dense(4, "identity"));
    save("gru", b -> b.layer("gru", LayerConfig.builder().set("hidden_size", 8).set("bidirectional", true)
        .set("return_sequences", false).build()).dense(3, "softmax"));
    save("rnn", b -> b.layer("rnn", LayerConfig.builder().set("hidden_size", 6).set("nonlinearity", "relu")
        .set("return_sequences", false).build()).dense(2, "identity"));
  }

  static void save(String name, java.util.function.UnaryOperator<NetworkBuilder> shape) throws Exception {
    Network network = shape.apply(Network.builder().input(Shape.of(T, F)))
        .loss(Losses.mse()).optimizer(Optimizers.adam(1e-2)).seed(7).build();
    Random r = new Random(name.hashCode());
    Matrix x = new Matrix(N, T * F);
    Arrays.setAll(x.data(), i -> 2 * r.nextDouble() - 1);
    Matrix y = new Matrix(N, network.outputSize());
    Arrays.setAll(y.data(), i -> r.nextDouble());
    for (int s = 0; s < 3; s++) network.trainer().step(x, y);
    network.save(Path.of(name + ".safetensors"));
    Map<String, Tensor> io = new LinkedHashMap<>();
    io.put("x", Tensor.of(Shape.of(N, T, F), x.data()));
    io.put("y", Tensor.of(Shape.of(N, network.outputSize()), network.predict(x).data()));
    StateDict.of(io).write(Path.of(name + "-io.safetensors"));
    System.out.println("wrote " + name + ".safetensors: " + network.layers());
  }
}
