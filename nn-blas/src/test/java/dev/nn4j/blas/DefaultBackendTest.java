package dev.nn4j.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nn4j.core.math.Backends;
import dev.nn4j.core.math.JavaBackend;
import org.junit.jupiter.api.Test;

/**
 * Which backend nn4j takes by itself with {@code nn-blas} on the class path: OpenBLAS over the plain-Java kernels,
 * but not over the Vector API kernels on vectors of eight doubles (AVX-512), which train nn4j's networks faster. Runs
 * without and with {@code --add-modules jdk.incubator.vector} (the surefire executions of this module).
 */
class DefaultBackendTest {

  @Test
  void openBlasOverThePlainJavaKernelsJavaWithTheVectorApiOnesOnAvx512() {
    assumeTrue(new OpenBlasProvider().create().isPresent(), "OpenBLAS cannot run here: " + OpenBlasProvider.status());
    assumeTrue(System.getProperty(Backends.PROPERTY) == null, "a backend is named with -D" + Backends.PROPERTY);
    // Each execution says whether it meant to start the JVM with the module, so neither tests the other's case.
    boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    String meant = System.getProperty("nn4j.test.vectorApi", "disabled");
    assertThat(module).as("jdk.incubator.vector in this run, meant to be %s", meant).isEqualTo(meant.equals("enabled"));
    // The kernel's name gives the width of its vectors: at least 512 bits (eight doubles) with AVX-512.
    String kernel = new JavaBackend().kernelName();
    int bits = kernel.startsWith("vector-api-") ? Integer.parseInt(kernel.replaceAll("^vector-api-(\\d+)bit.*", "$1")) : 0;

    assertThat(Backends.current().name()).as("kernel %s", kernel).isEqualTo(bits >= 512 ? "java" : "openblas");
  }
}
