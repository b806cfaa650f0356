package dev.nn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.bench.RowCrossover.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RowCrossover}'s crossover and least-loss threshold, on made-up timings. */
class RowCrossoverTest {

  @Test
  void theCrossoverIsTheSmallestWorkAboveEveryJavaWin() {
    List<Shape> shapes = List.of(
        new Shape(2, 2, 4, 0.01, 0.2),
        new Shape(16, 16, 256, 0.3, 0.2), // OpenBLAS already faster, below the last java win
        new Shape(32, 16, 512, 0.4, 0.5), // the last java win
        new Shape(32, 32, 1024, 0.8, 0.3),
        new Shape(64, 64, 4096, 3.0, 0.6));

    assertThat(RowCrossover.summary("A*B", 1, shapes))
        .contains("BEST THRESHOLD 256 multiply-adds: 1 of 5 shapes on the slower backend")
        .contains("ROW CROSSOVER at 1,024 multiply-adds (java at least as fast up to 512)")
        .contains("OpenBLAS was faster at 1 of the shapes, where java took up to 1.50x its time (1x16x16 0.30 vs 0.20 us)");
  }

  @Test
  void theBestThresholdLosesLeastInAllAndMayBeNone() {
    // Java wins at 256 and, narrowly, at 1,024: the crossover is 2,048, but OpenBLAS from 512 on loses least.
    List<Shape> shapes = List.of(new Shape(16, 16, 256, 0.1, 0.2), new Shape(32, 16, 512, 0.3, 0.2),
        new Shape(32, 32, 1024, 0.4, 0.5), new Shape(64, 32, 2048, 1.6, 0.4));
    assertThat(RowCrossover.bestThreshold(shapes)).isEqualTo("512 multiply-adds: 1 of 4 shapes on the slower backend,"
        + " 1.057x slower in geometric mean over all, at worst 1.25x");
    assertThat(RowCrossover.summary("A^T*B", 1, shapes)).contains("ROW CROSSOVER at 2,048 multiply-adds");

    List<Shape> javaAlways = List.of(new Shape(2, 2, 4, 0.01, 0.2), new Shape(4, 4, 16, 0.02, 0.2));
    assertThat(RowCrossover.bestThreshold(javaAlways))
        .isEqualTo("none multiply-adds: 0 of 2 shapes on the slower backend, 1.000x slower in geometric mean over all,"
            + " at worst 1.00x");
    assertThat(RowCrossover.summary("A*B^T", 2, javaAlways))
        .endsWith("A*B^T m=2: OpenBLAS is not faster at the largest shape measured");
  }
}
