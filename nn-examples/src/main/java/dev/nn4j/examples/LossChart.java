package dev.nn4j.examples;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws a loss curve (loss against epoch) as a PNG file with XChart, without a display. */
public final class LossChart {
  /** Width of the image in pixels. */
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
   * Writes the curve of {@code lossPerEpoch} (entry {@code i} is the loss after epoch {@code i}) to
   * {@code file}, replacing it.
   *
   * @return {@code file}
   * @throws IllegalArgumentException if there is no loss value
   * @throws IOException if the file cannot be written
   */
  public static Path save(Path file, String title, List<Double> lossPerEpoch) throws IOException {
    checkNotNull(file, "file");
    checkArgument(!lossPerEpoch.isEmpty(), "Expected at least one loss value to draw, got none");
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("Epoch")
            .yAxisTitle("Loss")
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    // XChart puts the ticks of evenly spaced x values on data points, the fewest apart whose labels fit
    // and are distinct (0, 39, 78, ... for 1000 epochs). Labelling only round epochs makes the others
    // blank, hence not distinct, so the ticks land on 0, 100, 200, ...
    long step = roundStep(lossPerEpoch.size());
    chart
        .getStyler()
        .setxAxisTickLabelsFormattingFunction(
            epoch -> Math.round(epoch) % step == 0 ? Long.toString(Math.round(epoch)) : "");
    chart.getStyler().setYAxisDecimalPattern("0.000");
    double[] epochs = IntStream.range(0, lossPerEpoch.size()).asDoubleStream().toArray();
    double[] loss = lossPerEpoch.stream().mapToDouble(Double::doubleValue).toArray();
    chart.addSeries("loss", epochs, loss).setMarker(SeriesMarkers.NONE);
    try (OutputStream stream = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, stream, BitmapFormat.PNG);
    }
    return file;
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
