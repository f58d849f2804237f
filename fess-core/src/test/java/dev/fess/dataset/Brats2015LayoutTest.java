package dev.fess.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.metaimage.MetaElementType;
import dev.fess.metaimage.MetaImage;
import dev.fess.synth.PhantomGenerator;
import dev.fess.synth.PhantomKind;
import dev.fess.synth.PhantomOptions;
import dev.fess.synth.SyntheticDatasetWriter;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BRATS 2015 training layout (MetaImage files under HGG/ and LGG/), written by fess synth and read back. */
class Brats2015LayoutTest {
    private static final int CASES = 6;
    private static final long SEED = 11;
    private static final PhantomOptions OPTIONS =
            PhantomOptions.builder().size(24).build();

    @TempDir
    static Path shared;

    static Path clean;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeOnce() throws IOException {
        clean = SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                .layout(Layout.BRATS)
                .bratsNaming(SyntheticDatasetWriter.BratsNaming.BRATS_2015)
                .cases(CASES)
                .testCases(1)
                .seed(SEED)
                .options(OPTIONS)
                .build()
                .write(shared.resolve("BRATS2015_Training"))
                .folder();
    }

    private static Path copy(Path to) throws IOException {
        try (Stream<Path> s = Files.walk(clean)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(clean.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    private static Path only(Path caseFolder, String part) throws IOException {
        try (Stream<Path> s = Files.walk(caseFolder)) {
            return s.filter(p -> p.getFileName().toString().contains(part)
                            && p.toString().endsWith(".mha"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void recognisedWithGroupsChannelsAndLabels() throws IOException {
        assertThat(Datasets.detect(clean)).isEqualTo(Layout.BRATS);
        FolderDataset ds = Datasets.open(clean, null, List.of());
        assertThat(ds.channelNames()).containsExactly("flair", "t1", "t1ce", "t2");
        assertThat(ds.trainingCases())
                .extracting(CaseFiles::id)
                .containsExactly(
                        "brats_2013_pat0001_1",
                        "brats_2013_pat0002_1",
                        "brats_2013_pat0003_1",
                        "brats_2013_pat0004_1",
                        "brats_2013_pat0005_1",
                        "brats_2013_pat0006_1");
        assertThat(ds.trainingCases())
                .extracting(CaseFiles::group)
                .containsExactly("HGG", "HGG", "HGG", "HGG", "LGG", "HGG");
        assertThat(ds.testCases()).extracting(CaseFiles::group).containsExactly("HGG_LGG");
        assertThat(ds.labelNames()).containsOnlyKeys(0, 1, 2, 3, 4);
        assertThat(ds.trainingCases().get(0).images().get(2).getFileName().toString())
                .matches("VSD\\.Brain\\.XX\\.O\\.MR_T1c\\.\\d+\\.mha");
        assertThat(ds.trainingCases().get(0).label().getParent().getFileName().toString())
                .matches("VSD\\.Brain_3more\\.XX\\.O\\.OT\\.\\d+");
    }

    @Test
    void voxelsAreThePhantomsOnItsGrid() throws IOException {
        FolderDataset ds = Datasets.open(clean, null, List.of("flair", "t1ce"));
        PhantomGenerator gen = PhantomGenerator.of(PhantomKind.BRATS, OPTIONS, SEED);
        for (int c : new int[] {0, 4}) {
            LoadedCase loaded = ds.load(ds.trainingCases().get(c));
            Volume phantom = gen.generate(c).data().image();
            Volume phantomLabel = gen.generate(c).data().label();
            assertThat(loaded.image().affine().maxAbsDifference(phantom.affine()))
                    .isLessThan(1e-12);
            float[] want = phantom.data();
            float[] got = loaded.image().data();
            int n = phantom.voxels();
            for (int v = 0; v < n; v++) {
                assertThat(got[v]).isEqualTo((float) Math.rint(want[v])); // flair, MET_SHORT
                assertThat(got[n + v]).isEqualTo((float) Math.rint(want[2 * n + v])); // t1ce
            }
            float[] raw = loaded.label().data();
            Set<Integer> seen = new HashSet<>();
            for (int v = 0; v < n; v++) {
                float p = phantomLabel.data()[v];
                seen.add((int) raw[v]);
                assertThat(raw[v] == 3 ? 1f : raw[v]).isEqualTo(p); // 3 only replaces some of the phantom's 1
            }
            assertThat(seen).contains(0, 1, 2, 3, 4);
        }
    }

    @Test
    void labelsMapLikeTheOtherBratsDatasets() throws IOException {
        FolderDataset ds = Datasets.open(clean, null, List.of());
        LabelMapping m = LabelMappings.byName("brats-regions", ds);
        assertThat(new int[] {m.classOf(0), m.classOf(1), m.classOf(2), m.classOf(3), m.classOf(4)})
                .containsExactly(0, 1, 2, 1, 3);
        assertThat(m.outputNames()).containsExactly("WT", "TC", "ET");
        // WT = raw {1, 2, 3, 4}, TC = raw {1, 3, 4}, ET = raw {4}
        int[][] rawOfRegion = {{1, 2, 3, 4}, {1, 3, 4}, {4}};
        for (int r = 0; r < 3; r++) {
            Set<Integer> raws = new HashSet<>();
            for (int raw = 1; raw <= 4; raw++) {
                for (int cls : m.regions().get(r)) {
                    if (m.classOf(raw) == cls) {
                        raws.add(raw);
                    }
                }
            }
            assertThat(raws)
                    .as(m.outputNames().get(r))
                    .containsExactlyInAnyOrder(
                            Arrays.stream(rawOfRegion[r]).boxed().toArray(Integer[]::new));
        }
        LabelMapping wt = LabelMappings.byName("brats-whole-tumour", ds);
        assertThat(new int[] {wt.classOf(1), wt.classOf(2), wt.classOf(3), wt.classOf(4)})
                .containsOnly(1);
    }

    @Test
    void cleanCopyPassesTheCheck() throws IOException {
        CheckReport r = DatasetChecker.check(clean, null, null);
        assertThat(r.problems()).isEmpty();
        assertThat(r.cases()).isEqualTo(CASES + 1);
        assertThat(r.summary().labelVoxels()).containsKeys(0, 1, 2, 3, 4);
    }

    @Test
    void brokenCopyIsReportedByName() throws IOException {
        Path root = copy(tmp.resolve("broken"));
        // missing modality: case 1's T1c folder removed
        Path t1c = only(root.resolve("HGG/brats_2013_pat0001_1"), "MR_T1c");
        Files.delete(t1c);
        Files.delete(t1c.getParent());
        // mismatched grid: case 2's T2 on a 24×24×23 grid
        Path t2 = only(root.resolve("HGG/brats_2013_pat0002_1"), "MR_T2");
        MetaImage.write(t2, Volume.zeros(24, 24, 23, 1, null), MetaElementType.SHORT, true);
        // bad label: value 7 in case 3's OT
        Path ot = only(root.resolve("HGG/brats_2013_pat0003_1"), "OT");
        Volume label = MetaImage.readVolume(ot);
        label.set(1, 2, 3, 0, 7);
        MetaImage.write(ot, label, MetaElementType.SHORT, true);
        // a truncated FLAIR in case 4
        Path flair = only(root.resolve("HGG/brats_2013_pat0004_1"), "MR_Flair");
        byte[] b = Files.readAllBytes(flair);
        Files.write(flair, Arrays.copyOf(b, b.length - 100));

        List<String> lines = DatasetChecker.check(root, null, null).problems().stream()
                .map(Problem::toString)
                .toList();
        assertThat(lines)
                .anyMatch(l -> l.startsWith("problem: brats_2013_pat0001_1: HGG/brats_2013_pat0001_1/"
                        + "VSD.Brain.XX.O.MR_T1c.<id>/VSD.Brain.XX.O.MR_T1c.<id>.mha: missing channel t1ce"));
        assertThat(lines)
                .anyMatch(l -> l.startsWith("problem: brats_2013_pat0002_1: " + root.relativize(t2))
                        && l.contains("shape 24×24×23 differs from 24×24×24"));
        assertThat(lines)
                .anyMatch(l -> l.startsWith("problem: brats_2013_pat0003_1: " + root.relativize(ot))
                        && l.contains("label value 7 (1 voxels) is not declared"));
        assertThat(lines)
                .anyMatch(l -> l.startsWith("problem: brats_2013_pat0004_1: " + root.relativize(flair))
                        && l.contains("cannot read"));
        assertThat(lines).hasSize(4);
    }

    @Test
    void sameCaseNameInHggAndLggGetsGroupPrefixes() throws IOException {
        Path root = copy(tmp.resolve("dup"));
        Path from = root.resolve("LGG/brats_2013_pat0005_1");
        Path to = root.resolve("HGG/brats_2013_pat0005_1");
        Files.createDirectories(to);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        FolderDataset ds = Datasets.open(root, null, List.of());
        Map<String, String> groups = new TreeMap<>();
        ds.trainingCases().forEach(c -> groups.put(c.id(), c.group()));
        assertThat(groups)
                .containsEntry("HGG_brats_2013_pat0005_1", "HGG")
                .containsEntry("LGG_brats_2013_pat0005_1", "LGG")
                .hasSize(CASES + 1);
        assertThat(DatasetChecker.check(ds, null).problems()).isEmpty();
    }
}
