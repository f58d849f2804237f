package dev.fess.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line charts of the report (XChart, rendered headless to PNG). */
public final class Charts {
    /** Colours per arm in {@link ReportAnalysis#ARM_ORDER} order (colour-blind safe Okabe–Ito). */
    static final Color[] COLOURS = {
        new Color(0xD55E00),
        new Color(0x0072B2),
        new Color(0x009E73),
        new Color(0xCC79A7),
        new Color(0xE69F00),
        new Color(0x56B4E9)
    };

    private Charts() {}

    /**
     * One line per series with markers; with {@code errorBars} each point gets ± its SEM (0 when undefined).
     *
     * @return PNG bytes
     */
    public static byte[] lines(
            String title,
            String xTitle,
            String yTitle,
            List<ReportAnalysis.Series> series,
            boolean errorBars,
            int width,
            int height)
            throws IOException {
        ensureHeadless();
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xDDDDDD));
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setAntiAlias(true);
        int i = 0;
        for (ReportAnalysis.Series s : series) {
            int n = s.points().size();
            double[] x = new double[n];
            double[] y = new double[n];
            double[] e = new double[n];
            for (int k = 0; k < n; k++) {
                ReportAnalysis.Point p = s.points().get(k);
                x[k] = p.x();
                y[k] = p.dice().mean();
                e[k] = Double.isNaN(p.dice().sem()) ? 0 : p.dice().sem();
            }
            XYSeries xs = errorBars ? chart.addSeries(s.name(), x, y, e) : chart.addSeries(s.name(), x, y);
            Color c = colour(s.name(), i++);
            xs.setLineColor(c);
            xs.setMarkerColor(c);
            xs.setMarker(SeriesMarkers.CIRCLE);
            xs.setLineStyle(new BasicStroke(2f));
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    static Color colour(String armLabel, int fallback) {
        for (int k = 0; k < ReportAnalysis.ARM_ORDER.size(); k++) {
            if (ReportAnalysis.ARM_ORDER.get(k).label().equals(armLabel)) {
                return COLOURS[k];
            }
        }
        return COLOURS[fallback % COLOURS.length];
    }

    static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
