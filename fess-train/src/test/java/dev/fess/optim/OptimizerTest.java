package dev.fess.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizerTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private List<NDArray> arrays(float[]... values) {
        return Arrays.stream(values).map(v -> manager.create(v)).toList();
    }

    @Test
    void adamFirstStepMovesEachWeightByLearningRateAgainstTheGradientSign() {
        // Step 1: m̂ = g and v̂ = g², so the update is η·g/(|g|+ε) = η·sign(g) (up to ε).
        try (Adam adam = Adam.builder().manager(manager).build()) {
            List<NDArray> p = arrays(new float[] {1f, -2f, 0.5f});
            List<NDArray> g = arrays(new float[] {0.5f, -1f, 3f});
            adam.step(p, g, 0.1f);
            assertThat(p.get(0).toFloatArray()).containsExactly(new float[] {0.9f, -1.9f, 0.4f}, within(1e-6f));
            assertThat(adam.steps()).isEqualTo(1);
        }
    }

    @Test
    void adamSecondStepMatchesHandComputation() {
        // p = 1, g1 = 0.5, g2 = 0.1, η = 0.1:
        // m = 0.9·0.05 + 0.1·0.1 = 0.055;  v = 0.999·0.00025 + 0.001·0.01 = 0.00025975
        // m̂ = 0.055/0.19 = 0.2894737;  v̂ = 0.00025975/0.001999 = 0.1299400;  √v̂ = 0.3604719
        // update = 0.1·0.2894737/0.3604719 = 0.0803041 → p = 0.9 − 0.0803041 = 0.8196959
        try (Adam adam = Adam.builder().manager(manager).build()) {
            List<NDArray> p = arrays(new float[] {1f});
            adam.step(p, arrays(new float[] {0.5f}), 0.1f);
            adam.step(p, arrays(new float[] {0.1f}), 0.1f);
            assertThat(p.get(0).getFloat(0)).isCloseTo(0.8196959f, within(2e-6f));
        }
    }

    @Test
    void adamL2PenaltyAndAdamWDecoupledDecayDiffer() {
        // AdamW: p ← p(1 − η·wd) = 1·(1 − 0.1·0.5) = 0.95, then − η·sign(g) = 0.85.
        try (Adam adamw = Adam.builder()
                .manager(manager)
                .weightDecay(0.5f)
                .decoupled(true)
                .build()) {
            List<NDArray> p = arrays(new float[] {1f});
            adamw.step(p, arrays(new float[] {0.2f}), 0.1f);
            assertThat(p.get(0).getFloat(0)).isCloseTo(0.85f, within(1e-6f));
        }
        // Adam + L2: g' = 0.2 + 0.5·1 = 0.7 > 0, first step moves by η·sign(g') → 0.9.
        // With g = −0.2: g' = −0.2 + 0.5 = 0.3 > 0, the penalty flips the direction: 1 − 0.1 = 0.9.
        try (Adam adam = Adam.builder().manager(manager).weightDecay(0.5f).build()) {
            List<NDArray> p = arrays(new float[] {1f});
            adam.step(p, arrays(new float[] {-0.2f}), 0.1f);
            assertThat(p.get(0).getFloat(0)).isCloseTo(0.9f, within(1e-6f));
        }
    }

    @Test
    void sgdNesterovMatchesHandComputation() {
        // μ = 0.9, η = 0.1, g = 0.5 twice:
        // step 1: b = 0.5, d = 0.5 + 0.45 = 0.95, p = 1 − 0.095 = 0.905
        // step 2: b = 0.45 + 0.5 = 0.95, d = 0.5 + 0.855 = 1.355, p = 0.905 − 0.1355 = 0.7695
        try (Sgd sgd = Sgd.create(manager, 0.9f, true, 0f)) {
            List<NDArray> p = arrays(new float[] {1f});
            sgd.step(p, arrays(new float[] {0.5f}), 0.1f);
            assertThat(p.get(0).getFloat(0)).isCloseTo(0.905f, within(1e-6f));
            sgd.step(p, arrays(new float[] {0.5f}), 0.1f);
            assertThat(p.get(0).getFloat(0)).isCloseTo(0.7695f, within(1e-6f));
        }
    }

    @Test
    void sgdClassicMomentumWithWeightDecay() {
        // μ = 0.5, wd = 0.1, η = 1, p = 2, g = 1: g' = 1.2, b = 1.2, p = 0.8;
        // step 2: g' = 1 + 0.08 = 1.08, b = 0.6 + 1.08 = 1.68, p = 0.8 − 1.68 = −0.88
        try (Sgd sgd = Sgd.create(manager, 0.5f, false, 0.1f)) {
            List<NDArray> p = arrays(new float[] {2f});
            sgd.step(p, arrays(new float[] {1f}), 1f);
            assertThat(p.get(0).getFloat(0)).isCloseTo(0.8f, within(1e-6f));
            sgd.step(p, arrays(new float[] {1f}), 1f);
            assertThat(p.get(0).getFloat(0)).isCloseTo(-0.88f, within(1e-5f));
        }
    }

    /** Reference Adam in doubles, written independently of the NDArray code. */
    private static void adamReference(
            double[] p, double[] m, double[] v, double[] g, int t, double lr, double wd, boolean decoupled) {
        for (int i = 0; i < p.length; i++) {
            double gi = g[i];
            if (decoupled) {
                p[i] *= 1 - lr * wd;
            } else {
                gi += wd * p[i];
            }
            m[i] = 0.9 * m[i] + 0.1 * gi;
            v[i] = 0.999 * v[i] + 0.001 * gi * gi;
            double mh = m[i] / (1 - Math.pow(0.9, t));
            double vh = v[i] / (1 - Math.pow(0.999, t));
            p[i] -= lr * mh / (Math.sqrt(vh) + 1e-8);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void adamAndAdamWFollowTheReferenceOverManySteps(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (boolean decoupled : new boolean[] {false, true}) {
            int n = 7;
            double[] ref = new double[n];
            float[] init = new float[n];
            for (int i = 0; i < n; i++) {
                init[i] = (float) r.nextDouble(-2, 2);
                ref[i] = init[i];
            }
            double[] m = new double[n];
            double[] v = new double[n];
            try (Adam adam = Adam.builder()
                    .manager(manager)
                    .weightDecay(0.01f)
                    .decoupled(decoupled)
                    .build()) {
                List<NDArray> p = arrays(init);
                for (int t = 1; t <= 10; t++) {
                    float[] g = new float[n];
                    double[] gd = new double[n];
                    for (int i = 0; i < n; i++) {
                        g[i] = (float) r.nextDouble(-1, 1);
                        gd[i] = g[i];
                    }
                    adam.step(p, arrays(g), 0.01f);
                    adamReference(ref, m, v, gd, t, 0.01, 0.01, decoupled);
                }
                float[] got = p.get(0).toFloatArray();
                for (int i = 0; i < n; i++) {
                    assertThat((double) got[i]).isCloseTo(ref[i], within(1e-5));
                }
            }
        }
    }

    @Test
    void savedStateRestoresBitForBit() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        float[] init = {0.3f, -0.7f, 1.1f, 2f};
        float[][] grads = new float[6][4];
        for (float[] g : grads) {
            for (int i = 0; i < 4; i++) {
                g[i] = (float) r.nextDouble(-1, 1);
            }
        }
        List<NDArray> straight = arrays(init.clone());
        try (Adam a = Adam.builder().manager(manager).build()) {
            for (float[] g : grads) {
                a.step(straight, arrays(g), 0.05f);
            }
        }
        List<NDArray> resumed = arrays(init.clone());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Adam a = Adam.builder().manager(manager).build()) {
            for (int s = 0; s < 3; s++) {
                a.step(resumed, arrays(grads[s]), 0.05f);
            }
            a.save(new DataOutputStream(bytes));
        }
        try (Adam b = Adam.builder().manager(manager).build()) {
            b.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertThat(b.steps()).isEqualTo(3);
            for (int s = 3; s < 6; s++) {
                b.step(resumed, arrays(grads[s]), 0.05f);
            }
        }
        assertThat(resumed.get(0).toFloatArray())
                .containsExactly(straight.get(0).toFloatArray());
    }

    @Test
    void clippingScalesToTheGlobalNorm() {
        List<NDArray> g = arrays(new float[] {3f}, new float[] {0f, 4f});
        double norm = GradientClipping.clipGlobalNorm(g, 1.0);
        assertThat(norm).isCloseTo(5.0, within(1e-6));
        assertThat(g.get(0).getFloat(0)).isCloseTo(0.6f, within(1e-6f));
        assertThat(g.get(1).getFloat(1)).isCloseTo(0.8f, within(1e-6f));
        List<NDArray> small = arrays(new float[] {0.3f, 0.4f});
        assertThat(GradientClipping.clipGlobalNorm(small, 1.0)).isCloseTo(0.5, within(1e-6));
        assertThat(small.get(0).toFloatArray()).containsExactly(0.3f, 0.4f);
    }
}
