package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.testing.ForkedJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An invalid {@code -Dnn4j.gemm.kernel} leaves the {@code java} backend out of the automatic choice, with a message
 * that names the setting, and does not stop another backend from being chosen: the java provider's priority depends
 * on the kernel, so it fails with it.
 */
class InvalidKernelSettingTest {

  /** Prints the backend chosen, or the error that choosing it threw. */
  public static final class Choose {
    public static void main(String[] args) {
      try {
        System.out.println("chosen: " + Backends.current().name());
      } catch (RuntimeException | LinkageError e) {
        System.out.println("failed: " + e);
      }
      System.out.println("providers: " + Backends.providers().stream().map(ComputeBackendProvider::name).toList());
    }
  }

  @Test
  void anotherBackendIsStillChosenAndTheWarningNamesTheSetting() throws Exception {
    ForkedJvm.Run run = ForkedJvm.run(List.of("-Dnn4j.gemm.kernel=bogus", "-Dnn4j.backend=naive"), Choose.class);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("chosen: naive")
        .contains("providers: [naive]")
        .contains("Compute backend 'java' is left out: its priority failed: java.lang.IllegalArgumentException")
        .contains("-Dnn4j.gemm.kernel must be one of java, vector or auto, got 'bogus'");
  }
}
