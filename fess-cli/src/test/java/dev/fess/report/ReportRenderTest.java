package dev.fess.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.nifti.Nifti;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders report.html in headless Chromium: the page must not be blank and every image must be an inlined PNG
 * that decodes. Installs Debian's {@code chromium} when missing and running as root with apt; otherwise skipped.
 */
class ReportRenderTest {
    @TempDir
    static Path dir;

    static String chromium;

    @BeforeAll
    static void setUp() throws Exception {
        chromium = findOrInstallChromium();
        SyntheticExperiment.build(dir);
        ReportWriter.write(dir, new ReportWriter.Options("render test", "0.0-test", 3, Nifti::readVolume));
    }

    private static String findOrInstallChromium() throws Exception {
        for (String name : List.of("chromium", "chromium-browser")) {
            String p = which(name);
            if (p != null) {
                return p;
            }
        }
        String uid = run(List.of("id", "-u"), 10).strip();
        if (!uid.equals("0") || which("apt-get") == null) {
            Assumptions.abort("Chromium not available: not installed, and cannot install it (uid " + uid + ", apt-get "
                    + (which("apt-get") == null ? "missing" : "present") + ")");
        }
        run(List.of("apt-get", "install", "-y", "chromium"), 900);
        String p = which("chromium");
        if (p == null) {
            Assumptions.abort("Chromium not available: apt-get install -y chromium did not install it");
        }
        return p;
    }

    private static String which(String name) throws Exception {
        String out =
                run(List.of("sh", "-c", "command -v " + name + " || true"), 10).strip();
        return out.isEmpty() ? null : out;
    }

    private static String run(List<String> cmd, int timeoutSeconds) throws Exception {
        Path log = Files.createTempFile("fess-render", ".out");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(false)
                    .redirectOutput(log.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Assumptions.abort("Chromium not available: " + String.join(" ", cmd) + " did not finish in "
                        + timeoutSeconds + " s");
            }
            return Files.readString(log, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static List<String> chromiumArgs(Path profile) {
        return new ArrayList<>(List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
    }

    @Test
    void screenshotIsNotBlank() throws Exception {
        Path shot = dir.resolve("screenshot.png");
        List<String> cmd = chromiumArgs(Files.createTempDirectory(dir, "profile"));
        cmd.addAll(List.of(
                "--screenshot=" + shot,
                "--window-size=1280,2000",
                dir.resolve("report.html").toUri().toString()));
        run(cmd, 120);
        assertThat(shot).as("chromium wrote no screenshot").isRegularFile();
        BufferedImage img = ImageIO.read(shot.toFile());
        assertThat(img.getWidth()).isEqualTo(1280);
        double sum = 0;
        double sum2 = 0;
        long n = 0;
        long dark = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                double l = 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
                sum += l;
                sum2 += l * l;
                n++;
                if (l < 128) {
                    dark++;
                }
            }
        }
        double var = sum2 / n - (sum / n) * (sum / n);
        assertThat(var).as("luminance variance of the screenshot").isGreaterThan(100);
        assertThat((double) dark / n).as("share of dark pixels (text, figures)").isGreaterThan(0.005);
        // kept for a human look at the build output
        Files.copy(shot, Path.of("target", "report-render.png"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
                dir.resolve("report/qualitative-synth.png"),
                Path.of("target", "report-qualitative.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void everyImageIsAnInlinedPngThatDecodes() throws Exception {
        List<String> cmd = chromiumArgs(Files.createTempDirectory(dir, "profile"));
        cmd.addAll(List.of("--dump-dom", dir.resolve("report.html").toUri().toString()));
        String dom = run(cmd, 120);
        assertThat(dom).contains("<h1>render test</h1>");
        Matcher m = Pattern.compile("<img[^>]*\\ssrc=\"([^\"]*)\"").matcher(dom);
        int images = 0;
        while (m.find()) {
            String src = m.group(1);
            assertThat(src).startsWith("data:image/png;base64,");
            byte[] png = Base64.getDecoder().decode(src.substring("data:image/png;base64,".length()));
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(img).as("image %d decodes", images).isNotNull();
            assertThat(img.getWidth()).isGreaterThan(100);
            images++;
        }
        // limited data, λ sweep, loss and val Dice curves, qualitative figure
        assertThat(images).isEqualTo(5);
    }
}
