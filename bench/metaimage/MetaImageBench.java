import dev.fess.metaimage.MetaElementType;
import dev.fess.metaimage.MetaImage;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times fess reading one MetaImage file (not a test). Usage:
 * {@code java -cp fess-core/target/classes bench/metaimage/MetaImageBench.java gen FILE short|float compress}
 * writes a BraTS-sized (240×240×155) brain-like volume; {@code ... read FILE [reps]} reads it 2 times untimed,
 * then {@code reps} times, and prints the medians of wall and thread-CPU time as {@code fess read <ms> <cpu ms>}.
 */
public class MetaImageBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        if (args[0].equals("gen")) {
            int nx = 240, ny = 240, nz = 155;
            float[] d = new float[nx * ny * nz];
            SplittableRandom r = new SplittableRandom(7);
            for (int k = 0; k < nz; k++) {
                for (int j = 0; j < ny; j++) {
                    for (int i = 0; i < nx; i++) {
                        double x = (i - 120) / 80.0, y = (j - 120) / 95.0, z = (k - 77) / 65.0;
                        double rr = x * x + y * y + z * z;
                        double v = rr < 1 ? 600 + 200 * Math.cos(6 * x) * Math.sin(5 * y) + r.nextGaussian() * 20 : 0;
                        d[i + nx * (j + ny * k)] = (float) Math.max(0, v);
                    }
                }
            }
            MetaElementType t = args[2].equals("short") ? MetaElementType.SHORT : MetaElementType.FLOAT;
            MetaImage.write(file, new Volume(nx, ny, nz, 1, d, Affine.identity()), t, Boolean.parseBoolean(args[3]));
            return;
        }
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        double[] t = new double[reps];
        double[] cpu = new double[reps];
        double checksum = 0;
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = -2; r < reps; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            checksum += MetaImage.read(file).volume().data()[r + 2];
            long dt = System.nanoTime() - t0;
            long dc = mx.getCurrentThreadCpuTime() - c0;
            if (r >= 0) {
                t[r] = dt / 1e6;
                cpu[r] = dc / 1e6;
            }
        }
        Arrays.sort(t);
        Arrays.sort(cpu);
        System.out.printf("fess read %.1f %.1f%n", t[reps / 2], cpu[reps / 2]);
        if (Double.isNaN(checksum)) {
            System.err.println("checksum NaN");
        }
    }
}
