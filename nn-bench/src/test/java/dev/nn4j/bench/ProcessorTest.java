package dev.nn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The processor line of the benchmark's header, from /proc/cpuinfo. */
class ProcessorTest {

  @Test
  void namesTheModelAndTheWidestVectorInstructions() {
    List<String> xeon = List.of("processor\t: 0", "model name\t: Intel(R) Xeon(R) Processor",
        "flags\t\t: fpu sse2 avx fma avx2 avx512f avx512dq", "model\t\t: 167");
    List<String> zen3 = List.of("model name\t: AMD EPYC 7B13 64-Core Processor", "flags\t\t: fpu sse2 avx fma avx2");

    assertThat(Processor.describe(xeon, 2)).isEqualTo("Intel(R) Xeon(R) Processor, 2 processors, AVX-512");
    assertThat(Processor.describe(zen3, 2)).isEqualTo("AMD EPYC 7B13 64-Core Processor, 2 processors, AVX2");
    assertThat(Processor.describe(List.of(), 1)).isEqualTo("unknown model, 1 processors, no AVX");
  }
}
