import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a few NIfTI files with fess (one per datatype, oblique/flipped affines, 4D) and a JSON of what each
 * should contain, for check_with_nibabel.py. Usage: java -cp fess-core/target/classes WriteSamples.java DIR
 */
public class WriteSamples {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Affine[] affines = {
            Affine.of(-0.75, 0, 0, 90.5, 0, 0.75, 0, -126.25, 0, 0, 2.5, -72, 0, 0, 0, 1),
            Affine.of(0.869333, -0.229398, -0.13483, -30.5, 0.232937, 0.856126, 0.503194, 12.25,
                    0.0, -0.156283, 2.954423, 7.0, 0, 0, 0, 1),
            Affine.of(0, 0, -1.2, 10, -0.9, 0, 0, 20, 0, 1.1, 0, -30, 0, 0, 0, 1),
            Affine.of(2, 0.3, 0, 1, 0, 2, 0, 2, 0, 0, 2, 3, 0, 0, 0, 1)
        };
        StringBuilder json = new StringBuilder("{\n");
        int n = 0;
        for (NiftiDatatype t : NiftiDatatype.values()) {
            Affine a = affines[n % affines.length];
            int c = n % 3 == 0 ? 2 : 1;
            float[] d = new float[5 * 4 * 3 * c];
            double sum = 0;
            for (int i = 0; i < d.length; i++) {
                d[i] = (i * 7) % 100 - (t.minValue() < 0 || !t.isInteger() ? 50 : 0);
                sum += d[i];
            }
            String name = t.label() + (n % 2 == 0 ? ".nii.gz" : ".nii");
            Nifti.write(dir.resolve(name), new Volume(5, 4, 3, c, d, a), t);
            json.append(n > 0 ? ",\n" : "").append("\"").append(name).append("\": {\"affine\": [");
            for (int i = 0; i < 16; i++) {
                json.append(i > 0 ? ", " : "").append(a.get(i / 4, i % 4));
            }
            json.append("], \"code\": ").append(t.code()).append(", \"channels\": ").append(c)
                    .append(", \"sum\": ").append(sum).append(", \"v123\": ").append(d[1 + 5 * (2 + 4 * 1)])
                    .append("}");
            n++;
        }
        Files.writeString(dir.resolve("samples.json"), json.append("\n}\n").toString());
    }
}
