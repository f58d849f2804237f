package dev.fess.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.Dataset;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.Layout;
import dev.fess.dataset.LoadedCase;
import dev.fess.dataset.Modality;
import dev.fess.io.AtomicFolder;
import dev.fess.volume.Orientation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetWriterTest {
    @TempDir
    Path tmp;

    private static PhantomOptions small() {
        return PhantomOptions.builder().size(24).build();
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    @Test
    void sameSeedGivesByteIdenticalFilesWhateverTheThreads() throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b"), c = tmp.resolve("c");
        SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                .cases(3)
                .seed(9)
                .options(small())
                .threads(1)
                .build()
                .write(a);
        SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                .cases(3)
                .seed(9)
                .options(small())
                .threads(3)
                .build()
                .write(b);
        SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                .cases(3)
                .seed(10)
                .options(small())
                .build()
                .write(c);
        Map<String, byte[]> fa = files(a), fb = files(b), fc = files(c);
        assertThat(fa).hasSize(3 * 5 + 2).containsKey(AtomicFolder.MARKER);
        assertThat(fb.keySet()).isEqualTo(fa.keySet());
        for (String k : fa.keySet()) {
            assertThat(fb.get(k)).as(k).isEqualTo(fa.get(k));
        }
        assertThat(fc.get("BraTS20_Training_001/BraTS20_Training_001_flair.nii.gz"))
                .isNotEqualTo(fa.get("BraTS20_Training_001/BraTS20_Training_001_flair.nii.gz"));
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    /** Writes, re-opens with the dataset readers (layout detected) and compares with the generator's arrays. */
    private Dataset roundTrip(PhantomKind kind, Layout layout, PhantomOptions o, int cases, int testCases)
            throws IOException {
        Path out = tmp.resolve(kind.cliName() + "-" + layout);
        SyntheticDatasetWriter.Result r = SyntheticDatasetWriter.builder(kind)
                .layout(layout)
                .cases(cases)
                .testCases(testCases)
                .seed(5)
                .options(o)
                .build()
                .write(out);
        assertThat(r.trainingIds()).hasSize(cases);
        assertThat(Datasets.detect(out)).isEqualTo(layout);
        Dataset d = Datasets.open(out, null, List.of());
        assertThat(d.layout()).isEqualTo(layout);
        assertThat(d.trainingCases()).extracting(CaseFiles::id).containsExactlyElementsOf(r.trainingIds());
        assertThat(d.testCases()).hasSize(testCases);
        PhantomGenerator g = PhantomGenerator.of(kind, o, 5);
        for (int c = 0; c < cases; c++) {
            LoadedCase read = d.load(d.trainingCases().get(c));
            LoadedCase made = g.generate(c).data();
            boolean npy = layout == Layout.NPY;
            int channels = npy ? 1 : made.image().channels();
            assertThat(read.image().channels()).isEqualTo(channels);
            assertThat(read.image().shape()).containsExactly(made.image().shape());
            if (!npy) {
                assertThat(read.image().affine().maxAbsDifference(made.image().affine()))
                        .isLessThan(1e-4);
            }
            float[] x = read.image().data(), y = made.image().data();
            for (int v = 0; v < x.length; v++) {
                assertThat(x[v]).isEqualTo(y[v]); // float32 and int16-valued HU are stored exactly
            }
            float[] lx = read.label().data(), ly = made.label().data();
            for (int v = 0; v < lx.length; v++) {
                float expected = npy && kind == PhantomKind.BRATS ? (ly[v] > 0 ? 1 : 0) : ly[v];
                assertThat(lx[v]).isEqualTo(expected);
            }
        }
        return d;
    }

    @Test
    void bratsLayoutReadsBack() throws IOException {
        Dataset d = roundTrip(PhantomKind.BRATS, Layout.BRATS, small(), 2, 1);
        assertThat(d.channelNames()).containsExactly("flair", "t1", "t1ce", "t2");
        assertThat(d.testCases().get(0).id()).isEqualTo("BraTS20_Validation_001");
        assertThat(d.modality()).isEqualTo(Modality.MRI);
    }

    @Test
    void msdLayoutReadsBackWithTestCasesAndLpsAnisotropicGeometry() throws IOException {
        PhantomOptions o = PhantomOptions.builder()
                .size(24)
                .anisotropic(true)
                .orientation("LPS")
                .build();
        Dataset d = roundTrip(PhantomKind.BRATS, Layout.MSD, o, 2, 2);
        assertThat(d.labelNames().keySet()).containsExactly(0, 1, 2, 4);
        assertThat(d.channelNames()).hasSize(4);
        LoadedCase c = d.load(d.trainingCases().get(0));
        assertThat(Orientation.axcodes(c.image().affine())).isEqualTo("LPS");
        assertThat(c.image().spacing()[2]).isCloseTo(2.0, Offset.offset(1e-6));
        String json = Files.readString(tmp.resolve("brats-MSD/dataset.json"));
        assertThat(json).contains("\"numTraining\" : 2", "\"numTest\" : 2", "\"modality\"", "\"FLAIR\"");
    }

    @Test
    void abdomenLayoutsReadBack() throws IOException {
        Dataset d = roundTrip(PhantomKind.ABDOMEN_CT, Layout.ABDOMENCT, small(), 2, 0);
        assertThat(d.modality()).isEqualTo(Modality.CT);
        Dataset m = roundTrip(PhantomKind.ABDOMEN_CT, Layout.MSD, small(), 1, 0);
        assertThat(m.modality()).isEqualTo(Modality.CT);
        assertThat(m.labelNames().keySet()).containsExactly(0, 1, 2, 3, 4);
        Dataset n = roundTrip(PhantomKind.ABDOMEN_CT, Layout.NPY, small(), 1, 0);
        assertThat(n.labelNames().keySet()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void npyLayoutIsThePapersFlairAndWholeTumour() throws IOException {
        Dataset d = roundTrip(PhantomKind.BRATS, Layout.NPY, small(), 2, 0);
        assertThat(d.channelNames()).containsExactly("flair");
        TreeSet<Integer> values = new TreeSet<>();
        for (float f : d.load(d.trainingCases().get(0)).label().data()) {
            values.add((int) f);
        }
        assertThat(values).containsExactly(0, 1);
    }

    @Test
    void refusesANonEmptyFolderUnlessOverwriting() throws IOException {
        Path out = tmp.resolve("ds");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "x");
        SyntheticDatasetWriter w = SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                .cases(1)
                .options(small())
                .build();
        assertThatThrownBy(() -> w.write(out))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("out: ")
                .hasMessageContaining("not empty");
        assertThat(out.resolve("keep.txt")).exists();
        SyntheticDatasetWriter overwriting = SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                .cases(1)
                .options(small())
                .overwrite(true)
                .build();
        assertThatThrownBy(() -> overwriting.write(out))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("was not written by fess");
        assertThat(out.resolve("keep.txt")).exists();
        Files.delete(out.resolve("keep.txt"));
        w.write(out);
        Files.writeString(out.resolve("keep.txt"), "x"); // a fess folder with an extra file is still fess's
        overwriting.write(out);
        assertThat(out.resolve("keep.txt")).doesNotExist();
        assertThat(out.resolve("BraTS20_Training_001/BraTS20_Training_001_seg.nii.gz"))
                .exists();
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(tmp)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        assertThat(names).containsExactly("ds"); // no .tmp- or .old- folders left behind
    }

    @Test
    void refusesImpossibleCombinations() {
        assertThatThrownBy(() -> SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                        .layout(Layout.ABDOMENCT)
                        .build())
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("layout:");
        assertThatThrownBy(() -> SyntheticDatasetWriter.builder(PhantomKind.ABDOMEN_CT)
                        .layout(Layout.BRATS)
                        .build())
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("layout:");
        assertThatThrownBy(() -> SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                        .layout(Layout.NPY)
                        .options(PhantomOptions.builder().orientation("LPS").build())
                        .build())
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("orientation:");
        assertThatThrownBy(() -> SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                        .cases(0)
                        .build())
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("cases:");
        assertThatThrownBy(() -> PhantomOptions.builder().size(8).build())
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("size:");
        assertThatThrownBy(() -> PhantomKind.parse("knee")).isInstanceOf(UserInputException.class);
    }
}
