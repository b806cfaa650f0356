package dev.nn4j.core.math;

/**
 * The default backend, pure Java: the products of {@link NaiveBackend} for now. Every output element is
 * summed in ascending order of the inner index, so results do not depend on how the work is split.
 */
public final class JavaBackend implements ComputeBackend {
  private final NaiveBackend loops = new NaiveBackend();

  /** The pure-Java backend. */
  public JavaBackend() {}

  @Override
  public String name() {
    return "java";
  }

  @Override
  public void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c) {
    loops.gemm(transposeA, transposeB, m, n, k, a, b, c);
  }

  /** Registers {@code "java"}, the default. */
  public static final class Provider implements ComputeBackendProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return "java";
    }

    @Override
    public int priority() {
      return 0;
    }

    @Override
    public java.util.Optional<ComputeBackend> create() {
      return java.util.Optional.of(new JavaBackend());
    }
  }
}
