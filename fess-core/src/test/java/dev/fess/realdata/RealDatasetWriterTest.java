package dev.fess.realdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.fess.UserInputException;
import dev.fess.dataset.CheckReport;
import dev.fess.dataset.DatasetChecker;
import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class RealDatasetWriterTest {
    @TempDir
    Path tmp;

    private RealSources sources() throws IOException {
        Path mricron = SyntheticSources.mricron(tmp.resolve("templates"));
        Path inv3 = SyntheticSources.inv3(tmp.resolve("Cranium.inv3"), 20, 22, 18, new double[] {1, 1, 1}, "CT");
        return new RealSources(mricron, inv3);
    }

    private static RealDatasetWriter.Result write(
            RealTask task, RealSources s, Path out, double spacing, String grid, int heldOut, long seed)
            throws IOException {
        return RealDatasetWriter.builder(task)
                .spacing(spacing)
                .grid(PieceGrid.parse(grid))
                .heldOut(heldOut)
                .seed(seed)
                .build()
                .write(SubjectLoader.load(task, s), out);
    }

    /** Puts the pieces written back together on the resampled grid (voxel values and world positions checked). */
    private static Volume reassemble(Path dir, String kind, int[] shape, Affine affine) throws IOException {
        Volume whole = Volume.zeros(shape[0], shape[1], shape[2], 1, affine);
        JsonNode rd = new ObjectMapper().readTree(dir.resolve("realdata.json").toFile());
        for (JsonNode p : rd.get("pieces")) {
            String id = p.get("id").asString();
            String split = p.get("split").asString().equals("test") ? "Ts" : "Tr";
            Path f = kind.equals("image")
                    ? dir.resolve("images" + split).resolve(id + "_0000.nii.gz")
                    : dir.resolve("labels" + split).resolve(id + ".nii.gz");
            Volume v = Nifti.readVolume(f);
            int[] start = {
                p.get("start").get(0).asInt(),
                p.get("start").get(1).asInt(),
                p.get("start").get(2).asInt()
            };
            double[] w0 = v.affine().apply(0, 0, 0);
            double[] expected = affine.apply(start[0], start[1], start[2]);
            for (int a = 0; a < 3; a++) {
                assertThat(w0[a]).as("world position of %s voxel 0", id).isCloseTo(expected[a], offset(1e-3));
            }
            for (int k = 0; k < v.nz(); k++) {
                for (int j = 0; j < v.ny(); j++) {
                    for (int i = 0; i < v.nx(); i++) {
                        whole.set(start[0] + i, start[1] + j, start[2] + k, 0, v.get(i, j, k));
                    }
                }
            }
        }
        return whole;
    }

    @Test
    void ch2BrainAtSourceSpacingGivesBackTheT1AndTheMaskBetGreaterThanZeroExactly() throws IOException {
        Path out = tmp.resolve("ch2-brain");
        RealDatasetWriter.Result r = write(RealTask.CH2_BRAIN, sources(), out, 1.0, "2x2x2", 0, 1);
        assertThat(r.trainingIds()).hasSize(8);
        assertThat(r.testIds()).isEmpty();
        int[] shape = {SyntheticSources.NX, SyntheticSources.NY, SyntheticSources.NZ};
        Volume image = reassemble(out, "image", shape, SyntheticSources.CH2_AFFINE);
        Volume label = reassemble(out, "label", shape, SyntheticSources.CH2_AFFINE);
        for (int k = 0; k < shape[2]; k++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int i = 0; i < shape[0]; i++) {
                    assertThat(image.get(i, j, k)).isEqualTo(SyntheticSources.t1(i, j, k));
                    assertThat(label.get(i, j, k)).isEqualTo(SyntheticSources.inBrain(i, j, k) ? 1f : 0f);
                }
            }
        }
        CheckReport report = DatasetChecker.check(out, null, n -> {});
        assertThat(report.problems()).isEmpty();
        assertThat(report.trainingCases()).isEqualTo(8);
    }

    @Test
    void ch2AalGroupsRegionsIntoLobesByTheFirstDigitOfTheAalCode() throws IOException {
        Path out = tmp.resolve("ch2-aal");
        write(RealTask.CH2_AAL, sources(), out, 1.0, "2x1x2", 0, 1);
        int[] shape = {SyntheticSources.NX, SyntheticSources.NY, SyntheticSources.NZ};
        Volume label = reassemble(out, "label", shape, SyntheticSources.CH2_AFFINE);
        int[] expectedClassOfValue = new int[128];
        expectedClassOfValue[1] = 1; // 2001 Precentral → frontal
        expectedClassOfValue[57] = 2; // 6001 Postcentral → parietal
        expectedClassOfValue[37] = 5; // 4101 Hippocampus → insula and limbic
        expectedClassOfValue[91] = 7; // 9001 Cerebelum → cerebellum
        int[] seen = new int[8];
        for (int k = 0; k < shape[2]; k++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int i = 0; i < shape[0]; i++) {
                    int cls = expectedClassOfValue[SyntheticSources.aal(i, j, k)];
                    assertThat(label.get(i, j, k)).isEqualTo(cls);
                    seen[cls]++;
                }
            }
        }
        assertThat(seen[1]).isPositive();
        assertThat(seen[7]).isPositive();
        JsonNode ds = new ObjectMapper().readTree(out.resolve("dataset.json").toFile());
        assertThat(ds.get("labels").get("7").asString()).isEqualTo("cerebellum");
        assertThat(ds.get("labels").size()).isEqualTo(8);
        assertThat(DatasetChecker.check(out, null, n -> {}).problems()).isEmpty();
    }

    @Test
    void aalOffTheCh2GridIsRefusedNamingTheFile() throws IOException {
        RealSources s = sources();
        Volume aal = Nifti.readVolume(s.mricronTemplates().resolve("aal.nii.gz"));
        Nifti.write(
                s.mricronTemplates().resolve("aal.nii.gz"),
                aal.withAffine(Affine.of(2, 0, 0, -90, 0, 2, 0, -125, 0, 0, 2, -71, 0, 0, 0, 1)),
                NiftiDatatype.UINT8);
        assertThatThrownBy(() -> SubjectLoader.load(RealTask.CH2_AAL, s))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("aal.nii.gz: not on the grid of");
    }

    @Test
    void aalValuesMissingFromTheRegionListAreRefused() throws IOException {
        RealSources s = sources();
        Files.writeString(s.mricronTemplates().resolve("aal.nii.txt"), "1 Precentral_L 2001\n");
        assertThatThrownBy(() -> SubjectLoader.load(RealTask.CH2_AAL, s))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("not listed in aal.nii.txt");
    }

    @Test
    void inia19LabelsLeftBelowOneThousandAndRightFromOneThousand() throws IOException {
        Subject s = SubjectLoader.load(RealTask.INIA19_HEMISPHERES, sources());
        Volume l = s.label();
        for (int k = 0; k < l.nz(); k++) {
            for (int j = 0; j < l.ny(); j++) {
                for (int i = 0; i < l.nx(); i++) {
                    float expected = SyntheticSources.inBrain(i, j, k) ? (i < SyntheticSources.NX / 2 ? 1 : 2) : 0;
                    assertThat(l.get(i, j, k)).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void craniumBoneIsTheThresholdFrom226To3071HuInclusive() throws IOException {
        Subject s = SubjectLoader.load(RealTask.CRANIUM_BONE, sources());
        Volume ct = s.image();
        int[] boundary = new int[4];
        for (int k = 0; k < ct.nz(); k++) {
            for (int j = 0; j < ct.ny(); j++) {
                for (int i = 0; i < ct.nx(); i++) {
                    short hu = SyntheticSources.hu(i, j, k);
                    assertThat(ct.get(i, j, k)).isEqualTo(hu);
                    assertThat(s.label().get(i, j, k)).isEqualTo(hu >= 226 && hu <= 3071 ? 1f : 0f);
                    if (hu == 225 || hu == 226 || hu == 3071 || hu == 3072) {
                        boundary[hu == 225 ? 0 : hu == 226 ? 1 : hu == 3071 ? 2 : 3]++;
                    }
                }
            }
        }
        assertThat(boundary).doesNotContain(0);
        assertThat(s.facts().get("label").toString()).contains("226 ≤ HU ≤ 3071");
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.5, 2.0})
    void resamplingKeepsTheFieldOfViewAndGivesPiecesOnTheResampledGrid(double spacing) throws IOException {
        Path out = tmp.resolve("brain-" + spacing);
        RealDatasetWriter.Result r = write(RealTask.CH2_BRAIN, sources(), out, spacing, "1x1x1", 0, 1);
        int[] expected = {(int) Math.round(24 / spacing), (int) Math.round(28 / spacing), (int) Math.round(20 / spacing)
        };
        assertThat(r.shape()).containsExactly(expected);
        double[] fov = {24, 28, 20};
        for (int a = 0; a < 3; a++) {
            assertThat(r.spacing()[a]).isCloseTo(fov[a] / expected[a], offset(1e-9));
        }
        List<Float> labelValues = new ArrayList<>();
        try (Stream<Path> files = Files.list(out.resolve("labelsTr"))) {
            for (Path f : files.toList()) {
                for (float v : Nifti.readVolume(f).data()) {
                    if (!labelValues.contains(v)) {
                        labelValues.add(v);
                    }
                }
            }
        }
        assertThat(labelValues).containsExactlyInAnyOrder(0f, 1f);
        assertThat(DatasetChecker.check(out, null, n -> {}).problems()).isEmpty();
    }

    @Test
    void heldOutPiecesGoToImagesTsAndLabelsTsChosenBySeed() throws IOException {
        RealSources s = sources();
        RealDatasetWriter.Result a = write(RealTask.CH2_BRAIN, s, tmp.resolve("a"), 1.0, "2x2x2", 3, 5);
        RealDatasetWriter.Result b = write(RealTask.CH2_BRAIN, s, tmp.resolve("b"), 1.0, "2x2x2", 3, 5);
        assertThat(a.testIds()).hasSize(3).isEqualTo(b.testIds());
        assertThat(a.trainingIds()).hasSize(5).doesNotContainAnyElementsOf(a.testIds());
        List<List<String>> choices = new ArrayList<>();
        for (long seed = 0; seed < 6; seed++) {
            choices.add(write(RealTask.CH2_BRAIN, s, tmp.resolve("s" + seed), 1.0, "2x2x2", 3, seed)
                    .testIds());
        }
        assertThat(choices.stream().distinct().count()).isGreaterThan(1);
        for (String id : a.testIds()) {
            assertThat(tmp.resolve("a/imagesTs/" + id + "_0000.nii.gz")).isRegularFile();
            assertThat(tmp.resolve("a/labelsTs/" + id + ".nii.gz")).isRegularFile();
        }
        JsonNode ds = new ObjectMapper().readTree(tmp.resolve("a/dataset.json").toFile());
        assertThat(ds.get("numTest").asInt()).isEqualTo(3);
        assertThat(ds.get("numTraining").asInt()).isEqualTo(5);
        CheckReport report = DatasetChecker.check(tmp.resolve("a"), null, n -> {});
        assertThat(report.problems()).isEmpty();
        assertThat(report.testCases()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(RealTask.class)
    void theSameSettingsGiveByteIdenticalFolders(RealTask task) throws IOException {
        RealSources s = sources();
        write(task, s, tmp.resolve("x"), 0.75, "1x2x1", 1, 7);
        write(task, s, tmp.resolve("y"), 0.75, "1x2x1", 1, 7);
        List<Path> files;
        try (Stream<Path> w = Files.walk(tmp.resolve("x"))) {
            files = w.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).hasSize(2 * 2 + 3); // + dataset.json, realdata.json, the .fess-output marker
        for (Path f : files) {
            Path g = tmp.resolve("y").resolve(tmp.resolve("x").relativize(f));
            assertThat(Files.readAllBytes(g)).as(f.toString()).isEqualTo(Files.readAllBytes(f));
        }
    }

    @Test
    void aNonEmptyTargetIsRefusedAndAFailedWriteLeavesNothingBehind() throws IOException {
        RealSources s = sources();
        Path out = tmp.resolve("out");
        write(RealTask.CH2_BRAIN, s, out, 2.0, "1x1x1", 0, 1);
        assertThatThrownBy(() -> write(RealTask.CH2_BRAIN, s, out, 2.0, "1x1x1", 0, 1))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("out: ")
                .hasMessageContaining("not empty");
        Path thin = tmp.resolve("thin");
        assertThatThrownBy(() -> write(RealTask.CH2_BRAIN, s, thin, 2.0, "4x1x1", 0, 1))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("grid:");
        try (Stream<Path> l = Files.list(tmp)) {
            assertThat(l.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("thin"));
        }
        assertThatThrownBy(() -> RealDatasetWriter.builder(RealTask.CH2_BRAIN)
                        .grid(PieceGrid.of(2, 1, 1))
                        .heldOut(2)
                        .build())
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("held_out:");
    }

    @Test
    void missingSourcesAreNamedWithTheirDebianPackage() {
        RealSources s = new RealSources(tmp.resolve("nothing"), tmp.resolve("none.inv3"));
        assertThatThrownBy(() -> SubjectLoader.load(RealTask.CH2_BRAIN, s))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("ch2.nii.gz: missing (Debian package mricron-data)");
        assertThatThrownBy(() -> SubjectLoader.load(RealTask.CRANIUM_BONE, s))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("(Debian package invesalius-examples)");
    }
}
