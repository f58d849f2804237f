package dev.fess.cli;

import dev.fess.run.EpochMetrics;
import dev.fess.run.GradientNorms;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code RUN/training.png}: on top the training loss (and its Dice / contrastive parts) and validation Dice per
 * epoch, collapse epochs marked; below the gradient norms per epoch on a log scale (total before clipping, and each
 * weighted term's norm at the shared features and over the parameters, see {@link GradientNorms}).
 */
public final class TrainingPlot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 450;

    private TrainingPlot() {}

    /**
     * Writes the loss curves (top) and the gradient norms of the weighted terms (bottom, log scale) of
     * {@code history} to a PNG; nothing when the history is empty.
     */
    public static void write(Path png, List<EpochMetrics> history) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (history.isEmpty()) {
            return;
        }
        BufferedImage image = new BufferedImage(WIDTH, 2 * HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        lossChart(history).paint(g, WIDTH, HEIGHT);
        g.translate(0, HEIGHT);
        gradientChart(history).paint(g, WIDTH, HEIGHT);
        g.dispose();
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp.png");
        ImageIO.write(image, "png", tmp.toFile());
        Files.move(tmp, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** An empty chart of one panel, epochs on the x axis. */
    private static XYChart chart(String title, String yAxis) {
        return new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle(yAxis)
                .build();
    }

    private static XYChart lossChart(List<EpochMetrics> history) {
        XYChart chart = chart("training", "loss / Dice");
        List<Integer> epochs = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        List<Double> dice = new ArrayList<>();
        List<Double> con = new ArrayList<>();
        List<Integer> vEpochs = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        List<Integer> cEpochs = new ArrayList<>();
        List<Double> collapsed = new ArrayList<>();
        for (EpochMetrics m : history) {
            epochs.add(m.epoch());
            loss.add(m.loss());
            dice.add(m.diceLoss());
            con.add(m.contrastiveLoss());
            if (m.validated()) {
                vEpochs.add(m.epoch());
                val.add(m.valDice());
                if (m.collapse()) {
                    cEpochs.add(m.epoch());
                    collapsed.add(m.valDice());
                }
            }
        }
        chart.addSeries("loss", epochs, loss).setMarker(SeriesMarkers.NONE);
        chart.addSeries("Dice term", epochs, dice).setMarker(SeriesMarkers.NONE);
        chart.addSeries("contrastive term", epochs, con).setMarker(SeriesMarkers.NONE);
        if (!vEpochs.isEmpty()) {
            chart.addSeries("validation Dice", vEpochs, val).setMarker(SeriesMarkers.CIRCLE);
        }
        if (!cEpochs.isEmpty()) {
            chart.addSeries("collapse warning", cEpochs, collapsed)
                    .setMarker(SeriesMarkers.CROSS)
                    .setLineStyle(SeriesLines.NONE);
        }
        return chart;
    }

    private static XYChart gradientChart(List<EpochMetrics> history) {
        XYChart chart = chart("gradient norms (weighted terms)", "L2 norm");
        chart.getStyler().setYAxisLogarithmic(true);
        String[] names = {
            "total, before clipping (mean)",
            "total, before clipping (max)",
            "Dice at the features",
            "contrastive at the features",
            "Dice over the parameters",
            "contrastive over the parameters"
        };
        boolean any = false;
        for (int s = 0; s < names.length; s++) {
            List<Integer> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (EpochMetrics m : history) {
                double v = m.gradients().values()[s];
                if (Double.isFinite(v) && v > 0) {
                    x.add(m.epoch());
                    y.add(v);
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(names[s], x, y).setMarker(SeriesMarkers.NONE);
                any = true;
            }
        }
        if (!any) {
            chart.getStyler().setYAxisLogarithmic(false);
            chart.addSeries("no gradient measured", List.of(0), List.of(0.0)).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }
}
