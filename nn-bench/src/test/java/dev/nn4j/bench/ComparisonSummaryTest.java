package dev.nn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The medians and ratios that vs-numpy prints, from RESULT lines of several rounds. */
class ComparisonSummaryTest {

  private static Measurement gemm(int threads, String backend, double gflops) {
    return new Measurement(threads, Map.of("kind", "gemm", "backend", backend, "product", "NT:64x128x784", "gflops", gflops));
  }

  private static Measurement w2(int threads, String backend, double train, double single) {
    return new Measurement(threads, Map.of("kind", "network", "backend", backend, "workload", "w2",
        "train_samples_per_s", train, "infer_samples_per_s", 2 * train, "single_sample_ms", single));
  }

  private static Measurement order(int threads, String backend, String product, double oneChain, double eightChains) {
    return new Measurement(threads, Map.of("kind", "order", "backend", backend, "product", product, "one_chain", oneChain,
        "eight_chains", eightChains));
  }

  private static String print(List<Measurement> measurements, int rounds) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new ComparisonSummary(measurements, rounds).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void mediansAreOverRoundsOfOneThreadCount() {
    List<Measurement> m = List.of(gemm(1, "java", 10), gemm(1, "java", 30), gemm(1, "java", 20), gemm(2, "java", 40),
        gemm(2, "java", 50));
    ComparisonSummary summary = new ComparisonSummary(m, 3);

    assertThat(summary.median("gemm", "NT:64x128x784", "java", 1, "gflops")).contains(20.0);
    assertThat(summary.median("gemm", "NT:64x128x784", "java", 2, "gflops")).contains(45.0);
    assertThat(summary.median("gemm", "NT:64x128x784", "numpy", 1, "gflops")).isEmpty();
  }

  @Test
  void printsRatesRatiosAndTheSecondThreadsGainJavaFirstNumpyLast() {
    List<Measurement> m = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      m.addAll(List.of(gemm(1, "openblas", 40), gemm(1, "java", 20), gemm(1, "numpy", 40), gemm(2, "openblas", 80),
          gemm(2, "java", 36), gemm(2, "numpy", 60), w2(1, "java", 50_000, 0.010), w2(1, "numpy", 100_000, 0.020)));
    }

    String text = print(m, 3);

    assertThat(new ComparisonSummary(m, 3).backends()).containsExactly("java", "openblas", "numpy");
    assertThat(text)
        .contains("== vs NumPy: medians of 3 round(s)")
        .containsPattern("GEMM GFLOP/s +threads +java +openblas +numpy +java/numpy +openblas/numpy +java/openblas\n")
        .containsPattern("NT:64x128x784 +1 +20\\.0 +40\\.0 +40\\.0 +0\\.50x +1\\.00x +0\\.50x\n")
        .containsPattern("NT:64x128x784 +2 +36\\.0 +80\\.0 +60\\.0 +0\\.60x +1\\.33x +0\\.45x\n")
        .containsPattern("second thread: rate at 2 / at 1 +java +openblas +numpy\n")
        .containsPattern("NT:64x128x784 +1\\.80x +2\\.00x +1\\.50x\n")
        .containsPattern("W2, float64, batch 64 +threads")
        .containsPattern("training samples/s +1 +50,000 +- +100,000 +0\\.50x +- +-\n")
        // A latency's ratio is NumPy's time over nn4j's: 0.020 / 0.010, twice as fast.
        .containsPattern("one sample, ms \\(ratio: NumPy's / this\\) +1 +0\\.0100 +- +0\\.0200 +2\\.00x");
  }

  @Test
  void withoutNumpyTheRatiosToItAreLeftOut() {
    String text = print(List.of(gemm(1, "java", 20), gemm(1, "openblas", 40)), 1);

    assertThat(text).containsPattern("GEMM GFLOP/s +threads +java +openblas +java/openblas\n")
        .containsPattern("NT:64x128x784 +1 +20\\.0 +40\\.0 +0\\.50x\n")
        .doesNotContain("numpy");
  }

  @Test
  void printsTheOrderEachBackendSummedInWithItsThreadCountsWhereTheyDiffer() {
    List<Measurement> m = new ArrayList<>();
    for (int threads = 1; threads <= 2; threads++) {
      m.addAll(List.of(order(threads, "java", "NT:64x10x512", 1, 0.4), order(threads, "openblas", "NT:64x10x512", 0.07, 1),
          order(threads, "java", "NN:64x128x10", 1, 0.3), order(threads, "openblas", "NN:1024x1024x1024", 0.03 + threads / 100.0, 0.1)));
    }
    m.add(order(1, "openblas", "NN:64x128x10", 1, 0.3));
    m.add(order(2, "openblas", "NN:64x128x10", 0.05, 0.1));

    String text = print(m, 1);

    assertThat(text)
        .contains("summed in: the order whose bits every sampled element of C had")
        .contains("NumPy's BLAS not checked")
        .containsPattern("NT:64x10x512 +java: one fma chain  openblas: 8 fma chains along k\n")
        .containsPattern("NN:64x128x10 +java: one fma chain  openblas: one fma chain with \\[1\\] thread\\(s\\), other \\(5 %"
            + " as one fma chain\\) with \\[2\\] thread\\(s\\)\n")
        .containsPattern("NN:1024x1024x1024 +openblas: other \\(4 % to 5 % as one fma chain\\)\n");
  }
}
