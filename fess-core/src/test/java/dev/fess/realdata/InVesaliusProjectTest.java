package dev.fess.realdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.fess.UserInputException;
import dev.fess.volume.Orientation;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InVesaliusProjectTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheMatrixInCOrderWithLasAxesSpacingAndTheCentreAtTheOrigin() throws IOException {
        Path f = SyntheticSources.inv3(tmp.resolve("p.inv3"), 7, 5, 3, new double[] {0.75, 0.75, 1.5}, "CT");
        InVesaliusProject.Image img = InVesaliusProject.read(f);
        Volume v = img.volume();
        assertThat(img.modality()).isEqualTo("CT");
        assertThat(img.name()).isEqualTo("synthetic");
        assertThat(v.shape()).containsExactly(7, 5, 3);
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 5; j++) {
                for (int i = 0; i < 7; i++) {
                    assertThat(v.get(i, j, k)).isEqualTo(SyntheticSources.hu(i, j, k));
                }
            }
        }
        assertThat(v.spacing()).containsExactly(new double[] {0.75, 0.75, 1.5}, offset(1e-12));
        double[] centre = v.affine().apply(3, 2, 1);
        assertThat(centre).containsExactly(new double[] {0, 0, 0}, offset(1e-12));
        double[] step = v.affine().apply(4, 3, 2);
        assertThat(step).containsExactly(new double[] {-0.75, 0.75, 1.5}, offset(1e-12));
        assertThat(Orientation.axcodes(v.affine())).isEqualTo("LAS");
    }

    @Test
    void aFileThatIsNotAProjectIsReportedNamingIt() throws IOException {
        Path f = Files.writeString(tmp.resolve("x.inv3"), "not gzip");
        assertThatThrownBy(() -> InVesaliusProject.read(f))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(f.toString())
                .hasMessageContaining("not an InVesalius project");
    }
}
