package dev.fess.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NnunetFilesTest {

    @Test
    void namesParsesAndGroupsChannelFiles() {
        assertThat(NnunetFiles.channelFile("BraTS_001", 3, ".nii.gz")).isEqualTo("BraTS_001_0003.nii.gz");
        assertThat(NnunetFiles.caseId("BraTS_001_0003")).isEqualTo("BraTS_001");
        assertThat(NnunetFiles.caseId("case_12")).isEqualTo("case_12"); // two digits are part of the id
        assertThat(NnunetFiles.channel("a_0002")).isEqualTo(2);
        assertThat(NnunetFiles.channel("a")).isEqualTo(-1);
        Map<String, List<Path>> g = NnunetFiles.group(
                List.of(
                        Path.of("d/b_0001.nii"),
                        Path.of("d/a_0000.nii.gz"),
                        Path.of("d/b_0000.nii.gz"),
                        Path.of("d/notes.txt"),
                        Path.of("d/c.nii.gz")),
                ".nii.gz",
                ".nii");
        assertThat(g.keySet()).containsExactly("a", "b");
        assertThat(g.get("b")).containsExactly(Path.of("d/b_0000.nii.gz"), Path.of("d/b_0001.nii"));
    }

    @Test
    void theNaturalMappingOfEachLayout() {
        assertThat(LabelMappings.defaultName(Layout.BRATS)).isEqualTo("brats-regions");
        assertThat(LabelMappings.defaultName(Layout.NPY)).isEqualTo("brats-whole-tumour");
        assertThat(LabelMappings.defaultName(Layout.MSD)).isEqualTo("dataset");
    }
}
