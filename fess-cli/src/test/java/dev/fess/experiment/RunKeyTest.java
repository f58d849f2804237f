package dev.fess.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@link RunKey}: canonical JSON and its SHA-256, stable across JVMs and insertion orders. */
class RunKeyTest {
    /** The configuration whose key was computed outside Java. */
    private static Map<String, Object> sample() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("y", List.of(4, 8));
        inner.put("x", "s");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("f", "λ → é");
        m.put("b", 1);
        m.put("e", true);
        m.put("a", inner);
        m.put("d", null);
        m.put("c", 0.5);
        return m;
    }

    @Test
    void theKeyIsTheSha256OfTheCanonicalJsonComputedElsewhere() {
        assertThat(RunKey.canonicalJson(sample()))
                .isEqualTo("{\"a\":{\"x\":\"s\",\"y\":[4,8]},\"b\":1,\"c\":0.5,\"d\":null,\"e\":true,\"f\":\"λ → é\"}");
        // printf '%s' '<the JSON above>' | sha256sum  (GNU coreutils)
        assertThat(RunKey.of(sample()))
                .isEqualTo("sha256:aef1d8b04a4baf1a7a3146c564f6e3a6a81991e68975b2b4c3b5c538226781a9");
    }

    @Test
    void insertionOrderDoesNotMatterAndEveryValueDoes() {
        Map<String, Object> reordered = new HashMap<>(sample());
        reordered.put("a", new HashMap<>(Map.of("x", "s", "y", List.of(4, 8))));
        assertThat(RunKey.of(reordered)).isEqualTo(RunKey.of(sample()));
        Map<String, Object> other = new LinkedHashMap<>(sample());
        other.put("a", Map.of("x", "s", "y", List.of(4, 16)));
        assertThat(RunKey.of(other)).isNotEqualTo(RunKey.of(sample()));
        assertThat(RunKey.flatten(other)).containsEntry("a.y", "[4,16]").containsEntry("a.x", "s");
    }

    @Test
    void aRunsKeyCoversEveryAxisOfTheGridAndItsTraining() {
        ExperimentSpec s = ExperimentSpec.parse("""
                name: t
                datasets: [{name: d, path: d, labels: brats-whole-tumour}]
                arms: [dice, fess]
                sizes: [2, 4]
                seeds: [1, 2]
                lambdas: [0.5, 0.25]
                training: {epochs: 2}
                """, "t.yaml", Path.of("/x"));
        List<RunSpec> runs = s.expand(d -> OptionalInt.empty(), w -> {});
        assertThat(runs.stream()
                        .map(r -> RunKey.of(r.configuration()))
                        .distinct()
                        .count())
                .isEqualTo(runs.size());
        ExperimentSpec longer = ExperimentSpec.parse("""
                name: t
                datasets: [{name: d, path: d, labels: brats-whole-tumour}]
                arms: [dice, fess]
                sizes: [2, 4]
                seeds: [1, 2]
                lambdas: [0.5, 0.25]
                training: {epochs: 3}
                """, "t.yaml", Path.of("/x"));
        List<RunSpec> runs3 = longer.expand(d -> OptionalInt.empty(), w -> {});
        for (int i = 0; i < runs.size(); i++) {
            assertThat(runs3.get(i).id()).isEqualTo(runs.get(i).id());
            assertThat(RunKey.of(runs3.get(i).configuration()))
                    .isNotEqualTo(RunKey.of(runs.get(i).configuration()));
        }
    }
}
