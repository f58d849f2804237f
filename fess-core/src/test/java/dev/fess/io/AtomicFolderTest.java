package dev.fess.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's words for a target folder it refuses: the settings by name, never a flag. */
class AtomicFolderTest {
    @TempDir
    Path tmp;

    @Test
    void aFullFolderNamesTheTargetSettingAndOverwriteAsTheRemedy() throws Exception {
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("a.txt"), "x");
        assertThatThrownBy(() -> AtomicFolder.checkTarget(full, false, "out"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("out: " + full + " exists and is not empty (overwrite replaces it)")
                .extracting(e -> ((UserInputException) e).setting() + " " + ((UserInputException) e).remedy())
                .isEqualTo("out overwrite");
    }

    @Test
    void aFolderFessDidNotWriteIsNotOverwritten() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("thesis.tex"), "x");
        assertThatThrownBy(() -> AtomicFolder.checkTarget(foreign, true, "out"))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("out: " + foreign + " was not written by fess")
                .hasMessageContaining("; overwrite replaces only folders fess wrote")
                .extracting(e -> ((UserInputException) e).remedy())
                .isEqualTo("overwrite");
    }
}
