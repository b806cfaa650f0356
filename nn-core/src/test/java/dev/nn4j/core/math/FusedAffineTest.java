package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The fused affine map and activation gives exactly what the two separate kernels give. */
class FusedAffineTest {
  @Test
  void affineThenMapEqualsAffineFollowedByMapBitForBit() {
    Random random = new Random(8);
    DoubleUnaryOperator tanh = Math::tanh;
    for (int[] shape : new int[][] {{1, 1, 1}, {1, 784, 128}, {64, 784, 128}, {7, 13, 5}, {3, 2, 1}}) {
      Matrix x = random(shape[0], shape[1], random);
      Matrix w = random(shape[2], shape[1], random);
      Matrix b = random(1, shape[2], random);
      Matrix z1 = new Matrix(shape[0], shape[2]);
      Matrix a1 = new Matrix(shape[0], shape[2]);
      Kernels.affine(x, w, b, z1);
      Kernels.map(z1, tanh, a1);
      Matrix z2 = new Matrix(shape[0], shape[2]);
      Matrix a2 = new Matrix(shape[0], shape[2]);
      Kernels.affineThenMap(x, w, b, z2, tanh, a2);
      assertThat(z2).isEqualTo(z1);
      assertThat(a2).isEqualTo(a1);
    }
  }

  @Test
  void aLargeBatchSharedBetweenThreadsGivesTheBitsOfOneLoop() {
    // 1,000 x 200 outputs: the bias and the activation run on the default pool's threads (2 or more cores).
    Random random = new Random(9);
    DoubleUnaryOperator tanh = Math::tanh;
    Matrix x = random(1000, 30, random);
    Matrix w = random(200, 30, random);
    Matrix b = random(1, 200, random);
    Matrix product = new Matrix(1000, 200);
    Kernels.multiplyTransposeB(x, w, product);
    Matrix zExpected = new Matrix(1000, 200);
    Matrix aExpected = new Matrix(1000, 200);
    for (int i = 0; i < product.size(); i++) {
      zExpected.data()[i] = product.data()[i] + b.data()[i % 200];
      aExpected.data()[i] = Math.tanh(zExpected.data()[i]);
    }
    Matrix z = new Matrix(1000, 200);
    Matrix a = new Matrix(1000, 200);
    Kernels.affineThenMap(x, w, b, z, tanh, a);
    assertThat(z).isEqualTo(zExpected);
    assertThat(a).isEqualTo(aExpected);
    Kernels.multiplyTransposeB(x, w, product);
    Kernels.addRowVector(product, b);
    assertThat(product).isEqualTo(zExpected);
  }

  @Test
  void shapesAreChecked() {
    assertThatThrownBy(() -> Kernels.affineThenMap(new Matrix(2, 3), new Matrix(4, 3), new Matrix(1, 5), new Matrix(2, 4), Math::abs, new Matrix(2, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bias of shape [1, 4], got [1, 5]");
    assertThatThrownBy(() -> Kernels.affineThenMap(new Matrix(2, 3), new Matrix(4, 3), new Matrix(1, 4), new Matrix(2, 4), Math::abs, new Matrix(2, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 4]")
        .hasMessageContaining("[2, 5]");
  }

  private static Matrix random(int rows, int cols, Random random) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = random.nextGaussian();
    }
    return m;
  }
}
