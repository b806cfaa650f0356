package dev.nn4j.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Orders in which a backend can sum the {@code k} terms of an element of {@code C = op(A)·op(B)}, told apart by
 * the bits they give. A rate compares two backends fairly only when they do the same sums: {@link #shares} shows,
 * for one computed product, which order it followed.
 */
enum SummationOrder {
  /**
   * One fused multiply-add chain, {@code c = fma(a(i,p), b(p,j), c)} for {@code p} ascending from zero: every
   * nn4j kernel, whatever the thread count ({@code GemmKernel}'s contract), and OpenBLAS's small-matrix kernels
   * for {@code A·B} and {@code Aᵀ·B}. Told apart from the others when {@code k >= 2}.
   */
  ONE_CHAIN("one fma chain", 2) {
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
   * vector. OpenBLAS 0.3.21's small-matrix kernel for a row-major {@code A·Bᵀ} ({@code
   * dgemm_small_kernel_tn_skylakex}, taken when {@code m n <= 1200}, {@code k >= 32} and {@code m n k <= 100³})
   * sums so the elements of its blocks of 4 x 4; the others (past a multiple of 4 in both {@code m} and {@code n})
   * it adds in another tree, and they count as another order. No nn4j kernel sums so: they all give one chain's
   * bits, so that a product's bits do not depend on which kernel ran it. Told apart only when {@code k > 8}, when a
   * chain has more than one term (with one, products added without fma have the same bits): from 9 steps.
   */
  EIGHT_CHAINS("8 fma chains along k", 9) {
    @Override
    double element(Product product, double[] a, double[] b, int i, int j) {
      double[] chains = new double[LANES];
      for (int p = 0; p < product.k(); p++) {
        chains[p % LANES] = Math.fma(a(product, a, i, p), b(product, b, p, j), chains[p % LANES]);
      }
      return ((chains[0] + chains[1]) + (chains[2] + chains[3])) + ((chains[4] + chains[5]) + (chains[6] + chains[7]));
    }
  };

  /** The elements of {@code C} that {@link #shares} recomputes at most. */
  static final int SAMPLE = 1024;

  private static final int LANES = 8;

  private final String description;
  private final int fewestSteps;

  SummationOrder(String description, int fewestSteps) {
    this.description = description;
    this.fewestSteps = fewestSteps;
  }

  /** What the order is, in a few words, for a report. */
  String description() {
    return description;
  }

  /** The name of the field that holds this order's share in a {@link ResultLine}: {@code one_chain}. */
  String field() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Element {@code (i, j)} of {@code product} from {@code a} and {@code b}, summed in this order. */
  abstract double element(Product product, double[] a, double[] b, int i, int j);

  /**
   * The indices into {@code C} ({@code m x n}, row after row) that {@link #shares} checks: at most {@link #SAMPLE},
   * a fixed step apart, the step prime to {@code n}, so that checks follow each other in different columns and meet
   * as many columns as there are checks, up to {@code n} (a step that divided {@code n} would check the same few
   * columns in every row: column 0 alone of a 1024 x 1024 product).
   */
  static int[] sample(int m, int n) {
    int elements = m * n;
    int step = (elements + SAMPLE - 1) / SAMPLE;
    while (step > 1 && gcd(step, n) != 1) {
      step++;
    }
    int[] sample = new int[(elements + step - 1) / step];
    for (int s = 0; s < sample.length; s++) {
      sample[s] = s * step;
    }
    return sample;
  }

  /**
   * For each order that {@code product}'s {@code k} can tell apart, the share of the {@link #sample} of {@code c}
   * whose bits equal that order's sum: 1 when {@code c} was summed in it, below 1 when not (a half or less for
   * random operands and more than a few steps).
   *
   * @param product the product that {@code c} holds
   * @param a {@code A}, stored as {@code product} says
   * @param b {@code B}, stored as {@code product} says
   * @param c {@code C}, {@code m x n}, as a backend computed it from zero
   */
  static Map<SummationOrder, Double> shares(Product product, double[] a, double[] b, double[] c) {
    int[] sample = sample(product.m(), product.n());
    Map<SummationOrder, Double> shares = new EnumMap<>(SummationOrder.class);
    for (SummationOrder order : values()) {
      if (product.k() < order.fewestSteps) {
        continue;
      }
      int same = 0;
      for (int e : sample) {
        double sum = order.element(product, a, b, e / product.n(), e % product.n());
        if (Double.doubleToLongBits(sum) == Double.doubleToLongBits(c[e])) {
          same++;
        }
      }
      shares.put(order, (double) same / sample.length);
    }
    return shares;
  }

  /** The order whose bits the whole sample had, if one had. */
  static Optional<SummationOrder> followed(Map<SummationOrder, Double> shares) {
    return shares.entrySet().stream().filter(e -> e.getValue() == 1.0).map(Map.Entry::getKey).findFirst();
  }

  /**
   * {@link #followed}'s description, or the share of one chain's bits when no order was followed: {@code "one fma
   * chain"}, {@code "other (7 % as one fma chain)"}; {@code "not told apart"} when the steps are too few for any.
   */
  static String describe(Map<SummationOrder, Double> shares) {
    if (shares.isEmpty()) {
      return "not told apart";
    }
    return followed(shares).map(SummationOrder::description)
        .orElseGet(() -> other(List.of(shares.getOrDefault(ONE_CHAIN, 0.0))));
  }

  /** {@code "other (7 % as one fma chain)"}, or {@code "other (4 % to 6 % as one fma chain)"} for several shares. */
  static String other(List<Double> oneChainShares) {
    List<Double> sorted = new ArrayList<>(oneChainShares);
    sorted.sort(null);
    String low = String.format(Locale.ROOT, "%.0f %%", 100 * sorted.get(0));
    String high = String.format(Locale.ROOT, "%.0f %%", 100 * sorted.get(sorted.size() - 1));
    return "other (" + (low.equals(high) ? low : low + " to " + high) + " as " + ONE_CHAIN.description() + ")";
  }

  private static int gcd(int x, int y) {
    return y == 0 ? x : gcd(y, x % y);
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
