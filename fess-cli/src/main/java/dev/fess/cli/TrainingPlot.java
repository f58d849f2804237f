package dev.fess.cli;

import dev.fess.run.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** {@code RUN/training.png}: training loss (and its Dice / contrastive parts) and validation Dice per epoch. */
public final class TrainingPlot {
    private TrainingPlot() {}

    public static void write(Path png, List<EpochMetrics> history) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(500).title("training").xAxisTitle("epoch")
                .yAxisTitle("loss / Dice").build();
        List<Integer> epochs = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        List<Double> dice = new ArrayList<>();
        List<Double> con = new ArrayList<>();
        List<Integer> vEpochs = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        for (EpochMetrics m : history) {
            epochs.add(m.epoch());
            loss.add(m.loss());
            dice.add(m.diceLoss());
            con.add(m.contrastiveLoss());
            if (m.validated()) {
                vEpochs.add(m.epoch());
                val.add(m.valDice());
            }
        }
        if (epochs.isEmpty()) {
            return;
        }
        chart.addSeries("loss", epochs, loss).setMarker(SeriesMarkers.NONE);
        chart.addSeries("Dice term", epochs, dice).setMarker(SeriesMarkers.NONE);
        chart.addSeries("contrastive term", epochs, con).setMarker(SeriesMarkers.NONE);
        if (!vEpochs.isEmpty()) {
            chart.addSeries("validation Dice", vEpochs, val).setMarker(SeriesMarkers.CIRCLE);
        }
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp.png");
        BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.move(tmp, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
