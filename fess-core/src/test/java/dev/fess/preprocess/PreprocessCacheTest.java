package dev.fess.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import dev.fess.dataset.CaseFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessCacheTest {
    @TempDir
    Path root;

    @Test
    void secondBuildReadsNothingAndKeyChangeRebuilds() throws Exception {
        CountingDataset ds = new CountingDataset(3, "LPS");
        List<CaseFiles> files = ds.trainingCases();
        PreprocessPlan plan = PreprocessPlanner.plan(ds, files, TestCases.BRATS_LIKE, Optional.empty());
        ds.loads.set(0);

        List<CachedCase> first =
                new PreprocessCache(root, plan).progress(false).build(ds, files, TestCases.BRATS_LIKE, 2);
        assertThat(ds.loads.get()).isEqualTo(3);
        List<CachedCase> second =
                new PreprocessCache(root, plan).progress(false).build(ds, files, TestCases.BRATS_LIKE, 2);
        assertThat(ds.loads.get()).isEqualTo(3);
        assertThat(second).extracting(CachedCase::id).containsExactly("case_0", "case_1", "case_2");

        // what was cached is what the preprocessor makes
        Preprocessor pre = new Preprocessor(plan);
        for (int i = 0; i < 3; i++) {
            PreprocessedCase direct = pre.preprocess(ds.load(files.get(i)), TestCases.BRATS_LIKE);
            CachedCase c = second.get(i);
            assertThat(c.shape()).containsExactly(direct.shape());
            assertThat(c.channels()).isEqualTo(2);
            assertThat(c.imageArray()).containsExactly(direct.image());
            assertThat(c.classArray()).containsExactly(direct.classes());
            assertThat(c.geometry()).isEqualTo(direct.geometry());
            for (int cls = 1; cls < 4; cls++) {
                assertThat(c.foregroundLocations(cls)).containsExactly(direct.foregroundLocations()[cls]);
            }
            assertThat(first.get(i).imageArray()).containsExactly(direct.image());
        }
        ds.loads.set(0);

        PreprocessPlan other = plan.withTargetSpacing(1.5, 1.5, 1.5);
        PreprocessCache otherCache = new PreprocessCache(root, other).progress(false);
        assertThat(otherCache.directory()).isNotEqualTo(new PreprocessCache(root, plan).directory());
        List<CachedCase> rebuilt = otherCache.build(ds, files, TestCases.BRATS_LIKE, 1);
        assertThat(ds.loads.get()).isEqualTo(3);
        assertThat(rebuilt.get(0).shape()).isNotEqualTo(second.get(0).shape());
        try (Stream<Path> s = Files.walk(root)) {
            assertThat(s.filter(p -> p.getFileName().toString().contains(".tmp")))
                    .isEmpty();
        }
        assertThat(PreprocessPlan.fromJson(
                        Files.readString(otherCache.directory().resolve("plan.json"))))
                .isEqualTo(other);
    }

    @Test
    void aForeignFileIsAUserError() throws Exception {
        Path f = root.resolve("x.fpc");
        Files.write(f, "not a cache file at all".getBytes());
        assertThatThrownBy(() -> PreprocessCache.read(f))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("x.fpc")
                .hasMessageContaining("expected a fess preprocessed case");
    }
}
