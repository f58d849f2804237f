package dev.fess.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Compares dev.fess.statistics with numpy/scipy values in {@code statistics/reference.json} (see make_reference.py).
 */
class StatisticsReferenceTest {
    private static final JsonNode REF = load();

    private static JsonNode load() {
        try (InputStream in = StatisticsReferenceTest.class.getResourceAsStream("/statistics/reference.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] arr(JsonNode n) {
        double[] a = new double[n.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = n.get(i).asDouble();
        }
        return a;
    }

    static Stream<Arguments> wilcoxonCases() {
        List<Arguments> list = new ArrayList<>();
        for (JsonNode c : REF.get("wilcoxon")) {
            list.add(Arguments.of(c.get("name").asString(), c));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wilcoxonCases")
    void wilcoxonMatchesScipy(String name, JsonNode c) {
        Wilcoxon.Result r = Wilcoxon.test(arr(c.get("x")), arr(c.get("y")));
        assertThat(r.statistic()).isCloseTo(c.get("statistic").asDouble(), within(1e-9));
        double p = c.get("pvalue").asDouble();
        assertThat(r.pValue()).isCloseTo(p, within(1e-12 + 1e-9 * p));
        assertThat(r.method()).isEqualTo(name.startsWith("exact") ? Wilcoxon.Method.EXACT : Wilcoxon.Method.NORMAL);
    }

    @Test
    void descriptiveMatchesNumpy() {
        for (JsonNode c : REF.get("descriptive")) {
            Descriptive d = Descriptive.of(arr(c.get("values")));
            assertThat(d.mean()).isCloseTo(c.get("mean").asDouble(), within(1e-14));
            assertThat(d.median()).isCloseTo(c.get("median").asDouble(), within(1e-14));
            if (c.get("std").isNull()) {
                assertThat(d.std()).isNaN();
                assertThat(d.sem()).isNaN();
            } else {
                assertThat(d.std()).isCloseTo(c.get("std").asDouble(), within(1e-14));
                assertThat(d.sem()).isCloseTo(c.get("sem").asDouble(), within(1e-14));
            }
        }
    }

    @Test
    void erfcMatchesScipy() {
        for (JsonNode c : REF.get("erfc")) {
            double x = c.get("x").asDouble();
            double e = c.get("erfc").asDouble();
            assertThat(NormalDistribution.erfc(x)).as("erfc(%s)", x).isCloseTo(e, within(1e-300 + 1e-13 * e));
        }
    }

    @Test
    void bootstrapAgreesWithNumpyWithinMonteCarloError() {
        for (JsonNode c : REF.get("bootstrap")) {
            double[] a = arr(c.get("a"));
            double[] b = arr(c.get("b"));
            ConfidenceInterval ci = PairedBootstrap.of(7).meanDifference(a, b);
            double se = c.get("bootstrap_se").asDouble();
            assertThat(ci.estimate()).isCloseTo(c.get("mean_diff").asDouble(), within(1e-14));
            // the 2.5 % quantile of 10 000 resamples has a Monte Carlo sd of about 0.05·se
            assertThat(ci.lower()).isCloseTo(c.get("lower").asDouble(), within(0.25 * se));
            assertThat(ci.upper()).isCloseTo(c.get("upper").asDouble(), within(0.25 * se));
            assertThat(ci.level()).isEqualTo(0.95);
        }
    }

    @Test
    void bootstrapIsDeterministicPerSeedAndPairsByIndex() {
        double[] a = {0.8, 0.7, 0.9, 0.85, 0.6};
        double[] b = {0.7, 0.72, 0.8, 0.8, 0.5};
        assertThat(PairedBootstrap.of(3).meanDifference(a, b))
                .isEqualTo(PairedBootstrap.of(3).meanDifference(a, b));
        // a constant difference has a degenerate interval at that difference
        double[] c = {0.5, 0.6, 0.7};
        double[] d = {0.4, 0.5, 0.6};
        ConfidenceInterval ci = PairedBootstrap.of(1).meanDifference(c, d);
        assertThat(ci.lower()).isCloseTo(0.1, within(1e-12));
        assertThat(ci.upper()).isCloseTo(0.1, within(1e-12));
        assertThat(ci.excludesZeroAbove()).isTrue();
    }

    @Test
    void exactDistributionIsSymmetricAndSumsToOne() {
        // n = 3: R+ ∈ {0,1,2,3,3,4,5,6}; P(R+ ≤ 0) = 1/8 → two-sided 0.25
        assertThat(Wilcoxon.exactTwoSided(3, 0)).isCloseTo(0.25, within(1e-15));
        assertThat(Wilcoxon.exactTwoSided(3, 6)).isCloseTo(0.25, within(1e-15));
        assertThat(Wilcoxon.exactTwoSided(3, 1)).isCloseTo(0.5, within(1e-15));
        assertThat(Wilcoxon.exactTwoSided(3, 3)).isEqualTo(1.0);
    }

    @Test
    void refusesUndefinedInput() {
        assertThatThrownBy(() -> Wilcoxon.test(new double[] {1, 2}, new double[] {1, 2}))
                .hasMessageContaining("all paired differences are zero");
        assertThatThrownBy(() -> Wilcoxon.test(new double[] {1}, new double[] {1, 2}))
                .hasMessageContaining("same length");
    }
}
