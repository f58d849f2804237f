package dev.fess.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMappingsTest {
    static final Map<Integer, String> BRATS = Map.of(
            0,
            "background",
            1,
            "necrotic and non-enhancing tumour core",
            2,
            "peritumoral edema",
            3,
            "non-enhancing tumour",
            4,
            "GD-enhancing tumour");
    static final Map<Integer, String> BRATS2023 = Map.of(0, "background", 1, "NCR", 2, "SNFH", 3, "ET");
    static final Map<Integer, String> MSD_TASK01 =
            Map.of(0, "background", 1, "edema", 2, "non-enhancing tumor", 3, "enhancing tumour");
    static final Map<Integer, String> ABDOMEN =
            Map.of(0, "background", 1, "liver", 2, "kidney", 3, "spleen", 4, "pancreas");

    private static LabelMapping m(String name, Map<Integer, String> labels) {
        return LabelMappings.byName(name, labels, "test");
    }

    @Test
    void bratsRegionsOn2016To2021Labels() {
        LabelMapping b = m("brats-regions", BRATS);
        assertThat(b.name()).isEqualTo("brats-regions");
        assertThat(b.numClasses()).isEqualTo(4);
        assertThat(List.of(b.classOf(0), b.classOf(1), b.classOf(2), b.classOf(3), b.classOf(4)))
                .containsExactly(0, 1, 2, 1, 3);
        assertThat(List.of(b.rawLabelOf(0), b.rawLabelOf(1), b.rawLabelOf(2), b.rawLabelOf(3)))
                .containsExactly(0, 1, 2, 4);
        assertThat(b.regions()).containsExactly(new int[] {1, 2, 3}, new int[] {1, 3}, new int[] {3});
        assertThat(b.outputNames()).containsExactly("WT", "TC", "ET");
        assertThat(b.outputChannels()).isEqualTo(3);
        assertThatThrownBy(() -> b.classOf(7))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("label value 7")
                .hasMessageContaining("0, 1, 2, 3, 4");
    }

    @Test
    void bratsRegionsFollowTheLabelNamesOf2023AndDecathlonData() {
        LabelMapping b23 = m("brats-regions", BRATS2023);
        assertThat(List.of(b23.classOf(1), b23.classOf(2), b23.classOf(3))).containsExactly(1, 2, 3);
        assertThat(b23.rawLabelOf(3)).isEqualTo(3);
        assertThatThrownBy(() -> b23.classOf(4)).isInstanceOf(UserInputException.class);
        LabelMapping msd = m("brats-regions", MSD_TASK01);
        assertThat(List.of(msd.classOf(1), msd.classOf(2), msd.classOf(3))).containsExactly(2, 1, 3);
        assertThat(List.of(msd.rawLabelOf(1), msd.rawLabelOf(2), msd.rawLabelOf(3)))
                .containsExactly(2, 1, 3);
    }

    @Test
    void bratsRegionsRefuseNonBratsLabels() {
        assertThatThrownBy(() -> m("brats-regions", ABDOMEN))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("'liver'");
    }

    @Test
    void wholeTumourIsOneSigmoidRegion() {
        LabelMapping w = m("brats-whole-tumour", BRATS);
        assertThat(w.numClasses()).isEqualTo(2);
        for (int raw : new int[] {1, 2, 3, 4}) {
            assertThat(w.classOf(raw)).isEqualTo(1);
        }
        assertThat(w.classOf(0)).isZero();
        assertThat(w.rawLabelOf(1)).isEqualTo(1);
        assertThat(w.regions()).containsExactly(new int[] {1});
        assertThat(w.outputNames()).containsExactly("WT");
        assertThat(w.outputChannels()).isEqualTo(1);
    }

    @Test
    void abdomenOrgans() {
        LabelMapping a = m("abdomen-organs", ABDOMEN);
        assertThat(a.numClasses()).isEqualTo(5);
        for (int r = 0; r <= 4; r++) {
            assertThat(a.classOf(r)).isEqualTo(r);
            assertThat(a.rawLabelOf(r)).isEqualTo(r);
        }
        assertThat(a.regions()).isEmpty();
        assertThat(a.outputNames()).containsExactly("background", "liver", "kidney", "spleen", "pancreas");
        assertThat(a.outputChannels()).isEqualTo(5);
        // names decide, not values: an MSD-style file declaring organs in another order
        Map<Integer, String> other = new LinkedHashMap<>();
        other.put(0, "background");
        other.put(1, "Pancreas");
        other.put(2, "Liver");
        LabelMapping o = m("abdomen-organs", other);
        assertThat(o.classOf(1)).isEqualTo(4);
        assertThat(o.classOf(2)).isEqualTo(1);
        assertThat(o.rawLabelOf(4)).isEqualTo(1);
        assertThat(o.rawLabelOf(1)).isEqualTo(2);
        assertThatThrownBy(() -> m("abdomen-organs", BRATS))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("none of liver, kidney, spleen, pancreas");
    }

    @Test
    void abdomenBinary() {
        LabelMapping a = m("abdomen-binary", ABDOMEN);
        assertThat(a.numClasses()).isEqualTo(2);
        assertThat(List.of(a.classOf(0), a.classOf(1), a.classOf(4))).containsExactly(0, 1, 1);
        assertThat(a.rawLabelOf(1)).isEqualTo(1);
        assertThat(a.outputNames()).containsExactly("organ");
        assertThat(a.outputChannels()).isEqualTo(1);
    }

    @Test
    void datasetMappingKeepsDeclaredOrder() {
        Map<Integer, String> labels = new LinkedHashMap<>();
        labels.put(0, "background");
        labels.put(5, "cyst");
        labels.put(2, "tumour");
        LabelMapping d = m("dataset", labels);
        assertThat(d.numClasses()).isEqualTo(3);
        assertThat(List.of(d.classOf(0), d.classOf(5), d.classOf(2))).containsExactly(0, 1, 2);
        assertThat(List.of(d.rawLabelOf(0), d.rawLabelOf(1), d.rawLabelOf(2))).containsExactly(0, 5, 2);
        assertThat(d.regions()).isEmpty();
        assertThat(d.outputNames()).containsExactly("background", "cyst", "tumour");
        // background is added when a dataset does not declare it
        assertThat(m("dataset", Map.of(1, "organ")).outputNames()).containsExactly("background", "organ");
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> m("bratz", BRATS))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("'bratz'")
                .hasMessageContaining("brats-regions, brats-whole-tumour");
    }

    @Test
    void volumesMapBothWays() {
        LabelMapping b = m("brats-regions", BRATS);
        Volume raw = new Volume(5, 1, 1, 1, new float[] {0, 4, 2, 1, 3}, Affine.scaling(2, 2, 2));
        Volume classes = LabelMappings.toClasses(b, raw, "seg.nii.gz");
        assertThat(classes.data()).containsExactly(0, 3, 2, 1, 1);
        assertThat(classes.affine()).isEqualTo(raw.affine());
        assertThat(LabelMappings.toRaw(b, classes).data()).containsExactly(0, 4, 2, 1, 1);
        Volume bad = new Volume(2, 1, 1, 1, new float[] {0, 7}, null);
        assertThatThrownBy(() -> LabelMappings.toClasses(b, bad, "seg.nii.gz"))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("seg.nii.gz: label value 7");
    }
}
