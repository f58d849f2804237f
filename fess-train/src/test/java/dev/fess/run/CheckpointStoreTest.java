package dev.fess.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearHook() {
        CheckpointStore.beforeManifestHook = null;
    }

    private static CheckpointStore.Writer content(String text) {
        return d -> Files.writeString(d.resolve("a.bin"), text);
    }

    @Test
    void crashDuringAWriteKeepsThePreviousCheckpoint() throws Exception {
        CheckpointStore store = new CheckpointStore(tmp.resolve("checkpoints"));
        store.write("last", content("one"));
        CheckpointStore.beforeManifestHook = () -> {
            throw new IllegalStateException("simulated crash");
        };
        assertThatThrownBy(() -> store.write("last", content("two"))).hasMessage("simulated crash");
        Path got = store.resolve("last");
        assertThat(got).isEqualTo(tmp.resolve("checkpoints/last"));
        assertThat(Files.readString(got.resolve("a.bin"))).isEqualTo("one");
        CheckpointStore.beforeManifestHook = null;
        store.cleanStaleTemporaries();
        store.write("last", content("three"));
        assertThat(Files.readString(store.resolve("last").resolve("a.bin"))).isEqualTo("three");
        try (var s = Files.list(tmp.resolve("checkpoints"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("last");
        }
    }

    @Test
    void corruptedLastFallsBackToOld() throws Exception {
        CheckpointStore store = new CheckpointStore(tmp.resolve("checkpoints"));
        store.write("last", content("old"));
        // state after a kill between "last → last.old" and "tmp → last", with a half-written last
        Path dir = tmp.resolve("checkpoints");
        Files.move(dir.resolve("last"), dir.resolve("last.old"));
        Files.createDirectory(dir.resolve("last"));
        Files.writeString(dir.resolve("last/a.bin"), "ne");
        Files.createDirectory(dir.resolve("last.tmp-1-0"));
        assertThat(store.resolve("last")).isEqualTo(dir.resolve("last.old"));
        // a manifest whose checksum does not match is not complete either
        Files.writeString(dir.resolve("last/COMPLETE"), "a.bin\t2\tdeadbeef\n");
        assertThat(CheckpointStore.isComplete(dir.resolve("last"))).isFalse();
        assertThat(store.resolve("last")).isEqualTo(dir.resolve("last.old"));
        // the next write replaces the broken last and removes last.old
        store.write("last", content("new"));
        assertThat(Files.readString(store.resolve("last").resolve("a.bin"))).isEqualTo("new");
        assertThat(Files.exists(dir.resolve("last.old"))).isFalse();
    }
}
