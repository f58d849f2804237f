package dev.fess.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.fess.gradcheck.GradientCheck;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GroupNorm, InstanceNorm3d, VoxelShuffleUpsample and TrilinearUpsample against independent computations. */
class BlocksTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** Group norm written with plain loops over a row-major B × C × S array. */
    static double[] referenceGroupNorm(
            double[] x, int b, int c, int s, int groups, double[] gamma, double[] beta, double eps) {
        double[] y = new double[x.length];
        int per = c / groups;
        for (int n = 0; n < b; n++) {
            for (int g = 0; g < groups; g++) {
                double sum = 0;
                for (int ch = g * per; ch < (g + 1) * per; ch++) {
                    for (int v = 0; v < s; v++) {
                        sum += x[(n * c + ch) * s + v];
                    }
                }
                double mean = sum / (per * s);
                double sq = 0;
                for (int ch = g * per; ch < (g + 1) * per; ch++) {
                    for (int v = 0; v < s; v++) {
                        double d = x[(n * c + ch) * s + v] - mean;
                        sq += d * d;
                    }
                }
                double var = sq / (per * s);
                for (int ch = g * per; ch < (g + 1) * per; ch++) {
                    for (int v = 0; v < s; v++) {
                        int i = (n * c + ch) * s + v;
                        y[i] = gamma[ch] * (x[i] - mean) / Math.sqrt(var + eps) + beta[ch];
                    }
                }
            }
        }
        return y;
    }

    static Stream<Arguments> groupCases() {
        return Stream.of(
                Arguments.of(1L, 4, 1),
                Arguments.of(2L, 4, 2),
                Arguments.of(3L, 6, 3),
                Arguments.of(4L, 4, 4),
                Arguments.of(5L, 6, -1));
    }

    @ParameterizedTest
    @MethodSource("groupCases")
    void groupNormMatchesLoopsAndHasExactGradients(long seed, int channels, int groups) {
        int b = 2;
        int d = 2;
        int h = 3;
        int w = 2;
        int s = d * h * w;
        Shape shape = new Shape(b, channels, d, h, w);
        double[] x = GradientCheck.gaussian(seed, b * channels * s, 2.0);
        for (int i = 0; i < x.length; i++) {
            x[i] += 3.0;
        }
        double[] gamma = GradientCheck.gaussian(seed + 100, channels, 1.0);
        double[] beta = GradientCheck.gaussian(seed + 200, channels, 1.0);
        GroupNorm block = groups == -1 ? InstanceNorm3d.create() : GroupNorm.of(groups);
        int effectiveGroups = groups == -1 ? channels : groups;
        try (NDManager m = manager.newSubManager()) {
            block.initialize(m, DataType.FLOAT64, shape);
            block.getParameters().get("gamma").getArray().set(gamma);
            block.getParameters().get("beta").getArray().set(beta);
            NDArray out = block.forward(new ParameterStore(m, false), new NDList(m.create(x, shape)), true)
                    .singletonOrThrow();
            double[] expected = referenceGroupNorm(x, b, channels, s, effectiveGroups, gamma, beta, 1e-5);
            double[] got = out.toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(got[i]).isCloseTo(expected[i], within(1e-9));
            }

            double[] weights = GradientCheck.gaussian(seed + 300, x.length, 1.0);
            NDArray wArr = m.create(weights, shape);
            NDArray gammaArr = m.create(gamma);
            NDArray betaArr = m.create(beta);
            GradientCheck.Result dx = GradientCheck.check(
                    m,
                    x,
                    shape,
                    xx -> GroupNorm.groupNorm(xx, effectiveGroups, gammaArr, betaArr, 1e-5f)
                            .mul(wArr)
                            .sum(),
                    null);
            assertThat(dx.relativeError()).isLessThan(1e-4);
            assertThat(dx.maxAbsAnalytic()).isGreaterThan(1e-3);
            NDArray xArr = m.create(x, shape);
            GradientCheck.Result dg = GradientCheck.check(
                    m,
                    gamma,
                    new Shape(channels),
                    gg -> GroupNorm.groupNorm(xArr, effectiveGroups, gg, betaArr, 1e-5f)
                            .mul(wArr)
                            .sum(),
                    null);
            assertThat(dg.relativeError()).isLessThan(1e-4);
        }
    }

    @Test
    void groupNormRefusesGroupsNotDividingChannels() {
        GroupNorm block = GroupNorm.of(3);
        assertThatThrownBy(() -> block.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 2, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of the number of groups 3")
                .hasMessageContaining("got 4");
    }

    @Test
    void voxelShuffleEqualsHandWrittenTransposedConvolution() {
        int b = 2;
        int cin = 3;
        int cout = 2;
        int d = 2;
        int h = 3;
        int w = 2;
        double[] x = GradientCheck.gaussian(11, b * cin * d * h * w, 1.0);
        double[] kernel = GradientCheck.gaussian(12, cin * cout * 8, 1.0); // W[i][o][kd][kh][kw]
        double[] bias = GradientCheck.gaussian(13, cout, 1.0);

        // Transposed convolution, stride 2, kernel 2, no padding: scatter each input voxel through the kernel.
        int od = 2 * d;
        int oh = 2 * h;
        int ow = 2 * w;
        double[] expected = new double[b * cout * od * oh * ow];
        for (int n = 0; n < b; n++) {
            for (int o = 0; o < cout; o++) {
                for (int z = 0; z < od; z++) {
                    for (int y = 0; y < oh; y++) {
                        for (int v = 0; v < ow; v++) {
                            expected[(((n * cout + o) * od + z) * oh + y) * ow + v] = bias[o];
                        }
                    }
                }
            }
            for (int i = 0; i < cin; i++) {
                for (int z = 0; z < d; z++) {
                    for (int y = 0; y < h; y++) {
                        for (int v = 0; v < w; v++) {
                            double xv = x[(((n * cin + i) * d + z) * h + y) * w + v];
                            for (int o = 0; o < cout; o++) {
                                for (int k = 0; k < 8; k++) {
                                    int kd = k >> 2;
                                    int kh = (k >> 1) & 1;
                                    int kw = k & 1;
                                    int oz = 2 * z + kd;
                                    int oy = 2 * y + kh;
                                    int ov = 2 * v + kw;
                                    expected[(((n * cout + o) * od + oz) * oh + oy) * ow + ov] +=
                                            xv * kernel[(i * cout + o) * 8 + k];
                                }
                            }
                        }
                    }
                }
            }
        }

        double[] convWeight = new double[8 * cout * cin]; // [8o + k][i]
        for (int i = 0; i < cin; i++) {
            for (int o = 0; o < cout; o++) {
                for (int k = 0; k < 8; k++) {
                    convWeight[(8 * o + k) * cin + i] = kernel[(i * cout + o) * 8 + k];
                }
            }
        }
        try (NDManager m = manager.newSubManager()) {
            VoxelShuffleUpsample up = new VoxelShuffleUpsample(cout);
            Shape in = new Shape(b, cin, d, h, w);
            up.initialize(m, DataType.FLOAT64, in);
            assertThat(up.getParameters().size()).isEqualTo(2);
            up.getConv().getParameters().get("weight").getArray().set(convWeight);
            up.getBias().getArray().set(bias);
            NDArray out = up.forward(new ParameterStore(m, false), new NDList(m.create(x, in)), false)
                    .singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(b, cout, od, oh, ow));
            assertThat(up.getOutputShapes(new Shape[] {in})[0]).isEqualTo(out.getShape());
            double[] got = out.toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(got[i]).isCloseTo(expected[i], within(1e-12));
            }
            long params = 0;
            for (var p : up.getParameters().values()) {
                params += p.getArray().size();
            }
            assertThat(params).isEqualTo(8L * cin * cout + cout); // same as ConvTranspose3d(cin, cout, 2, 2)
        }
    }

    /** 1-D linear interpolation weights of torch's align_corners=False for an up-sampling factor. */
    static double[][] linearWeights(int n, int factor) {
        double[][] wts = new double[n * factor][n];
        for (int o = 0; o < n * factor; o++) {
            double src = Math.max((o + 0.5) / factor - 0.5, 0);
            int i0 = (int) Math.floor(src);
            int i1 = Math.min(i0 + 1, n - 1);
            double lambda = src - i0;
            wts[o][i0] += 1 - lambda;
            wts[o][i1] += lambda;
        }
        return wts;
    }

    @ParameterizedTest
    @MethodSource("trilinearShapes")
    void trilinearMatchesAlignCornersFalseFormula(int d, int h, int w) {
        int c = 2;
        double[] x = GradientCheck.gaussian(d * 100 + h * 10 + w, c * d * h * w, 1.0);
        double[][] wd = linearWeights(d, 2);
        double[][] wh = linearWeights(h, 2);
        double[][] ww = linearWeights(w, 2);
        try (NDManager m = manager.newSubManager()) {
            NDArray out = TrilinearUpsample.upsample(m.create(x, new Shape(1, c, d, h, w)));
            assertThat(out.getShape()).isEqualTo(new Shape(1, c, 2 * d, 2 * h, 2 * w));
            double[] got = out.toDoubleArray();
            int idx = 0;
            for (int ch = 0; ch < c; ch++) {
                for (int z = 0; z < 2 * d; z++) {
                    for (int y = 0; y < 2 * h; y++) {
                        for (int v = 0; v < 2 * w; v++) {
                            double e = 0;
                            for (int a = 0; a < d; a++) {
                                for (int bb = 0; bb < h; bb++) {
                                    for (int cc = 0; cc < w; cc++) {
                                        e += wd[z][a] * wh[y][bb] * ww[v][cc] * x[((ch * d + a) * h + bb) * w + cc];
                                    }
                                }
                            }
                            assertThat(got[idx++]).isCloseTo(e, within(1e-12));
                        }
                    }
                }
            }
        }
    }

    static Stream<Arguments> trilinearShapes() {
        return Stream.of(Arguments.of(1, 2, 3), Arguments.of(3, 3, 3), Arguments.of(4, 2, 5));
    }
}
