package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequencesTest {
  private static final List<double[][]> THREE =
      List.of(new double[][] {{1, 2}, {3, 4}}, new double[][] {{5, 6}}, new double[][] {{7, 8}, {9, 10}, {11, 12}});

  @Test
  void padsEachSequenceWithZerosToTheMaximumAndKeepsItsLength() {
    DataSet data = Sequences.ofClasses(THREE, new int[] {1, 0, 2}, 3, 4);

    assertThat(data.sampleShape()).containsExactly(4, 2);
    assertThat(data.lengths()).containsExactly(2, 1, 3);
    assertThat(data.features().toArray())
        .isEqualTo(new double[][] {{1, 2, 3, 4, 0, 0, 0, 0}, {5, 6, 0, 0, 0, 0, 0, 0}, {7, 8, 9, 10, 11, 12, 0, 0}});
    assertThat(data.labels().toArray()).isEqualTo(new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}});
  }

  @Test
  void padsTargetsPerStepLikeTheirSequences() {
    List<double[][]> targets = List.of(new double[][] {{1}, {2}}, new double[][] {{3}}, new double[][] {{4}, {5}, {6}});

    DataSet data = Sequences.ofSteps(THREE, targets, 3);

    assertThat(data.labels().toArray()).isEqualTo(new double[][] {{1, 2, 0}, {3, 0, 0}, {4, 5, 6}});
    assertThat(data.lengths()).containsExactly(2, 1, 3);
  }

  @Test
  void tokenSequencesAreSamplesOfIdsWithOneHotTargetsPerStep() {
    DataSet data = Sequences.ofTokenSteps(List.of(new int[] {2, 0}, new int[] {1}), List.of(new int[] {0, 1}, new int[] {2}), 3, 3);

    assertThat(data.sampleShape()).containsExactly(3);
    assertThat(data.features().toArray()).isEqualTo(new double[][] {{2, 0, 0}, {1, 0, 0}});
    assertThat(data.labels().toArray()).isEqualTo(new double[][] {{1, 0, 0, 0, 1, 0, 0, 0, 0}, {0, 0, 1, 0, 0, 0, 0, 0, 0}});
    assertThat(Sequences.ofTokenClasses(List.of(new int[] {2, 0}, new int[] {1}), new int[] {1, 0}, 2, 2).labels().toArray())
        .isEqualTo(new double[][] {{0, 1}, {1, 0}});
  }

  @Test
  void shufflingSplittingAndBatchingKeepEachSamplesLengthWithIt() {
    List<double[][]> sequences = new java.util.ArrayList<>();
    double[][] targets = new double[20][];
    for (int i = 0; i < 20; i++) {
      double[][] s = new double[1 + i % 5][1];
      for (double[] step : s) {
        step[0] = i;
      }
      sequences.add(s);
      targets[i] = new double[] {i};
    }
    DataSet data = Sequences.of(sequences, targets, 5);

    for (DataSet part : List.of(data.shuffled(3), data.split(0.7, 4).train(), data.split(0.7, 4).validation(), data.slice(3, 9))) {
      assertLengthsFollowSamples(part);
    }
    for (DataSet batch : data.shuffled(5).batches(6)) {
      assertLengthsFollowSamples(batch);
    }
    assertThat(data.shuffled(3)).isEqualTo(data.shuffled(3)).isNotEqualTo(data);
  }

  /** Sample i holds its index at every real step, and had 1 + i % 5 steps. */
  private static void assertLengthsFollowSamples(DataSet part) {
    int[] lengths = part.lengths();
    for (int r = 0; r < part.size(); r++) {
      int index = (int) part.labels().get(r, 0);
      assertThat(lengths[r]).isEqualTo(1 + index % 5);
      assertThat(part.features().get(r, 0)).isEqualTo(index);
    }
  }

  @Test
  void withLengthsAttachesLengthsToPaddedDataAndChecksThem() {
    DataSet padded = DataSet.of(new double[][] {{1, 2, 0}, {3, 0, 0}}, new double[][] {{1}, {0}}).withSampleShape(3, 1);

    assertThat(padded.withLengths(2, 1).lengths()).containsExactly(2, 1);
    assertThat(padded.lengths()).isNull();
    assertThatThrownBy(() -> padded.withLengths(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one sequence length per sample, 2, got 1");
    assertThatThrownBy(() -> padded.withLengths(2, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 3]")
        .hasMessageContaining("got 4 for sample 1");
    assertThatThrownBy(() -> padded.withLengths(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0 for sample 0");
  }

  @Test
  void refusesASequenceLongerThanTheMaximumNamingItsIndex() {
    assertThatThrownBy(() -> Sequences.ofClasses(THREE, new int[] {0, 0, 0}, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 2 steps (maxSteps), got 3 steps in sequence 2");
  }

  @Test
  void refusesAnEmptySequenceNamingItsIndex() {
    assertThatThrownBy(() -> Sequences.of(List.of(new double[][] {{1}}, new double[0][]), new double[][] {{1}, {2}}, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty sequence at index 1");
    assertThatThrownBy(() -> Sequences.ofTokenSteps(List.of(new int[0]), List.of(new int[0]), 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty sequence at index 0");
  }

  @Test
  void refusesStepTargetsOfAnotherLengthThanTheirSequence() {
    List<double[][]> targets = List.of(new double[][] {{1}, {2}}, new double[][] {{3}, {4}}, new double[][] {{4}, {5}, {6}});

    assertThatThrownBy(() -> Sequences.ofSteps(THREE, targets, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step targets of sequence 1 to have 1 steps, as the sequence, got 2");
    assertThatThrownBy(() -> Sequences.ofTokenSteps(List.of(new int[] {1, 2}), List.of(new int[] {1}), 3, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step targets of sequence 0 to have 2 steps, as the sequence, got 1");
  }

  @Test
  void refusesStepsOfDifferentWidthsAndMismatchedCounts() {
    assertThatThrownBy(() -> Sequences.of(List.of(new double[][] {{1, 2}}, new double[][] {{1, 2}, {3}}), new double[][] {{1}, {2}}, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("steps of 2 values")
        .hasMessageContaining("got 1 in sequence 1, step 1");
    assertThatThrownBy(() -> Sequences.ofClasses(THREE, new int[] {0, 1}, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 sequences but 2 classes");
  }
}
