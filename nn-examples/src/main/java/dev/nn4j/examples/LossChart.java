package dev.nn4j.examples;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.History;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws training curves against the epoch as PNG files with XChart, without a display: a single loss
 * curve, or a whole {@link History} (loss and validation loss on the left, the other metrics such as
 * accuracy on the right).
 */
public final class LossChart {
  /** Width of one chart in pixels. */
  public static final int WIDTH = 800;

  /** Height of the image in pixels. */
  public static final int HEIGHT = 500;

  static {
    // XChart draws with AWT; without this, a machine with no display fails on the first chart.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private LossChart() {}

  /**
   * Writes the curve of {@code lossPerEpoch} (entry {@code i} is the loss after epoch {@code i + 1}, epochs
   * being numbered from 1 as in the History and every message) to {@code file}, replacing it.
   *
   * @param file the PNG file to write
   * @param title the chart's title
   * @param lossPerEpoch the loss after each epoch
   * @return {@code file}
   * @throws IllegalArgumentException if there is no loss value
   * @throws IOException if the file cannot be written
   */
  public static Path save(Path file, String title, List<Double> lossPerEpoch) throws IOException {
    checkNotNull(file, "file");
    checkArgument(!lossPerEpoch.isEmpty(), "Expected at least one loss value to draw, got none");
    XYChart chart = chart(title, "Loss", "0.000", Map.of("loss", lossPerEpoch));
    chart.getStyler().setLegendVisible(false);
    write(BitmapEncoder.getBufferedImage(chart), file);
    return file;
  }

  /**
   * Writes the curves of {@code history} to {@code file}: the losses ({@code loss}, {@code val_loss}) on
   * the left and, if there are any, the other metrics on the right; the learning rate is not drawn.
   *
   * @param file the PNG file to write
   * @param title the charts' title
   * @param history the history of a fit
   * @return {@code file}
   * @throws IllegalArgumentException if the history has no epoch
   * @throws IOException if the file cannot be written
   */
  public static Path save(Path file, String title, History history) throws IOException {
    checkNotNull(file, "file");
    checkArgument(history.epochs() > 0, "Expected at least one epoch to draw, got none");
    Map<String, List<Double>> losses = new LinkedHashMap<>();
    Map<String, List<Double>> metrics = new LinkedHashMap<>();
    for (String name : history.names()) {
      if (!name.equals(History.LEARNING_RATE)) {
        (name.endsWith("loss") ? losses : metrics).put(name, history.get(name));
      }
    }
    BufferedImage left = BitmapEncoder.getBufferedImage(chart(title + ": loss", "Loss", "0.000", losses));
    if (metrics.isEmpty()) {
      write(left, file);
      return file;
    }
    BufferedImage right = BitmapEncoder.getBufferedImage(chart(title + ": metrics", "Value", "0.000", metrics));
    BufferedImage both = new BufferedImage(2 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = both.createGraphics();
    g.drawImage(left, 0, 0, null);
    g.drawImage(right, WIDTH, 0, null);
    g.dispose();
    write(both, file);
    return file;
  }

  private static XYChart chart(String title, String yTitle, String yPattern, Map<String, List<Double>> series) {
    XYChart chart =
        new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("Epoch").yAxisTitle(yTitle).build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    int epochs = series.values().iterator().next().size();
    // XChart puts the ticks of evenly spaced x values on data points, the fewest apart whose labels fit
    // and are distinct (0, 39, 78, ... for 1000 epochs). Labelling only round epochs makes the others
    // blank, hence not distinct, so the ticks land on 0, 100, 200, ... Epochs are numbered from 1: the axis
    // starts at 0 with a point that has no value (XChart draws nothing there), so that its ticks stay round.
    long step = roundStep(epochs);
    chart
        .getStyler()
        .setxAxisTickLabelsFormattingFunction(
            epoch -> Math.round(epoch) % step == 0 ? Long.toString(Math.round(epoch)) : "");
    chart.getStyler().setYAxisDecimalPattern(yPattern);
    double[] x = IntStream.rangeClosed(0, epochs).asDoubleStream().toArray();
    series.forEach(
        (name, values) ->
            chart
                .addSeries(name, x, DoubleStream.concat(DoubleStream.of(Double.NaN), values.stream().mapToDouble(Double::doubleValue)).toArray())
                .setMarker(epochs > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE));
    return chart;
  }

  private static void write(BufferedImage image, Path file) throws IOException {
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("No PNG writer available to write " + file);
    }
  }

  /** The smallest of 1, 2, 5, 10, 20, 50, ... that splits {@code epochs} into at most 10 intervals. */
  static long roundStep(int epochs) {
    for (long power = 1; ; power *= 10) {
      for (long multiple : new long[] {1, 2, 5}) {
        if (multiple * power * 10 >= epochs) {
          return multiple * power;
        }
      }
    }
  }
}
