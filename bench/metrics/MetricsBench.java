import dev.fess.metrics.MaskSurface;
import dev.fess.metrics.SurfaceDistances;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmark side A (fess) of bench/metrics/run.sh.
 *
 * <pre>
 * java -cp fess-core/target/classes MetricsBench.java generate DIR     # writes pred.u8, label.u8 (240×240×155)
 * java -cp fess-core/target/classes MetricsBench.java time DIR SX SY SZ REPS
 * </pre>
 * Masks are uint8, i fastest (NIfTI order). "time" times a first (cold, interpreted) pass, runs 30 warm-up
 * passes so that the JIT is done, then REPS timed passes of
 * bounding box + surfaces + directed distances + HD95 + ASSD, and prints one JSON line with the median wall and
 * process-CPU seconds and the values.
 */
public final class MetricsBench {
    static final int NX = 240;
    static final int NY = 240;
    static final int NZ = 155;

    public static void main(String[] args) throws IOException {
        if (args[0].equals("generate")) {
            Path dir = Files.createDirectories(Path.of(args[1]));
            // label: a tumour-like blob; prediction: a shifted, rescaled blob with other surface perturbations
            Files.write(dir.resolve("label.u8"), blob(new double[] {121, 112, 74}, new double[] {34, 28, 22}, 11));
            Files.write(dir.resolve("pred.u8"), blob(new double[] {124, 110, 76}, new double[] {31, 30, 20}, 23));
            return;
        }
        Path dir = Path.of(args[1]);
        double[] spacing = {Double.parseDouble(args[2]), Double.parseDouble(args[3]), Double.parseDouble(args[4])};
        int reps = Integer.parseInt(args[5]);
        boolean[] pred = toMask(Files.readAllBytes(dir.resolve("pred.u8")));
        boolean[] label = toMask(Files.readAllBytes(dir.resolve("label.u8")));
        int[] shape = {NX, NY, NZ};
        long c = System.nanoTime();
        double[] result = once(pred, label, shape, spacing);
        double first = (System.nanoTime() - c) / 1e9;
        for (int w = 0; w < 30; w++) { // until the JIT has compiled the hot loops: steady state, as over many cases
            result = once(pred, label, shape, spacing);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double[] t = new double[reps];
        double[] cpu = new double[reps];
        for (int r = 0; r < reps; r++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            result = once(pred, label, shape, spacing);
            t[r] = (System.nanoTime() - t0) / 1e9;
            cpu[r] = (os.getProcessCpuTime() - c0) / 1e9;
        }
        Arrays.sort(t);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT,
                "{\"side\":\"fess\",\"seconds\":%.6f,\"cpu_seconds\":%.6f,\"first_pass_seconds\":%.6f,"
                        + "\"hd95\":%.12f,\"assd\":%.12f}%n",
                t[reps / 2], cpu[reps / 2], first, result[0], result[1]);
    }

    static double[] once(boolean[] pred, boolean[] label, int[] shape, double[] spacing) {
        int[] box = MaskSurface.boundingBox(shape, pred, label);
        SurfaceDistances sd = SurfaceDistances.of(MaskSurface.borderVoxels(pred, shape, box),
                MaskSurface.borderVoxels(label, shape, box), shape, spacing);
        return new double[] {sd.hd95(), sd.assd()};
    }

    static boolean[] toMask(byte[] b) {
        boolean[] m = new boolean[b.length];
        for (int i = 0; i < b.length; i++) {
            m[i] = b[i] != 0;
        }
        return m;
    }

    /** An ellipsoid whose radius is modulated by a few random low-frequency waves on the sphere, plus speckle. */
    static byte[] blob(double[] c, double[] r, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int waves = 6;
        double[][] w = new double[waves][4];
        for (double[] x : w) {
            x[0] = 1 + rnd.nextInt(4); // frequency in polar angle
            x[1] = 1 + rnd.nextInt(4); // frequency in azimuth
            x[2] = rnd.nextDouble() * 2 * Math.PI;
            x[3] = 0.04 + 0.06 * rnd.nextDouble(); // amplitude (fraction of the radius)
        }
        byte[] m = new byte[NX * NY * NZ];
        for (int k = 0; k < NZ; k++) {
            for (int j = 0; j < NY; j++) {
                for (int i = 0; i < NX; i++) {
                    double x = (i - c[0]) / r[0];
                    double y = (j - c[1]) / r[1];
                    double z = (k - c[2]) / r[2];
                    double rho = Math.sqrt(x * x + y * y + z * z);
                    if (rho > 1.5) {
                        continue;
                    }
                    double theta = Math.acos(rho == 0 ? 0 : z / rho);
                    double phi = Math.atan2(y, x);
                    double bound = 1;
                    for (double[] v : w) {
                        bound += v[3] * Math.sin(v[0] * theta + v[2]) * Math.cos(v[1] * phi + v[2]);
                    }
                    if (rho <= bound) {
                        m[i + NX * (j + NY * k)] = 1;
                    }
                }
            }
        }
        // a few small satellite lesions and holes, as real segmentations have
        for (int s = 0; s < 12; s++) {
            int ci = (int) (c[0] + (rnd.nextDouble() - 0.5) * 3 * r[0]);
            int cj = (int) (c[1] + (rnd.nextDouble() - 0.5) * 3 * r[1]);
            int ck = (int) (c[2] + (rnd.nextDouble() - 0.5) * 3 * r[2]);
            int rad = 1 + rnd.nextInt(3);
            byte val = (byte) (s % 3 == 0 ? 0 : 1);
            for (int k = Math.max(0, ck - rad); k <= Math.min(NZ - 1, ck + rad); k++) {
                for (int j = Math.max(0, cj - rad); j <= Math.min(NY - 1, cj + rad); j++) {
                    for (int i = Math.max(0, ci - rad); i <= Math.min(NX - 1, ci + rad); i++) {
                        if ((i - ci) * (i - ci) + (j - cj) * (j - cj) + (k - ck) * (k - ck) <= rad * rad) {
                            m[i + NX * (j + NY * k)] = val;
                        }
                    }
                }
            }
        }
        return m;
    }
}
