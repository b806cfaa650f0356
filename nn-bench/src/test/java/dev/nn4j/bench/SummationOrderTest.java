package dev.nn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.JavaBackend;
import dev.nn4j.core.math.NaiveBackend;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which order a computed product was summed in, told by its bits. */
class SummationOrderTest {

  private static double[] gaussians(long size, long seed) {
    Random random = new Random(seed);
    double[] values = new double[(int) size];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian();
    }
    return values;
  }

  private static Map<SummationOrder, Double> sharesOn(ComputeBackend backend, Product product) {
    double[] a = gaussians((long) product.m() * product.k(), 1);
    double[] b = gaussians((long) product.k() * product.n(), 2);
    double[] c = new double[product.m() * product.n()];
    backend.gemm(product.transposeA(), product.transposeB(), product.m(), product.n(), product.k(), a, b, c);
    return SummationOrder.shares(product, a, b, c);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NT:64x10x512", "NN:64x128x10", "TN:10x128x64", "NT:64x128x784", "TT:9x7x40"})
  void everyJavaKernelSumsOneChainOnOneThreadAndTwo(String text) {
    Product product = Product.parse(text);
    for (int threads = 1; threads <= 2; threads++) {
      Map<SummationOrder, Double> shares = sharesOn(JavaBackend.withThreads(threads), product);

      assertThat(shares.get(SummationOrder.ONE_CHAIN)).as("%s on %d thread(s)", text, threads).isEqualTo(1.0);
      assertThat(shares.get(SummationOrder.EIGHT_CHAINS)).as("%s on %d thread(s)", text, threads).isLessThan(0.9);
      assertThat(SummationOrder.describe(shares)).isEqualTo("one fma chain");
    }
  }

  @Test
  void aDotProductInEightLanesIsToldFromOneChain() {
    Product product = Product.parse("NT:64x10x512");
    double[] a = gaussians(64 * 512, 1);
    double[] b = gaussians(10 * 512, 2);
    double[] c = new double[640];
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 10; j++) {
        c[i * 10 + j] = SummationOrder.EIGHT_CHAINS.element(product, a, b, i, j);
      }
    }

    Map<SummationOrder, Double> shares = SummationOrder.shares(product, a, b, c);

    assertThat(shares.get(SummationOrder.EIGHT_CHAINS)).isEqualTo(1.0);
    assertThat(shares.get(SummationOrder.ONE_CHAIN)).isLessThan(0.5);
    assertThat(SummationOrder.describe(shares)).isEqualTo("8 fma chains along k");
  }

  @Test
  void productsAndSumsWithoutFmaAreAnotherOrderWithTheShareOfOneChainsBits() {
    Map<SummationOrder, Double> shares = sharesOn(new NaiveBackend(), Product.parse("NN:64x128x100"));

    assertThat(shares.get(SummationOrder.ONE_CHAIN)).isBetween(0.0, 0.5);
    assertThat(SummationOrder.describe(shares))
        .isEqualTo(String.format(java.util.Locale.ROOT, "other (%.0f %% as one fma chain)", 100 * shares.get(SummationOrder.ONE_CHAIN)));
  }

  @Test
  void aLargeProductIsJudgedOnASampleSpreadOverC() {
    Product product = Product.parse("NN:300x300x3");
    double[] a = gaussians(900, 1);
    double[] b = gaussians(900, 2);
    double[] c = new double[90_000];
    for (int e = 0; e < c.length; e++) {
      c[e] = SummationOrder.ONE_CHAIN.element(product, a, b, e / 300, e % 300);
    }
    // 90,000 elements, every 88th checked (1,023 of them): element 1 is not, element 88 * 5 is.
    c[1] = 42;

    assertThat(SummationOrder.shares(product, a, b, c).get(SummationOrder.ONE_CHAIN)).isEqualTo(1.0);

    c[88 * 5] = 42;

    assertThat(SummationOrder.shares(product, a, b, c).get(SummationOrder.ONE_CHAIN)).isLessThan(1.0);
  }
}
