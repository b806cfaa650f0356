package dev.nn4j.bench;

import dev.nn4j.core.Layer;
import dev.nn4j.core.Network;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One matrix product {@code C = op(A)·op(B)} of {@code m x n x k}, written as BLAS names its transposes:
 * {@code NT:64x128x784} is {@code A·Bᵀ} with {@code m = 64}, {@code n = 128}, {@code k = 784}. The same text
 * names it to {@code numpy_bench.py}.
 *
 * @param transposeA whether {@code A} is stored transposed ({@code T} first)
 * @param transposeB whether {@code B} is stored transposed ({@code T} second)
 * @param m the rows of {@code C}
 * @param n the columns of {@code C}
 * @param k the inner size
 */
record Product(boolean transposeA, boolean transposeB, int m, int n, int k) {
  Product {
    if (m <= 0 || n <= 0 || k <= 0) {
      throw new IllegalArgumentException("Expected positive sizes, got m=" + m + " n=" + n + " k=" + k);
    }
  }

  /**
   * The product {@code FORM:MxNxK}, such as {@code NT:64x128x784}.
   *
   * @throws IllegalArgumentException naming the text and the form expected
   */
  static Product parse(String text) {
    String[] formAndSizes = text.split(":");
    String[] sizes = formAndSizes.length == 2 ? formAndSizes[1].split("x") : new String[0];
    if (sizes.length != 3 || !formAndSizes[0].matches("[NT]{2}")) {
      throw new IllegalArgumentException("Expected a product as FORM:MxNxK with FORM one of NN, NT, TN, TT, such as"
          + " NT:64x128x784; got '" + text + "'");
    }
    try {
      return new Product(formAndSizes[0].charAt(0) == 'T', formAndSizes[0].charAt(1) == 'T', Integer.parseInt(sizes[0]),
          Integer.parseInt(sizes[1]), Integer.parseInt(sizes[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Expected whole numbers in the product's sizes, got '" + text + "'", e);
    }
  }

  /** The square product {@code size³} in the three forms of training: {@code A·B}, {@code A·Bᵀ}, {@code Aᵀ·B}. */
  static List<Product> cubes(int size) {
    return List.of(new Product(false, false, size, size, size), new Product(false, true, size, size, size),
        new Product(true, false, size, size, size));
  }

  /**
   * The products of a training step of {@code network}'s dense layers on batches of {@code batch}: for a layer
   * {@code in -> out}, the forward product {@code x·Wᵀ} ({@code NT: batch x out x in}), the weight gradient
   * {@code δᵀ·x} ({@code TN: out x in x batch}) and the input gradient {@code δ·W} ({@code NN: batch x in x out}).
   */
  static List<Product> ofTraining(Network network, int batch) {
    List<Product> products = new ArrayList<>();
    for (Layer layer : network.layers()) {
      int in = layer.inputSize();
      int out = layer.outputSize();
      products.add(new Product(false, true, batch, out, in));
      products.add(new Product(true, false, out, in, batch));
      products.add(new Product(false, false, batch, in, out));
    }
    return products;
  }

  /** 1024³ in the three forms, then the training products of W2 and W3 at batch 64, each once. */
  static List<Product> comparedWithNumpy() {
    Set<Product> products = new LinkedHashSet<>(cubes(1024));
    products.addAll(ofTraining(Workloads.fashionMlp(0), Workloads.FASHION_BATCH_SIZE));
    products.addAll(ofTraining(Workloads.wideMlp(0), Workloads.FASHION_BATCH_SIZE));
    return List.copyOf(products);
  }

  /** Floating-point operations: {@code 2·m·n·k}. */
  double flops() {
    return 2.0 * m * n * k;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s%s:%dx%dx%d", transposeA ? "T" : "N", transposeB ? "T" : "N", m, n, k);
  }
}
