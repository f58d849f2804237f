package dev.fess.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.training.loss.Loss;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings and checks NT-Xent, InfoNCE and SupCon share through {@link ContrastiveLossBuilder}. */
class ContrastiveLossBuilderTest {

    /** One contrastive loss: its default name, how to build it after some settings, how to read its form. */
    record Kind(String name, Function<Consumer<ContrastiveLossBuilder<?>>, Loss> build, Predicate<Loss> bounded) {
        Loss with(Consumer<ContrastiveLossBuilder<?>> settings) {
            return build.apply(settings);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind(
                        "ntxent",
                        s -> {
                            NtXentLoss.Builder b = NtXentLoss.builder();
                            s.accept(b);
                            return b.build();
                        },
                        l -> ((NtXentLoss) l).isBounded()),
                new Kind(
                        "infonce",
                        s -> {
                            InfoNceLoss.Builder b = InfoNceLoss.builder();
                            s.accept(b);
                            return b.build();
                        },
                        l -> ((InfoNceLoss) l).isBounded()),
                new Kind(
                        "supcon",
                        s -> {
                            SupervisedContrastiveLoss.Builder b = SupervisedContrastiveLoss.builder();
                            s.accept(b);
                            return b.build();
                        },
                        l -> ((SupervisedContrastiveLoss) l).isBounded()));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void defaultsAreThePaperFormUnderTheLossName(Kind kind) {
        Loss loss = kind.with(b -> {});
        assertThat(loss.getName()).isEqualTo(kind.name());
        assertThat(kind.bounded().test(loss)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void sharedSettersReachTheLoss(Kind kind) {
        Loss loss = kind.with(b -> b.optName("term").optBounded(true).optTemperature(0.1f));
        assertThat(loss.getName()).isEqualTo("term");
        assertThat(kind.bounded().test(loss)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void refusesATemperatureThatIsNotPositive(Kind kind) {
        for (float tau : new float[] {0f, -0.5f, Float.NaN}) {
            assertThatThrownBy(() -> kind.with(b -> b.optTemperature(tau)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("temperature must be > 0; got " + tau);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void refusesAFeatureGradientScaleOutsideZeroOne(Kind kind) {
        for (float s : new float[] {-0.1f, 1.5f, Float.NaN}) {
            assertThatThrownBy(() -> kind.with(b -> b.optFeatureGradScale(s)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("featureGradScale must be in [0, 1]; got " + s);
        }
        assertThat(kind.with(b -> b.optFeatureGradScale(0f))).isNotNull();
        assertThat(kind.with(b -> b.optFeatureGradScale(1f))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 0, -3})
    void sampledLossesNameTheirSampleCount(int count) {
        assertThatThrownBy(() -> InfoNceLoss.builder().optSamples(count).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("samples must be >= 2; got " + count);
        assertThatThrownBy(() -> SupervisedContrastiveLoss.builder()
                        .optSamplesPerClass(count)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("samplesPerClass must be >= 2; got " + count);
    }

    @ParameterizedTest
    @ValueSource(floats = {-0.01f, 1.01f, Float.NaN})
    void supConRefusesAHardFractionOutsideZeroOne(float f) {
        assertThatThrownBy(() ->
                        SupervisedContrastiveLoss.builder().optHardFraction(f).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hardFraction must be in [0, 1]; got " + f);
    }

    static Stream<SampledContrastiveLoss> sampledLosses() {
        return Stream.of(
                InfoNceLoss.builder().optSeed(11).build(),
                SupervisedContrastiveLoss.builder().optSeed(11).build());
    }

    @ParameterizedTest
    @MethodSource("sampledLosses")
    void samplerStateStartsAtTheSeedAndRoundTrips(SampledContrastiveLoss loss) {
        assertThat(loss.getSamplerState()).containsExactly(11, 0);
        loss.setSamplerState(new long[] {3, 5});
        assertThat(loss.getSamplerState()).containsExactly(3, 5);
        loss.reseed(7);
        assertThat(loss.getSamplerState()).containsExactly(7, 0);
        assertThatThrownBy(() -> loss.setSamplerState(new long[] {1, -1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sampler state must be {seed, calls >= 0}");
        assertThat(loss.getSamplerState()).containsExactly(7, 0);
    }
}
