package dev.nn4j.bench;

import dev.nn4j.core.math.ComputeBackend;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * GEMM rates where nn4j spends its time: 1024³ in the three forms and every product of a W2 and a W3 training
 * step ({@link Product#comparedWithNumpy()}), on each backend, timed as {@code numpy_bench.py} times NumPy's:
 * untimed products, then 5 rounds of at least 0.05 s, the median round. Under the rates, the order in which each
 * backend summed the product ({@link SummationOrder}), since a rate compares like with like only when the sums are
 * the same. Each rate and order is also printed as a {@link ResultLine}, which {@code vs-numpy} reads.
 */
final class ProductsBench {
  /**
   * Untimed products first: 0.5 s at least, where NumPy takes 0.1, for the JIT. A kernel first called late in the run
   * reached C2 about 0.23 s after its first product, and ran boxed until then (the first narrow shape measured
   * 1.9 GFLOP/s after 0.1 s, against 33 once compiled).
   */
  static final double WARM_UP_SECONDS = 0.5;
  /**
   * Then untimed rounds of this long, until two in a row agree ({@link WarmUp#STEADY}). On two threads, the first
   * product of a new JVM was still compiling after 0.5 s (C2 finished its loops at 1.3 s, its threads taking a core
   * from the product's second thread until then): 1024³ {@code A·B} read 63 to 77 GFLOP/s in this table against
   * 104 to 110 once steady, while {@code A·Bᵀ} and {@code Aᵀ·B}, measured after it, read 107 to 123.
   */
  static final double WARM_UP_ROUND_SECONDS = 0.1;
  /** The warm-up ends after this long whatever the rates. */
  static final double MAX_WARM_UP_SECONDS = 4.0;
  static final double ROUND_SECONDS = 0.05;
  static final int ROUNDS = 5;

  private final BackendSet backends;
  private final Report report;
  private final List<Product> products;

  ProductsBench(BackendSet backends, Report report, List<Product> products) {
    this.backends = backends;
    this.report = report;
    this.products = List.copyOf(products);
  }

  void run() {
    report.title("Products: GEMM rates at 1024^3 and at W2's and W3's layer shapes (batch 64)",
        "FORM:MxNxK, FORM the transposes of A and B as in BLAS; forward x W^T = NT, weight gradient d^T x = TN, input"
            + " gradient d W = NN",
        String.format(Locale.ROOT, "untimed products for %.1f s, then until two rounds of %.1f s agree within %.0f %% (%.0f s at"
            + " most), then %d rounds of at least %.2f s; the median round", WARM_UP_SECONDS, WARM_UP_ROUND_SECONDS,
            WarmUp.STEADY * 100, MAX_WARM_UP_SECONDS, ROUNDS, ROUND_SECONDS));
    for (Product product : products) {
      Random random = new Random(1);
      double[] a = random.doubles((long) product.m() * product.k(), -1, 1).toArray();
      double[] b = random.doubles((long) product.k() * product.n(), -1, 1).toArray();
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-20s", product));
      StringBuilder sums = new StringBuilder(String.format(Locale.ROOT, "%-20s", "  summed in"));
      for (ComputeBackend backend : backends.measured()) {
        double gflops = product.flops() / seconds(backend, product, a, b) / 1e9;
        line.append(String.format(Locale.ROOT, "  %s %8.3f GFLOP/s", backend.name(), gflops));
        Map<String, Object> fields = fields("gemm", backend, product);
        fields.put("gflops", Math.round(gflops * 1000) / 1000.0);
        report.line(ResultLine.format(fields));
        sums.append("  ").append(backend.name()).append(": ").append(summedIn(backend, product, a, b));
      }
      report.line(line.toString());
      report.line(sums.toString());
    }
  }

  /**
   * The order in which {@code backend} sums {@code product} ({@link SummationOrder#describe}), also reported as a
   * {@link ResultLine}.
   */
  private String summedIn(ComputeBackend backend, Product product, double[] a, double[] b) {
    double[] c = new double[product.m() * product.n()];
    multiply(backend, product, a, b, c);
    Map<SummationOrder, Double> shares = SummationOrder.shares(product, a, b, c);
    Map<String, Object> fields = fields("order", backend, product);
    shares.forEach((order, share) -> fields.put(order.field(), share));
    report.line(ResultLine.format(fields));
    return SummationOrder.describe(shares);
  }

  private static Map<String, Object> fields(String kind, ComputeBackend backend, Product product) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("kind", kind);
    fields.put("library", "nn4j");
    fields.put("backend", backend.name());
    fields.put("product", product.toString());
    return fields;
  }

  /** Seconds per product of {@code a} and {@code b}: the median of {@link #ROUNDS} rounds. */
  private static double seconds(ComputeBackend backend, Product product, double[] a, double[] b) {
    double[] c = new double[product.m() * product.n()];
    double rate = WarmUp.untilSteady(
        () -> multiply(backend, product, a, b, c), 1, WARM_UP_SECONDS, WARM_UP_ROUND_SECONDS, MAX_WARM_UP_SECONDS);
    int perRound = 1 + (int) (rate * ROUND_SECONDS);
    double[] rounds = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      long roundStarted = System.nanoTime();
      for (int r = 0; r < perRound; r++) {
        multiply(backend, product, a, b, c);
      }
      rounds[round] = (System.nanoTime() - roundStarted) / 1e9 / perRound;
    }
    Arrays.sort(rounds);
    return rounds[ROUNDS / 2];
  }

  private static void multiply(ComputeBackend backend, Product p, double[] a, double[] b, double[] c) {
    backend.gemm(p.transposeA(), p.transposeB(), p.m(), p.n(), p.k(), a, b, c);
  }
}
