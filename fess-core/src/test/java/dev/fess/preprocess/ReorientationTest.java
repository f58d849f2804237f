package dev.fess.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.volume.Affine;
import dev.fess.volume.Orientation;
import dev.fess.volume.Reoriented;
import dev.fess.volume.Volume;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class ReorientationTest {

    private static Volume random(Affine a, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[5 * 4 * 3 * 2];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextDouble();
        }
        return new Volume(5, 4, 3, 2, d, a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RAS", "LPS", "PIR", "SLA", "ILP", "ASL"})
    void agreesWithOrientationToRasAndUndoes(String codes) {
        Affine a = TestCases.affine(codes, 0.7, 1.1, 2.3);
        Volume v = random(a, codes.hashCode());
        Reorientation r = Reorientation.toRas(a);
        Reoriented ref = Orientation.toRas(v);
        Volume mine = r.apply(v);
        assertThat(mine.shape()).containsExactly(ref.volume().shape());
        assertThat(mine.data()).containsExactly(ref.volume().data());
        assertThat(mine.affine().maxAbsDifference(ref.volume().affine())).isLessThan(1e-12);
        assertThat(Orientation.axcodes(mine.affine())).isEqualTo("RAS");
        Volume back = r.undo(mine, v.shape(), a);
        assertThat(back.data()).containsExactly(v.data());
        assertThat(back.affine()).isEqualTo(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"LPS", "PIR"})
    void jsonRoundTrip(String codes) {
        Reorientation r = Reorientation.toRas(TestCases.affine(codes, 1, 1, 1));
        JsonMapper m = JsonMapper.builder().build();
        assertThat(m.readValue(m.writeValueAsString(r), Reorientation.class)).isEqualTo(r);
    }
}
