package dev.nn4j.core.listeners;

import static dev.nn4j.core.listeners.Scripts.options;
import static dev.nn4j.core.listeners.Scripts.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.Network;
import dev.nn4j.core.ScriptedEpochs;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.math.Matrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One CSV row per epoch, as Keras' {@code CSVLogger}, with the history's names in its order. */
class CsvLoggerTest {
  @TempDir Path folder;

  private static List<Map<String, Double>> rows(double[]... values) {
    List<Map<String, Double>> epochs = new ArrayList<>();
    for (double[] v : values) {
      Map<String, Double> epoch = new LinkedHashMap<>();
      epoch.put("loss", v[0]);
      epoch.put("val_loss", v[1]);
      epoch.put("learning_rate", v[2]);
      epochs.add(epoch);
    }
    return epochs;
  }

  @Test
  void writesAHeaderAndOneRowPerEpoch() throws IOException {
    Path file = folder.resolve("logs/training.csv");
    ScriptedEpochs.run(
        trainer(0.1),
        options(CsvLogger.to(file)),
        rows(new double[] {0.75, 0.5, 0.1}, new double[] {0.25, 1e-5, 0.01}, new double[] {Double.NaN, 2, 0.001}));
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(
            "epoch,loss,val_loss,learning_rate\n"
                + "1,0.75,0.5,0.1\n"
                + "2,0.25,1.0E-5,0.01\n"
                + "3,NaN,2.0,0.001\n");
  }

  @Test
  void eachFinishedEpochIsOnDiskBeforeTheNext() throws IOException {
    Path file = folder.resolve("training.csv");
    List<String> seen = new ArrayList<>();
    ScriptedEpochs.run(
        trainer(0.1),
        options(
            CsvLogger.to(file),
            e -> {
              try {
                seen.add(Files.readString(file));
              } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
              }
            }),
        rows(new double[] {1, 2, 3}, new double[] {4, 5, 6}));
    assertThat(seen)
        .containsExactly(
            "epoch,loss,val_loss,learning_rate\n1,1.0,2.0,3.0\n",
            "epoch,loss,val_loss,learning_rate\n1,1.0,2.0,3.0\n2,4.0,5.0,6.0\n");
  }

  @Test
  void aNewRunStartsTheFileAnewUnlessAppending() throws IOException {
    Path file = folder.resolve("training.csv");
    CsvLogger overwriting = CsvLogger.to(file);
    ScriptedEpochs.run(trainer(0.1), options(overwriting), rows(new double[] {1, 2, 3}));
    ScriptedEpochs.run(trainer(0.1), options(overwriting), rows(new double[] {4, 5, 6}));
    assertThat(Files.readString(file)).isEqualTo("epoch,loss,val_loss,learning_rate\n1,4.0,5.0,6.0\n");

    CsvLogger appending = CsvLogger.appendingTo(file);
    ScriptedEpochs.run(trainer(0.1), options(appending), rows(new double[] {7, 8, 9}, new double[] {10, 11, 12}));
    assertThat(Files.readString(file))
        .isEqualTo("epoch,loss,val_loss,learning_rate\n1,4.0,5.0,6.0\n1,7.0,8.0,9.0\n2,10.0,11.0,12.0\n");
  }

  @Test
  void appendingToAFileOfOtherColumnsIsRefusedBeforeWriting() throws IOException {
    Path file = folder.resolve("other.csv");
    Files.writeString(file, "epoch,loss\n1,0.5\n");
    assertThatThrownBy(
            () -> ScriptedEpochs.run(trainer(0.1), options(CsvLogger.appendingTo(file)), rows(new double[] {1, 2, 3})))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Cannot append to " + file + ": its header is \"epoch,loss\", but this run records"
                + " \"epoch,loss,val_loss,learning_rate\"; write to another file, or use CsvLogger.to(file) to start"
                + " it anew");
    assertThat(Files.readString(file)).isEqualTo("epoch,loss\n1,0.5\n");
  }

  @Test
  void namesThatNeedItAreQuoted() throws IOException {
    Path file = folder.resolve("quoted.csv");
    Map<String, Double> epoch = new LinkedHashMap<>();
    epoch.put("loss", 1.0);
    epoch.put("f1,macro", 0.5);
    epoch.put("say \"hi\"", 0.25);
    ScriptedEpochs.run(trainer(0.1), options(CsvLogger.to(file)), List.of(epoch));
    assertThat(Files.readString(file)).isEqualTo("epoch,loss,\"f1,macro\",\"say \"\"hi\"\"\"\n1,1.0,0.5,0.25\n");
  }

  @Test
  void aRealFitWritesItsHistory() throws IOException {
    Path file = folder.resolve("fit.csv");
    Trainer trainer = trainer(0.5);
    Network network = trainer.network();
    Matrix x = Matrix.of(new double[][] {{-2, -1}, {25, 6}, {17, 4}, {-15, -6}});
    Matrix y = Matrix.of(new double[][] {{1}, {0}, {0}, {1}});
    History history =
        trainer.fit(
            x, y, FitOptions.builder().epochs(3).batchSize(2).validation(x, y).listener(CsvLogger.to(file)).build());
    StringBuilder expected = new StringBuilder("epoch,loss,val_loss,learning_rate\n");
    for (int e = 1; e <= 3; e++) {
      Map<String, Double> values = history.epoch(e);
      expected.append(e).append(',').append(values.get("loss")).append(',').append(values.get("val_loss"))
          .append(",0.5\n");
    }
    assertThat(Files.readString(file)).isEqualTo(expected.toString());
    assertThat(network).isSameAs(trainer.network());
  }
}
