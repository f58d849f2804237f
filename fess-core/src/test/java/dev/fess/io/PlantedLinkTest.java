package dev.fess.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.metaimage.MetaElementType;
import dev.fess.metaimage.MetaImage;
import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.npy.Npy;
import dev.fess.npy.NpyArray;
import dev.fess.npy.NpyDtype;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile user who can write into an output folder plants links where fess used to put its temporary files
 * ({@code NAME.tmp}) and at the target itself (issue 14, point 3): no write may go through them, and the output is
 * a regular file.
 */
class PlantedLinkTest {
    static final String VICTIM = "precious data\n";

    @TempDir
    Path tmp;

    interface Writer {
        void write(Path file) throws IOException;
    }

    static Writer writer(String kind) {
        return switch (kind) {
            case "nii.gz", "nii" ->
                f -> Nifti.write(f, new Volume(2, 2, 2, 1, new float[8], null), NiftiDatatype.FLOAT32);
            case "npy" -> f -> Npy.write(f, new NpyArray(new int[] {3}, NpyDtype.FLOAT32, new float[] {1, 2, 3}));
            case "json" -> f -> AtomicFiles.writeString(f, "{}");
            case "mha", "mhd" ->
                f -> MetaImage.write(f, new Volume(2, 2, 2, 1, new float[8], null), MetaElementType.SHORT, true);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"nii.gz", "nii", "npy", "json", "mha", "mhd"})
    void linksAtTheOldTemporaryNameAndAtTheTargetAreNeverWrittenThrough(String kind) throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path victim = Files.writeString(elsewhere.resolve("victim"), VICTIM);
        Path victim2 = Files.writeString(elsewhere.resolve("victim2"), VICTIM);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path target = out.resolve("x." + kind);
        Files.createSymbolicLink(out.resolve("x." + kind + ".tmp"), victim);
        Files.createSymbolicLink(target, victim2);
        Path victim3 = Files.writeString(elsewhere.resolve("victim3"), VICTIM);
        Path victim4 = Files.writeString(elsewhere.resolve("victim4"), VICTIM);
        if (kind.equals("mhd")) { // the data file next to the header, and the writer's old temporary names for it
            Files.createSymbolicLink(out.resolve("x.zraw"), victim3);
            Files.createSymbolicLink(out.resolve("x.zraw.tmp"), victim4);
        }
        if (kind.equals("mha")) {
            Files.createSymbolicLink(out.resolve("x.mha.data.tmp"), victim3);
        }

        writer(kind).write(target);

        assertThat(Files.readString(victim3)).isEqualTo(VICTIM);
        assertThat(Files.readString(victim4)).isEqualTo(VICTIM);
        if (kind.startsWith("mh")) {
            assertThat(MetaImage.read(target).volume().nx()).isEqualTo(2);
        }

        assertThat(Files.readString(victim)).isEqualTo(VICTIM);
        assertThat(Files.readString(victim2)).isEqualTo(VICTIM);
        assertThat(Files.isSymbolicLink(target)).isFalse();
        assertThat(Files.isRegularFile(target)).isTrue();
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())
                            .filter(n -> AtomicFiles.isTemporary(n) || n.startsWith(".x.")))
                    .isEmpty();
        }
    }

    @Test
    void temporaryNamesAreUnpredictable() {
        Set<Path> names = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Path t = AtomicFiles.temporarySibling(tmp.resolve("a.nii.gz"));
            assertThat(AtomicFiles.isTemporary(t.getFileName().toString())).isTrue();
            names.add(t);
        }
        assertThat(names).hasSize(100);
    }

    @Test
    void aFailingWriterLeavesTheTargetAndNoTemporary() throws Exception {
        Path target = tmp.resolve("keep.bin");
        AtomicFiles.write(target, new byte[] {1, 2});
        assertThatThrownBy(() -> AtomicFiles.write(target, ch -> {
                    ch.write(ByteBuffer.wrap(new byte[] {9, 9, 9}));
                    throw new IOException("disk full");
                }))
                .hasMessage(target.toAbsolutePath() + ": cannot write: disk full")
                .hasRootCauseMessage("disk full");
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("keep.bin"));
        }
    }
}
