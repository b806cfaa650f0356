package dev.nn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RESULT lines that nn-bench prints and reads back, and what is made of them. */
class ResultLineTest {

  @Test
  void formatsFieldsInOrderAndParsesThemBack() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("kind", "gemm");
    fields.put("backend", "java");
    fields.put("product", "NT:64x128x784");
    fields.put("gflops", 21.5);

    String line = ResultLine.format(fields);

    assertThat(line).isEqualTo("RESULT {\"kind\":\"gemm\",\"backend\":\"java\",\"product\":\"NT:64x128x784\",\"gflops\":21.5}");
    assertThat(ResultLine.parse(line)).contains(Map.of("kind", "gemm", "backend", "java", "product", "NT:64x128x784",
        "gflops", 21.5));
  }

  @Test
  void readsPythonsSpacingAndIntegersAndIgnoresOtherLines() {
    assertThat(ResultLine.parse("RESULT {\"kind\": \"gemm\", \"threads\": 2, \"gflops\": 1e3}"))
        .contains(Map.of("kind", "gemm", "threads", 2.0, "gflops", 1000.0));
    assertThat(ResultLine.parse("12:00:01 INFO RESULT {\"kind\": \"network\"}")).contains(Map.of("kind", "network"));
    assertThat(ResultLine.parse("  numpy NT:64x128x784: 4.294 GFLOP/s")).isEmpty();
    assertThat(ResultLine.parse("RESULT lines follow")).isEmpty();
  }

  @Test
  void aBrokenResultLineIsAnErrorNamingIt() {
    assertThatThrownBy(() -> ResultLine.parse("RESULT {\"kind\": \"gemm\", \"gflops\": "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a flat JSON object after 'RESULT ', got: RESULT {\"kind\": \"gemm\", \"gflops\": ");
    assertThatThrownBy(() -> ResultLine.parse("RESULT {\"kind\": {\"nested\": 1}}"))
        .hasMessage("Expected a flat JSON object of strings and numbers after 'RESULT ', got: RESULT {\"kind\": {\"nested\": 1}}");
  }

  @Test
  void measurementsKeepTheirProcessThreadsAndNameTheirItem() {
    List<Measurement> measurements = Measurement.of(2, List.of(
        "== Products",
        "RESULT {\"kind\":\"gemm\",\"library\":\"nn4j\",\"backend\":\"java\",\"product\":\"NN:4x4x4\",\"gflops\":3.5}",
        "RESULT {\"kind\":\"network\",\"backend\":\"numpy\",\"workload\":\"w2\",\"train_samples_per_s\":100}"));

    assertThat(measurements).extracting(Measurement::threads, Measurement::kind, Measurement::backend, Measurement::item)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "gemm", "java", "NN:4x4x4"),
            org.assertj.core.groups.Tuple.tuple(2, "network", "numpy", "w2"));
    assertThat(measurements.get(0).number("gflops")).contains(3.5);
    assertThat(measurements.get(0).number("library")).isEmpty();
    assertThat(measurements.get(1).text("missing")).isEmpty();
  }
}
