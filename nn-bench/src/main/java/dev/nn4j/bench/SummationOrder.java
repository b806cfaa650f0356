package dev.nn4j.bench;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Orders in which a backend can sum the {@code k} terms of an element of {@code C = op(A)·op(B)}, told apart by
 * the bits they give. A rate compares two backends fairly only when they do the same sums: {@link #shares} shows,
 * for one computed product, which order it followed.
 */
enum SummationOrder {
  /**
   * One fused multiply-add chain, {@code c = fma(a(i,p), b(p,j), c)} for {@code p} ascending from zero: every
   * nn4j kernel, whatever the thread count ({@code GemmKernel}'s contract), and OpenBLAS's small-matrix kernels
   * for {@code A·B} and {@code Aᵀ·B}.
   */
  ONE_CHAIN("one fma chain") {
    @Override
    double element(Product product, double[] a, double[] b, int i, int j) {
      double c = 0;
      for (int p = 0; p < product.k(); p++) {
        c = Math.fma(a(product, a, i, p), b(product, b, p, j), c);
      }
      return c;
    }
  },
  /**
   * Eight fma chains along {@code k}, chain {@code l} over the steps {@code p ≡ l (mod 8)} ascending, then
   * added {@code ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7))}: a dot product in the lanes of an AVX-512
   * vector, as OpenBLAS 0.3.21's small-matrix kernel for a row-major {@code A·Bᵀ} ({@code
   * dgemm_small_kernel_tn_skylakex}, taken when {@code m n <= 1200} and {@code k >= 32}) sums. No nn4j kernel
   * sums so: they all give one chain's bits, so that a product's bits do not depend on which kernel ran it.
   */
  EIGHT_CHAINS("8 fma chains along k") {
    @Override
    double element(Product product, double[] a, double[] b, int i, int j) {
      double[] chains = new double[LANES];
      for (int p = 0; p < product.k(); p++) {
        chains[p % LANES] = Math.fma(a(product, a, i, p), b(product, b, p, j), chains[p % LANES]);
      }
      return ((chains[0] + chains[1]) + (chains[2] + chains[3])) + ((chains[4] + chains[5]) + (chains[6] + chains[7]));
    }
  };

  /** The elements of {@code C} that {@link #shares} recomputes at most: spread evenly over it. */
  static final int SAMPLE = 1024;

  private static final int LANES = 8;

  private final String description;

  SummationOrder(String description) {
    this.description = description;
  }

  /** What the order is, in a few words, for a report. */
  String description() {
    return description;
  }

  /** Element {@code (i, j)} of {@code product} from {@code a} and {@code b}, summed in this order. */
  abstract double element(Product product, double[] a, double[] b, int i, int j);

  /**
   * For each order, the share of {@code c}'s elements (at most {@link #SAMPLE}, evenly spaced) whose bits equal
   * that order's sum: 1 when {@code c} was summed in it, usually far below 1 when not.
   *
   * @param product the product that {@code c} holds
   * @param a {@code A}, stored as {@code product} says
   * @param b {@code B}, stored as {@code product} says
   * @param c {@code C}, {@code m x n}, as a backend computed it from zero
   */
  static Map<SummationOrder, Double> shares(Product product, double[] a, double[] b, double[] c) {
    int elements = product.m() * product.n();
    int step = (elements + SAMPLE - 1) / SAMPLE;
    Map<SummationOrder, Double> shares = new EnumMap<>(SummationOrder.class);
    for (SummationOrder order : values()) {
      int same = 0;
      int checked = 0;
      for (int e = 0; e < elements; e += step, checked++) {
        int i = e / product.n();
        int j = e % product.n();
        if (Double.doubleToLongBits(order.element(product, a, b, i, j)) == Double.doubleToLongBits(c[e])) {
          same++;
        }
      }
      shares.put(order, (double) same / checked);
    }
    return shares;
  }

  /**
   * The order whose bits all of the sample had, or the share of one chain's bits when none had: {@code "one fma
   * chain"}, {@code "other (7 % as one fma chain)"}.
   */
  static String describe(Map<SummationOrder, Double> shares) {
    return shares.entrySet().stream().filter(e -> e.getValue() == 1.0).map(e -> e.getKey().description()).findFirst()
        .orElseGet(() -> String.format(Locale.ROOT, "other (%.0f %% as %s)", 100 * shares.getOrDefault(ONE_CHAIN, 0.0),
            ONE_CHAIN.description()));
  }

  /** The name of the field that holds this order's share in a {@link ResultLine}: {@code one_chain}. */
  String field() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code op(A)(i, p)}. */
  private static double a(Product product, double[] a, int i, int p) {
    return product.transposeA() ? a[p * product.m() + i] : a[i * product.k() + p];
  }

  /** {@code op(B)(p, j)}. */
  private static double b(Product product, double[] b, int p, int j) {
    return product.transposeB() ? b[j * product.k() + p] : b[p * product.n() + j];
  }
}
