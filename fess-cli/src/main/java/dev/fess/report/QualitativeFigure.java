package dev.fess.report;

import dev.fess.volume.Volume;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The paper's qualitative figure: one row per test case, columns image, ground truth, then one prediction per arm.
 * Each panel is the axial slice (constant k) with the most ground-truth voxels; the image channel 0 is shown in
 * grey, windowed to its 1st–99th percentile on that slice; the ground truth is outlined in yellow and predictions
 * in the arm's colour (with the ground truth outline thin for reference). Rows are drawn with j increasing upwards.
 */
public final class QualitativeFigure {
    static final int PANEL = 180;
    static final int HEADER = 28;
    static final int ROW_LABEL = 22;
    static final Color GT = new Color(0xF0E442);

    private QualitativeFigure() {}

    /** One row of the figure. */
    public record Row(String caseId, Volume image, Volume label, List<Column> predictions) {}

    /** A prediction column: its title (arm), its mask (null when missing) and a caption (e.g. its Dice). */
    public record Column(String title, Volume mask, String caption, Color colour) {}

    /** The axial slice index with the most nonzero voxels in {@code label}. */
    public static int bestSlice(Volume label) {
        int nx = label.nx();
        int ny = label.ny();
        float[] d = label.data();
        int best = label.nz() / 2;
        long bestCount = -1;
        for (int k = 0; k < label.nz(); k++) {
            long c = 0;
            int off = k * nx * ny;
            for (int v = 0; v < nx * ny; v++) {
                if (d[off + v] != 0) {
                    c++;
                }
            }
            if (c > bestCount) {
                bestCount = c;
                best = k;
            }
        }
        return best;
    }

    /** Renders the rows to a PNG. */
    public static byte[] render(List<Row> rows) throws IOException {
        Charts.ensureHeadless();
        int cols = 2 + rows.stream().mapToInt(r -> r.predictions().size()).max().orElse(0);
        int w = cols * PANEL;
        int h = HEADER + rows.size() * (PANEL + ROW_LABEL);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        if (!rows.isEmpty()) {
            String[] titles = new String[cols];
            titles[0] = "Image";
            titles[1] = "Ground truth";
            for (int c = 0; c < rows.get(0).predictions().size(); c++) {
                titles[2 + c] = rows.get(0).predictions().get(c).title();
            }
            for (int c = 0; c < cols; c++) {
                if (titles[c] != null) {
                    g.drawString(titles[c], c * PANEL + 6, 19);
                }
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int y0 = HEADER + r * (PANEL + ROW_LABEL);
            int k = bestSlice(row.label());
            BufferedImage grey = slice(row.image(), k);
            boolean[] gt = mask(row.label(), k);
            drawPanel(g, grey, null, null, null, 0, y0);
            drawPanel(g, grey, gt, GT, null, PANEL, y0);
            g.setColor(Color.BLACK);
            g.drawString(row.caseId() + "  (slice k = " + k + ")", 4, y0 + PANEL + 15);
            for (int c = 0; c < row.predictions().size(); c++) {
                Column col = row.predictions().get(c);
                int x0 = (2 + c) * PANEL;
                if (col.mask() == null || !sameGrid(col.mask(), row.label())) {
                    drawPanel(g, grey, null, null, null, x0, y0);
                    g.setColor(Color.RED);
                    g.drawString(col.mask() == null ? "no prediction" : "grid differs", x0 + 6, y0 + 16);
                } else {
                    drawPanel(g, grey, mask(col.mask(), k), col.colour(), gt, x0, y0);
                }
                g.setColor(Color.BLACK);
                g.drawString(col.caption(), x0 + 6, y0 + PANEL + 15);
            }
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static boolean sameGrid(Volume a, Volume b) {
        return a.nx() == b.nx() && a.ny() == b.ny() && a.nz() == b.nz();
    }

    private static void drawPanel(
            Graphics2D g, BufferedImage grey, boolean[] outline, Color colour, boolean[] reference, int x0, int y0) {
        int nx = grey.getWidth();
        int ny = grey.getHeight();
        double scale = Math.min((PANEL - 4.0) / nx, (PANEL - 4.0) / ny);
        int dw = (int) Math.round(nx * scale);
        int dh = (int) Math.round(ny * scale);
        int ox = x0 + (PANEL - dw) / 2;
        int oy = y0 + (PANEL - dh) / 2;
        g.setColor(Color.BLACK);
        g.fillRect(x0 + 1, y0 + 1, PANEL - 2, PANEL - 2);
        g.drawImage(grey, ox, oy, dw, dh, null);
        if (reference != null) {
            outline(g, reference, nx, ny, scale, ox, oy, GT, 1f);
        }
        if (outline != null) {
            outline(g, outline, nx, ny, scale, ox, oy, colour, 2f);
        }
    }

    /** Draws the boundary edges between mask and non-mask pixels (pixel (i, j) at row ny−1−j). */
    private static void outline(
            Graphics2D g, boolean[] m, int nx, int ny, double s, int ox, int oy, Color c, float width) {
        g.setColor(c);
        g.setStroke(new BasicStroke(width));
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                if (!m[i + nx * j]) {
                    continue;
                }
                double x = ox + i * s;
                double y = oy + (ny - 1 - j) * s;
                if (i == 0 || !m[i - 1 + nx * j]) {
                    line(g, x, y, x, y + s);
                }
                if (i == nx - 1 || !m[i + 1 + nx * j]) {
                    line(g, x + s, y, x + s, y + s);
                }
                if (j == ny - 1 || !m[i + nx * (j + 1)]) {
                    line(g, x, y, x + s, y);
                }
                if (j == 0 || !m[i + nx * (j - 1)]) {
                    line(g, x, y + s, x + s, y + s);
                }
            }
        }
    }

    private static void line(Graphics2D g, double x1, double y1, double x2, double y2) {
        g.drawLine((int) Math.round(x1), (int) Math.round(y1), (int) Math.round(x2), (int) Math.round(y2));
    }

    private static boolean[] mask(Volume v, int k) {
        int nx = v.nx();
        int ny = v.ny();
        boolean[] m = new boolean[nx * ny];
        float[] d = v.data();
        int off = k * nx * ny;
        for (int p = 0; p < nx * ny; p++) {
            m[p] = d[off + p] != 0;
        }
        return m;
    }

    private static BufferedImage slice(Volume v, int k) {
        int nx = v.nx();
        int ny = v.ny();
        float[] d = v.data();
        int off = k * nx * ny; // channel 0
        float[] s = Arrays.copyOfRange(d, off, off + nx * ny);
        float[] sorted = s.clone();
        Arrays.sort(sorted);
        float lo = sorted[(int) Math.floor(0.01 * (sorted.length - 1))];
        float hi = sorted[(int) Math.ceil(0.99 * (sorted.length - 1))];
        float range = hi > lo ? hi - lo : 1;
        BufferedImage img = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                float t = (s[i + nx * j] - lo) / range;
                int gval = Math.max(0, Math.min(255, Math.round(t * 255)));
                img.setRGB(i, ny - 1 - j, (gval << 16) | (gval << 8) | gval);
            }
        }
        return img;
    }
}
