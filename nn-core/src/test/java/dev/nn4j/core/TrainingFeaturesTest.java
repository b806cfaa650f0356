package dev.nn4j.core;

import static dev.nn4j.core.TrainingFixtures.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.layers.Dropout;
import dev.nn4j.core.listeners.EarlyStopping;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.ConfusionMatrix;
import dev.nn4j.core.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingFeaturesTest {
  private static final double[][] PEOPLE = {{-2, -1}, {25, 6}, {17, 4}, {-15, -6}};
  private static final double[][] FEMALE = {{1}, {0}, {0}, {1}};

  private static Network tutorialNetwork(long seed) {
    return Network.builder()
        .input(2)
        .dense(2, TrainingFixtures.sigmoid())
        .dense(1, TrainingFixtures.sigmoid())
        .weightInit(Initializers.standardNormal())
        .loss(Losses.mse())
        .optimizer(TrainingFixtures.sgd(0.1))
        .seed(seed)
        .build();
  }

  @Test
  void historyRecordsLossMetricsAndValidationPerEpoch() {
    Network network = tutorialNetwork(3);
    History history =
        network.fit(
            PEOPLE,
            FEMALE,
            FitOptions.builder()
                .epochs(5)
                .batchSize(2)
                .metrics(Metrics.accuracy())
                .validation(Matrix.of(PEOPLE), Matrix.of(FEMALE))
                .build());
    assertThat(history.epochs()).isEqualTo(5);
    assertThat(history.names()).containsExactly("loss", "accuracy", "val_loss", "val_accuracy");
    // After the last epoch, val_loss is exactly the network's loss on the same data.
    assertThat(history.get("val_loss").get(4)).isEqualTo(network.loss(PEOPLE, FEMALE));
    assertThat(history.get("val_accuracy").get(4))
        .isEqualTo(Metrics.accuracy().value(network.predict(Matrix.of(PEOPLE)), Matrix.of(FEMALE)));
    assertThat(history.epoch(1)).containsOnlyKeys("loss", "accuracy", "val_loss", "val_accuracy");
    assertThat(history.epoch(5).get("val_loss")).isEqualTo(history.get("val_loss").get(4));
    assertThatThrownBy(() -> history.epoch(0)).hasMessage("Expected an epoch from 1 to 5 (epochs are counted from 1), got epoch=0");
    assertThatThrownBy(() -> history.get("precision")).hasMessageContaining("val_accuracy");
  }

  @Test
  void listenersSeeEveryBatchAndEpochInOrder() {
    List<String> calls = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onTrainBegin(Trainer trainer, FitOptions options) {
            calls.add("begin");
          }

          @Override
          public void onBatchEnd(BatchEnd batch) {
            calls.add("b" + batch.epoch() + "." + batch.batch() + "/" + batch.batches() + ":" + batch.samples());
          }

          @Override
          public void onEpochEnd(EpochEnd epoch) {
            calls.add("e" + epoch.epoch());
          }

          @Override
          public void onTrainEnd(Trainer trainer, History history) {
            calls.add("end" + history.epochs());
          }
        };
    tutorialNetwork(1).fit(PEOPLE, FEMALE, FitOptions.builder().epochs(2).batchSize(3).listener(listener).build());
    assertThat(calls).containsExactly("begin", "b1.0/2:3", "b1.1/2:1", "e1", "b2.0/2:3", "b2.1/2:1", "e2", "end2");
  }

  @Test
  void earlyStoppingStopsAndRestoresTheBestEpoch() {
    Network network = tutorialNetwork(5);
    // Validation targets are the opposite of the training targets: as training improves, val_loss worsens.
    Matrix flipped = Matrix.of(new double[][] {{0}, {1}, {1}, {0}});
    EarlyStopping stopping = EarlyStopping.onValidationLoss(2);
    List<StateDict> snapshots = new ArrayList<>();
    History history =
        network.fit(
            PEOPLE,
            FEMALE,
            FitOptions.builder()
                .epochs(50)
                .batchSize(1)
                .shuffle(false)
                .validation(Matrix.of(PEOPLE), flipped)
                .listener(e -> snapshots.add(e.network().stateDict()))
                .listener(stopping)
                .build());
    List<Double> valLoss = history.get("val_loss");
    assertThat(valLoss.get(1)).isGreaterThan(valLoss.get(0));
    assertThat(stopping.bestEpoch()).isEqualTo(1);
    assertThat(stopping.stoppedEpoch()).isEqualTo(3);
    assertThat(history.epochs()).isEqualTo(3); // the best epoch, then 2 without improvement (patience 2), as Keras
    assertThat(network.stateDict()).isEqualTo(snapshots.get(0));
    assertThat(network.loss(Matrix.of(PEOPLE), flipped)).isEqualTo(valLoss.get(0));
  }

  @Test
  void divergingTrainingStopsWithTheEpochBatchAndTheWeightsBeforeIt() {
    Network network =
        Network.builder().input(2).dense(3, TrainingFixtures.identity()).dense(1, TrainingFixtures.identity())
            .loss(Losses.mse()).optimizer(TrainingFixtures.sgd(1e3)).seed(1).build();
    List<StateDict> afterEachBatch = new ArrayList<>();
    afterEachBatch.add(network.stateDict());
    TrainingListener recorder =
        new TrainingListener() {
          @Override
          public void onBatchEnd(BatchEnd batch) {
            afterEachBatch.add(network.stateDict());
          }

          @Override
          public void onEpochEnd(EpochEnd epoch) {}
        };
    assertThatThrownBy(
            () -> network.fit(PEOPLE, FEMALE, FitOptions.builder().epochs(100).batchSize(1).shuffle(false).listener(recorder).build()))
        .isInstanceOfSatisfying(
            TrainingDivergedException.class,
            e -> {
              int stepsTaken = afterEachBatch.size() - 1;
              assertThat(e.epoch()).isEqualTo(stepsTaken / 4 + 1);
              assertThat(e.batch()).isEqualTo(stepsTaken % 4);
              assertThat(e.getMessage())
                  .contains("epoch " + e.epoch())
                  .contains("batch " + e.batch())
                  .contains("lower learning rate");
            });
    StateDict last = afterEachBatch.get(afterEachBatch.size() - 1);
    assertThat(network.stateDict()).isEqualTo(last);
    assertThat(last.asMap().values()).allMatch(t -> java.util.Arrays.stream(t.values()).allMatch(Double::isFinite));
  }

  @Test
  void dropoutIsInvertedSeededAndOnlyActiveWhileTraining() {
    Dropout dropout = new Dropout(1000, 0.3);
    Matrix x = gaussian(20, 1000, new Random(1));
    assertThat(dropout.forward(x, Pass.forInference())).isSameAs(x);

    Matrix y = dropout.forward(x, Pass.forTraining(new Random(42)));
    int kept = 0;
    for (int i = 0; i < x.size(); i++) {
      if (y.data()[i] != 0) {
        kept++;
        assertThat(y.data()[i]).isCloseTo(x.data()[i] / 0.7, within(1e-12));
      }
    }
    assertThat((double) kept / x.size()).isCloseTo(0.7, within(0.01));
    Matrix again = dropout.forward(x, Pass.forTraining(new Random(42)));
    assertThat(again).isEqualTo(y);

    // Backward uses the forward pass's mask: dL/dx = dL/dy ⊙ m / (1 − p).
    Pass pass = Pass.forTraining(new Random(9));
    Matrix out = dropout.forward(x, pass).copy();
    Matrix ones = new Matrix(20, 1000);
    ones.fill(1.0);
    Matrix grad = dropout.backward(ones, pass);
    for (int i = 0; i < x.size(); i++) {
      assertThat(grad.data()[i]).isCloseTo(out.data()[i] / x.data()[i], within(1e-9));
    }
  }

  @Test
  void dropoutNetworksTrainReproduciblyAndPredictDeterministically() {
    Network a = dropoutNetwork();
    Network b = dropoutNetwork();
    FitOptions options = FitOptions.builder().epochs(20).batchSize(2).build();
    a.fit(PEOPLE, FEMALE, options);
    b.fit(PEOPLE, FEMALE, options);
    assertThat(a.stateDict()).isEqualTo(b.stateDict());
    assertThat(a.predict(PEOPLE)).isEqualTo(a.predict(PEOPLE));
    assertThat(a.layers().get(1)).isInstanceOf(Dropout.class);
  }

  private static Network dropoutNetwork() {
    return Network.builder().input(2).dense(8, TrainingFixtures.tanh()).dropout(0.5).dense(1, TrainingFixtures.sigmoid())
        .loss(Losses.mse()).optimizer(TrainingFixtures.sgd(0.1)).seed(11).build();
  }

  @Test
  void summaryShowsEachLayerItsOutputShapeAndParameterCount() {
    Network network =
        Network.builder().input(784).dense(128, TrainingFixtures.tanh()).dropout(0.2).dense(10, TrainingFixtures.softmax())
            .loss(Losses.categoricalCrossEntropy()).seed(1).build();
    String summary = network.summary();
    assertThat(summary)
        .contains("layers.0 (dense, tanh)")
        .contains("(None, 128)")
        .contains("Total params: 101,770 (trainable: 101,770, non-trainable: 0)")
        .contains("100,480")
        .contains("layers.1 (dropout)")
        .contains("layers.2 (dense, softmax)")
        .contains("(None, 10)")
        .contains("1,290")
        .contains("categorical_cross_entropy");
    assertThat(network.parameterCount()).isEqualTo(101_770);
  }

  @Test
  void loadStateDictChecksEverythingFirst() {
    Network network = tutorialNetwork(1);
    StateDict values = network.stateDict();
    Map<String, Tensor> wrong = new java.util.LinkedHashMap<>(values.asMap());
    wrong.put("layers.0.bias", Tensor.of(Shape.of(2), 7, 7));
    wrong.put("layers.1.weight", Tensor.of(Shape.of(2, 2), 1, 2, 3, 4));
    assertThatThrownBy(() -> network.loadStateDict(StateDict.of(wrong)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Tensor 'layers.1.weight' has shape [2, 2], but this network's has shape [1, 2]");
    assertThat(network.stateDict()).isEqualTo(values);

    Map<String, Tensor> missing = new java.util.LinkedHashMap<>(values.asMap());
    missing.remove("layers.0.bias");
    assertThatThrownBy(() -> network.loadStateDict(StateDict.of(missing)))
        .hasMessageStartingWith("The state dict lacks [layers.0.bias]");
    Map<String, Tensor> extra = new java.util.LinkedHashMap<>(values.asMap());
    extra.put("layers.0.running_mean", Tensor.of(Shape.of(2), 0, 0));
    assertThatThrownBy(() -> network.loadStateDict(StateDict.of(extra)))
        .hasMessageStartingWith("The state dict has 'layers.0.running_mean', which this network does not have");
    Map<String, Tensor> nan = new java.util.LinkedHashMap<>(values.asMap());
    nan.put("layers.0.bias", Tensor.of(Shape.of(2), 0, Double.NaN));
    assertThatThrownBy(() -> network.loadStateDict(StateDict.of(nan)))
        .hasMessage("Tensor 'layers.0.bias' holds NaN at index 1; expected finite values");
    assertThat(network.stateDict()).isEqualTo(values);
  }

  @Test
  void confusionMatrixCountsAnswers() {
    Matrix predictions = Matrix.of(new double[][] {{0.9, 0.1, 0}, {0.2, 0.7, 0.1}, {0.1, 0.2, 0.7}, {0.6, 0.3, 0.1}});
    Matrix targets = Matrix.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}});
    ConfusionMatrix cm = ConfusionMatrix.of(predictions, targets);
    assertThat(cm.count(0, 0)).isEqualTo(1);
    assertThat(cm.count(1, 1)).isEqualTo(1);
    assertThat(cm.count(1, 2)).isEqualTo(1);
    assertThat(cm.count(2, 0)).isEqualTo(1);
    assertThat(cm.accuracy()).isEqualTo(0.5);
    assertThat(cm.precision(0)).isEqualTo(0.5);
    assertThat(cm.recall(1)).isEqualTo(0.5);
    assertThat(cm.toString()).contains("accuracy 0.5000 over 4 samples");
    assertThat(Metrics.accuracy().value(predictions, targets)).isEqualTo(0.5);
    // One output: classes are the two sides of 0.5.
    assertThat(Metrics.accuracy().value(Matrix.columnVector(0.9, 0.4, 0.6), Matrix.columnVector(1, 1, 0))).isEqualTo(1.0 / 3);
  }

  @Test
  void aNetworkThatPredictedOneSampleCanStillBeCollected() {
    assertThat(dev.nn4j.core.testing.Collected.eventually(predictOnceAndForget()))
        .as("the network, no longer referenced but by this thread's prediction cache")
        .isTrue();
  }

  private static java.lang.ref.WeakReference<Network> predictOnceAndForget() {
    Network network = tutorialNetwork(1);
    network.predict(new double[] {1, 2});
    return new java.lang.ref.WeakReference<>(network);
  }

  @Test
  void oneLayerInstanceAtTwoPositionsIsRejected() {
    dev.nn4j.core.layers.Dense shared = new dev.nn4j.core.layers.Dense(3, 3, TrainingFixtures.tanh());
    assertThatThrownBy(
            () -> Network.builder().input(3).layer(n -> shared).layer(n -> shared).loss(Losses.mse()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Layers 0 and 1 are the same dense instance");
  }

  @Test
  void dropoutAfterAFusedOutputLayerIsRefusedAndTheOutputLayerIsStillChecked() {
    assertThatThrownBy(
            () -> Network.builder().input(2).dense(3, TrainingFixtures.softmax()).dropout(0.2)
                .loss(Losses.categoricalCrossEntropy()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A dropout layer after the softmax output layer would keep categorical_cross_entropy from using its"
            + " stable fused form: put it before the output layer");
    assertThatThrownBy(
            () -> Network.builder().input(2).dense(3, TrainingFixtures.softmax()).dropout(0.2)
                .loss(Losses.binaryCrossEntropy()).build())
        .hasMessageContaining("softmax");
    // With a loss that does not fuse, a trailing dropout is allowed (and is the identity when predicting).
    Network network = Network.builder().input(2).dense(3, TrainingFixtures.tanh()).dropout(0.2).loss(Losses.mse()).seed(1).build();
    assertThat(network.predict(new double[] {1, 2})).hasSize(3);
  }

  @Test
  void evaluateChecksTargetsAsFitDoes() {
    Network network =
        Network.builder().input(2).dense(3, TrainingFixtures.softmax()).loss(Losses.categoricalCrossEntropy()).seed(1).build();
    Matrix x = Matrix.of(new double[][] {{1, 2}, {3, 4}});
    Matrix noClass = Matrix.of(new double[][] {{0, 1, 0}, {0, 0, 0}});
    assertThatThrownBy(() -> network.evaluate(x, noClass, List.of(Metrics.accuracy())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample 1");
  }
}
