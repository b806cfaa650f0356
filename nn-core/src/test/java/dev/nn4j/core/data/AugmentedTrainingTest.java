package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.BatchEnd;
import dev.nn4j.core.EpochEnd;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.Shape;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.TrainingState;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.testing.TestSgd;
import dev.nn4j.core.testing.TestSigmoid;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Augmentation in {@code fit}: applied to training batches only, drawn from the network's seed and the step
 * number, so that a run repeats bit for bit and a resumed run is the unbroken one.
 */
class AugmentedTrainingTest {
  private static final Augmentation CROP_AND_FLIP =
      Augmentation.forImages(1, 4, 4).randomCrop(1).randomHorizontalFlip(0.5);

  private static Network network(Shape input, double learningRate) {
    return Network.builder()
        .input(input)
        .flatten()
        .dense(3, new TestSigmoid())
        .loss(Losses.mse())
        .optimizer(new TestSgd(learningRate))
        .seed(7)
        .build();
  }

  private static Network network() {
    return network(Shape.of(1, 4, 4), 0.5);
  }

  /** Twelve random 1 x 4 x 4 images with random one-hot targets in 3 classes. */
  private static DataSet images() {
    Random random = new Random(3);
    double[][] x = new double[12][16];
    int[] classes = new int[12];
    for (int i = 0; i < 12; i++) {
      for (int j = 0; j < 16; j++) {
        x[i][j] = random.nextDouble();
      }
      classes[i] = random.nextInt(3);
    }
    return DataSet.ofClasses(Matrix.of(x), classes, List.of("a", "b", "c")).withSampleShape(1, 4, 4);
  }

  private static FitOptions.Builder options(int epochs) {
    return FitOptions.builder().epochs(epochs).batchSize(4).augmentation(CROP_AND_FLIP);
  }

  @Test
  void fitWithAugmentationRepeatsBitForBitWithTheSameSeed() {
    Network first = network();
    Network second = network();
    Network plain = network();

    first.fit(images(), options(3).build());
    second.fit(images(), options(3).build());
    plain.fit(images(), FitOptions.builder().epochs(3).batchSize(4).build());

    assertThat(second.stateDict()).isEqualTo(first.stateDict());
    assertThat(plain.stateDict()).isNotEqualTo(first.stateDict());
  }

  /** With a learning rate of 0 the weights stay put, so a batch's loss shows whether its images changed. */
  private static List<Double> batchLosses(FitOptions.Builder options) {
    List<Double> losses = new ArrayList<>();
    network(Shape.of(1, 4, 4), 0.0)
        .fit(
            images(),
            options
                .shuffle(false)
                .listener(
                    new TrainingListener() {
                      @Override
                      public void onBatchEnd(BatchEnd batch) {
                        losses.add(batch.loss());
                      }

                      @Override
                      public void onEpochEnd(EpochEnd epoch) {}
                    })
                .build());
    return losses;
  }

  @Test
  void everyStepDrawsNewCropsAndFlips() {
    List<Double> plain = batchLosses(FitOptions.builder().epochs(2).batchSize(12));
    List<Double> augmented = batchLosses(options(2).batchSize(12));

    assertThat(plain).hasSize(2);
    assertThat(plain.get(1)).isEqualTo(plain.get(0));
    assertThat(augmented.get(1)).isNotEqualTo(augmented.get(0));
    assertThat(augmented.get(0)).isNotEqualTo(plain.get(0));
    assertThat(batchLosses(options(2).batchSize(12))).isEqualTo(augmented);
  }

