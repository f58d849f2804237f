package dev.fess.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SplitsTest {
    @TempDir
    Path tmp;

    static List<String> ids(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(String.format("case_%04d", i));
        }
        return l;
    }

    static Stream<Long> seeds() {
        return Stream.of(0L, 1L, 42L, 1234567L);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void kFoldPartitionsTheCases(long seed) {
        List<String> all = ids(23);
        Splits s = Splits.kFold(all, 5, seed);
        assertThat(s.folds()).hasSize(5);
        List<String> allVal = new ArrayList<>();
        for (Splits.Fold f : s.folds()) {
            assertThat(f.val().size()).isBetween(4, 5);
            Set<String> union = new HashSet<>(f.train());
            union.addAll(f.val());
            assertThat(union).containsExactlyInAnyOrderElementsOf(all);
            assertThat(f.train()).doesNotContainAnyElementsOf(f.val()).isSorted();
            allVal.addAll(f.val());
        }
        assertThat(allVal).containsExactlyInAnyOrderElementsOf(all); // each case validated exactly once
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameSeedSameBytesWhateverTheInputOrder(long seed) {
        List<String> shuffled = ids(40);
        Collections.reverse(shuffled);
        String a = Splits.kFold(ids(40), 5, seed).withSubsets(0, 10, 20).toJson();
        String b = Splits.kFold(shuffled, 5, seed).withSubsets(0, 20, 10).toJson();
        assertThat(a).isEqualTo(b);
        assertThat(Splits.kFold(ids(40), 5, seed + 1).toJson())
                .isNotEqualTo(Splits.kFold(ids(40), 5, seed).toJson());
    }

    @Test
    void knownSmallSplitFromTheSeed() {
        // independent computation of the documented procedure: sorted ids, Fisher–Yates with SplittableRandom(7)
        List<String> p = new ArrayList<>(ids(6));
        SplittableRandom r = new SplittableRandom(7);
        for (int i = p.size() - 1; i > 0; i--) {
            Collections.swap(p, i, r.nextInt(i + 1));
        }
        Splits s = Splits.kFold(ids(6), 3, 7);
        assertThat(s.fold(1).val()).containsExactlyInAnyOrder(p.get(2), p.get(3));
    }

    @Test
    void holdoutFractions() {
        Splits s = Splits.holdout(ids(100), 0.2, 0.1, 3);
        Splits.Fold f = s.fold(0);
        assertThat(f.test()).hasSize(10);
        assertThat(f.val()).hasSize(20);
        assertThat(f.train()).hasSize(70);
        Set<String> union = new HashSet<>(f.train());
        union.addAll(f.val());
        union.addAll(f.test());
        assertThat(union).hasSize(100);
        assertThatThrownBy(() -> Splits.holdout(ids(10), 0.6, 0.5, 3))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("val + test < 1");
    }

    @Test
    void holdoutKFoldSharesTheTestSetAndPartitionsTheRest() {
        Splits s = Splits.holdoutKFold(ids(23), 0.2, 3, 8);
        assertThat(s.method()).isEqualTo("holdout-kfold");
        assertThat(s.folds()).hasSize(3);
        List<String> test = Splits.holdout(ids(23), 0, 0.2, 8).fold(0).test();
        assertThat(test).hasSize(5); // round(4.6)
        Set<String> vals = new HashSet<>();
        for (Splits.Fold f : s.folds()) {
            assertThat(f.test()).isEqualTo(test);
            assertThat(f.train()).doesNotContainAnyElementsOf(test).doesNotContainAnyElementsOf(f.val());
            assertThat(f.train().size() + f.val().size()).isEqualTo(18);
            assertThat(f.val()).hasSizeBetween(6, 6);
            vals.addAll(f.val());
        }
        assertThat(vals).hasSize(18).doesNotContainAnyElementsOf(test);
        assertThat(s.withSubsets(2, 4).subset(4)).isSubsetOf(s.fold(2).train());
    }

    @Test
    void subsetsAreNested() {
        Splits s = Splits.holdout(ids(400), 0.1, 0.1, 11).withSubsets(0, 300, 100, 200);
        List<String> s100 = s.subset(100);
        List<String> s200 = s.subset(200);
        List<String> s300 = s.subset(300);
        assertThat(s100).hasSize(100).doesNotHaveDuplicates();
        assertThat(s200.subList(0, 100)).isEqualTo(s100);
        assertThat(s300.subList(0, 200)).isEqualTo(s200);
        assertThat(s.fold(0).train()).containsAll(s300);
        assertThat(s.subsets().keySet()).containsExactly(100, 200, 300);
    }

    @Test
    void refusesSubsetsLargerThanAvailable() {
        Splits s = Splits.kFold(ids(50), 5, 1);
        assertThatThrownBy(() -> s.withSubsets(0, 10, 100))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("100 training cases requested")
                .hasMessageContaining("has 40");
        assertThatThrownBy(() -> s.fold(5))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("0 to 4");
        assertThatThrownBy(() -> Splits.kFold(ids(3), 5, 1)).isInstanceOf(UserInputException.class);
        assertThatThrownBy(() -> Splits.kFold(List.of("a", "b", "a"), 2, 1))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("'a' occurs twice");
    }

    @Test
    void saveLoadRoundTrip() throws IOException {
        Splits s = Splits.kFold(ids(30), 3, 99).withSubsets(1, 5, 12);
        Path f = tmp.resolve("splits.json");
        s.save(f);
        Splits back = Splits.load(f);
        assertThat(back).isEqualTo(s);
        assertThat(back.toJson()).isEqualTo(Files.readString(f));
        assertThat(back.subsetFold()).isEqualTo(1);
        assertThat(Files.list(tmp)).containsExactly(f);
    }

    @Test
    void loadRefusesBrokenFiles() throws IOException {
        Path f = tmp.resolve("splits.json");
        Files.writeString(f, "{ not json");
        assertThatThrownBy(() -> Splits.load(f))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(f + ": not a splits file");
        String good = Splits.kFold(ids(4), 2, 1).toJson();
        String id = Splits.kFold(ids(4), 2, 1).fold(0).val().get(0);
        Files.writeString(f, good.replaceFirst("\"train\" : \\[ ", "\"train\" : [ \"" + id + "\", "));
        assertThatThrownBy(() -> Splits.load(f))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void idsAreCheckedAgainstADataset() {
        Splits s = Splits.kFold(ids(4), 2, 1);
        s.requireIdsIn(ids(5), "splits.json");
        assertThatThrownBy(() -> s.requireIdsIn(ids(3), "splits.json"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("case_0003");
    }
}
