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

    /** Issue 14, point 11: a kill between the renames leaves last.old; the next start uses it or removes it. */
    @Test
    void aStaleOldIsRestoredOrRemovedOnTheNextStart() throws Exception {
        Path dir = tmp.resolve("checkpoints");
        CheckpointStore store = new CheckpointStore(dir);
        store.write("last", content("one"));
        // killed after "last → last.old", before "tmp → last": only last.old and the temporary remain
        Files.move(dir.resolve("last"), dir.resolve("last.old"));
        Files.createDirectory(dir.resolve("last.tmp-1-0"));
        store.cleanStaleTemporaries();
        assertThat(Files.readString(dir.resolve("last/a.bin"))).isEqualTo("one");
        assertThat(CheckpointStore.isComplete(dir.resolve("last"))).isTrue();
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("last");
        }
        // killed after "tmp → last", before "delete last.old": both complete, the old one goes
        store.write("last", content("two"));
        store.write("spare", content("one"));
        Files.move(dir.resolve("spare"), dir.resolve("last.old"));
        store.cleanStaleTemporaries();
        assertThat(Files.readString(dir.resolve("last/a.bin"))).isEqualTo("two");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("last");
        }
    }
}
