// Writes w4.safetensors (the fashion-cnn network, trained 3 steps) and w4-io.safetensors (inputs and nn4j's
// predictions) to the current folder, for pytorch_reads_fashion_cnn.py. Run from the repository root:
//   java -cp nn-examples/target/nn-examples.jar nn-examples/src/test/python/SaveFashionCnn.java
//   /usr/bin/python3 nn-examples/src/test/python/pytorch_reads_fashion_cnn.py
import dev.nn4j.core.Network;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Tensor;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.examples.classify.FashionCnnExample;
import java.nio.file.Path;
import java.util.*;

public class SaveFashionCnn {
  public static void main(String[] a) throws Exception {
    Network network = FashionCnnExample.network(1e-3, 42);
    Random r = new Random(1);
    Matrix x = new Matrix(8, 784);
    Arrays.setAll(x.data(), i -> r.nextDouble());
    Matrix y = new Matrix(8, 10);
    for (int i = 0; i < 8; i++) y.set(i, i, 1);
    for (int s = 0; s < 3; s++) network.trainer().step(x, y);
    network.save(Path.of("w4.safetensors"));
    Map<String, Tensor> io = new LinkedHashMap<>();
    io.put("x", Tensor.of(Shape.of(8, 1, 28, 28), x.data()));
    io.put("y", Tensor.of(Shape.of(8, 10), network.predict(x).data()));
    StateDict.of(io).write(Path.of("w4-io.safetensors"));
  }
}
