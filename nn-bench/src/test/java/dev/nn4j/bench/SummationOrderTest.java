package dev.nn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.JavaBackend;
import dev.nn4j.core.math.NaiveBackend;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
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

  /** The java backend on this JVM's kernels; the two large products are split between the threads. */
  @ParameterizedTest
  @ValueSource(strings = {"NT:64x10x512", "NN:64x128x10", "TN:10x128x64", "NT:64x128x784", "NN:128x256x128", "TT:9x7x40"})
  void theJavaBackendSumsOneChainOnOneThreadAndTwo(String text) {
    Product product = Product.parse(text);
    for (int threads = 1; threads <= 2; threads++) {
      Map<SummationOrder, Double> shares = sharesOn(JavaBackend.withThreads(threads), product);

      assertThat(shares.get(SummationOrder.ONE_CHAIN)).as("%s on %d thread(s)", text, threads).isEqualTo(1.0);
      assertThat(shares.get(SummationOrder.EIGHT_CHAINS)).as("%s on %d thread(s)", text, threads).isLessThan(0.9);
      assertThat(SummationOrder.describe(shares)).isEqualTo("one fma chain");
    }
  }

  @Test
  void eightChainsAreAddedInPairsOfNeighbours() {
    // Chain l holds term l alone (the other eight terms are zero): the tree ((t0+t1)+(t2+t3))+((t4+t5)+(t6+t7))
    // gives 0, one chain 1, and _mm512_reduce_add_pd's tree ((t0+t4)+(t2+t6))+((t1+t5)+(t3+t7)) would give 2.
    Product product = Product.parse("NT:1x1x16");
    double[] a = {1e16, 1, -1e16, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    double[] b = new double[16];
    Arrays.fill(b, 1);

    assertThat(SummationOrder.EIGHT_CHAINS.element(product, a, b, 0, 0)).isEqualTo(0.0);
    assertThat(SummationOrder.ONE_CHAIN.element(product, a, b, 0, 0)).isEqualTo(1.0);
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
  void productsAddedWithoutFmaAreAnotherOrderWithTheShareOfOneChainsBits() {
    Map<SummationOrder, Double> shares = sharesOn(new NaiveBackend(), Product.parse("NN:64x128x100"));

    assertThat(shares.get(SummationOrder.ONE_CHAIN)).isBetween(0.0, 0.5);
    assertThat(shares.get(SummationOrder.EIGHT_CHAINS)).isBetween(0.0, 0.5);
    assertThat(SummationOrder.describe(shares)).matches("other \\(\\d{1,2} % as one fma chain\\)");
  }

  @Test
  void eightChainsAreNotToldApartWithEightStepsOrFewerNorAnyOrderWithOne() {
    // With one term a chain, products added without fma have the 8 chains' bits: only one chain is told apart.
    Map<SummationOrder, Double> shares = sharesOn(new NaiveBackend(), Product.parse("NN:16x16x3"));

    assertThat(shares).containsOnlyKeys(SummationOrder.ONE_CHAIN);
    assertThat(SummationOrder.describe(shares)).startsWith("other (");
    assertThat(SummationOrder.describe(sharesOn(new NaiveBackend(), Product.parse("NN:16x16x1"))))
        .isEqualTo("not told apart");
  }

  @Test
  void theSampleMeetsEveryRowAndColumnOfAWideProductAndIsAtMostSampleLong() {
    int[] sample = SummationOrder.sample(1024, 1024);
    Set<Integer> rows = Arrays.stream(sample).mapToObj(e -> e / 1024).collect(Collectors.toSet());
    Set<Integer> columns = Arrays.stream(sample).mapToObj(e -> e % 1024).collect(Collectors.toSet());

    assertThat(sample.length).isBetween(SummationOrder.SAMPLE - 2, SummationOrder.SAMPLE);
    assertThat(columns).hasSize(sample.length);
    assertThat(rows).hasSize(sample.length);
    assertThat(SummationOrder.sample(64, 10)).hasSize(640).startsWith(0, 1, 2).endsWith(639);
  }

  @Test
  void anElementOfTheLastColumnCountsInALargeProduct() {
    Product product = Product.parse("NN:1024x1024x2");
    double[] a = gaussians(2048, 1);
    double[] b = gaussians(2048, 2);
    double[] c = new double[1024 * 1024];
    for (int e = 0; e < c.length; e++) {
      c[e] = SummationOrder.ONE_CHAIN.element(product, a, b, e / 1024, e % 1024);
    }

    assertThat(SummationOrder.shares(product, a, b, c).get(SummationOrder.ONE_CHAIN)).isEqualTo(1.0);

    int lastColumn = Arrays.stream(SummationOrder.sample(1024, 1024)).filter(e -> e % 1024 == 1023).findFirst().orElseThrow();
    c[lastColumn] = 42;

    assertThat(SummationOrder.shares(product, a, b, c).get(SummationOrder.ONE_CHAIN)).isLessThan(1.0);
  }

  @Test
  void otherGivesTheRangeOfShares() {
    assertThat(SummationOrder.other(List.of(0.07))).isEqualTo("other (7 % as one fma chain)");
    assertThat(SummationOrder.other(List.of(0.06, 0.04, 0.05))).isEqualTo("other (4 % to 6 % as one fma chain)");
  }
}
