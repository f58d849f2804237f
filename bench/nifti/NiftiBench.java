import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.nifti.NiftiImage;
import dev.fess.volume.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times fess reading and writing one .nii.gz (not a test). Usage:
 * {@code java -cp fess-core/target/classes bench/nifti/NiftiBench.java read|write FILE [reps]}.
 * Two untimed warm-up runs, then {@code reps} timed runs; prints the median in ms as
 * {@code fess <op> <median_ms>}.
 */
public class NiftiBench {
    public static void main(String[] args) throws Exception {
        String op = args[0];
        Path file = Path.of(args[1]);
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        NiftiImage src = Nifti.read(file);
        Volume v = src.volume();
        Path out = Files.createTempFile("fess-bench", ".nii.gz");
        double[] t = new double[reps];
        double checksum = 0;
        for (int r = -2; r < reps; r++) {
            long t0 = System.nanoTime();
            if (op.equals("read")) {
                checksum += Nifti.read(file).volume().data()[r + 2];
            } else {
                Nifti.write(out, v, NiftiDatatype.FLOAT32);
            }
            long dt = System.nanoTime() - t0;
            if (r >= 0) {
                t[r] = dt / 1e6;
            }
        }
        Files.deleteIfExists(out);
        Arrays.sort(t);
        System.out.printf("fess %s %.1f%n", op, t[reps / 2]);
        if (Double.isNaN(checksum)) {
            System.err.println("checksum NaN");
        }
    }
}