  @Test
  void theBatchesOfAnAccumulatedStepAreAugmentedDifferently() {
    // Two identical batches in one step: without augmentation their losses are equal.
    DataSet twice = images().head(4);
    DataSet both = DataSet.wrap(
            Matrix.of(concat(twice.features().toArray(), twice.features().toArray())),
            Matrix.of(concat(twice.labels().toArray(), twice.labels().toArray())))
        .withSampleShape(1, 4, 4);
    List<Double> losses = new ArrayList<>();
    network(Shape.of(1, 4, 4), 0.0)
        .fit(
            both,
            options(1)
                .accumulate(2)
                .shuffle(false)
                .listener(
                    new TrainingListener() {
                      @Override
                      public void onBatchEnd(BatchEnd batch) {
                        losses.add(batch.loss());
                      }

                      @Override
                      public void onEpochEnd(EpochEnd epoch) {}
                    })
                .build());

    assertThat(losses).hasSize(2);
    assertThat(losses.get(1)).isNotEqualTo(losses.get(0));
  }

  private static double[][] concat(double[][] a, double[][] b) {
    double[][] out = new double[a.length + b.length][];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void aResumedRunAugmentsAsTheUnbrokenRunDoes() {
    Network unbroken = network();
    Trainer whole = Trainer.of(unbroken, new TestSgd(0.5));
    whole.fit(images(), options(2).build());

    Network before = network();
    Trainer firstHalf = Trainer.of(before, new TestSgd(0.5));
    firstHalf.fit(images(), options(1).build());
    TrainingState state = firstHalf.state();
    Network resumed = network();
    Trainer secondHalf = Trainer.of(resumed, new TestSgd(0.5));
    secondHalf.restore(state);
    secondHalf.fit(images(), options(1).build());

    assertThat(resumed.stateDict()).isEqualTo(unbroken.stateDict());
  }

  @Test
  void validationDataIsNeverAugmented() {
    DataSet validation = images().head(6);
    Network network = network();
    List<Double> measured = new ArrayList<>();
    List<Double> plain = new ArrayList<>();

    network.fit(
        images(),
        options(2)
            .validation(validation)
            .listener(
                epoch -> {
                  measured.add(epoch.metric("val_loss"));
                  plain.add(epoch.network().evaluate(validation, List.of()).get("loss"));
                })
            .build());

    assertThat(measured).hasSize(2).isEqualTo(plain);
  }

  @Test
  void refusesAnAugmentationOfAnotherShapeThanTheInputBeforeTraining() {
    Network network = network();
    StateDict before = network.stateDict();
    FitOptions wrong = FitOptions.builder().augmentation(Augmentation.forImages(1, 2, 8).randomCrop(1)).build();

    assertThatThrownBy(() -> network.fit(images(), wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The augmentation takes images of shape [1, 2, 8] (16 values), but the network's input is"
            + " [1, 4, 4] (16 values): expected an augmentation of the input's shape,"
            + " Augmentation.forImages(channels, height, width)");
    assertThat(network.stateDict()).isEqualTo(before);

    Network flat = Network.builder()
        .input(17)
        .dense(3, new TestSigmoid())
        .loss(Losses.mse())
        .optimizer(new TestSgd(0.5))
        .seed(7)
        .build();
    assertThatThrownBy(() -> flat.fit(new Matrix(4, 17), new Matrix(4, 3), options(1).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the network's input is [17] (17 values)");
  }

  @Test
  void aFlatInputOfTheImagesSizeTakesTheAugmentation() {
    Network flat = network(Shape.of(16), 0.5);
    Network shaped = network();

    flat.fit(images(), options(2).build());
    shaped.fit(images(), options(2).build());

    assertThat(flat.stateDict().get("layers.1.weight")).isEqualTo(shaped.stateDict().get("layers.1.weight"));
  }

  @Test
  void fitOptionsCarryTheAugmentation() {
    FitOptions with = options(1).build();

    assertThat(with.augmentation()).contains(CROP_AND_FLIP);
    assertThat(FitOptions.builder().build().augmentation()).isEmpty();
    assertThat(with).isEqualTo(options(1).build()).isNotEqualTo(FitOptions.builder().epochs(1).batchSize(4).build());
    assertThat(with.toString()).contains("augmentation=Augmentation{imageShape=[1, 4, 4], randomCrop=padding 1");
  }
}
