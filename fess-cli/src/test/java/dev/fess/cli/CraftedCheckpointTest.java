package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged or crafted checkpoints are refused with one line naming the file (and the key), never a stack trace, and
 * before libtorch is asked for memory the files cannot justify (issue 14, points 10 and 11).
 */
class CraftedCheckpointTest {
    @TempDir
    Path tmp;

    private Path best;

    private CliRun predict(Path run) {
        return run(
                "predict",
                "--model",
                run.toString(),
                "--input",
                TinyRun.flair(1).toString(),
                "--out",
                tmp.resolve("pred").toString());
    }

    private Path copy() throws IOException {
        Path run = TinyRun.copyRun(tmp.resolve("run"));
        best = run.resolve("checkpoints").resolve("best");
        return run;
    }

    private void assertOneLine(CliRun r, String... parts) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip())
                .startsWith("fess predict: ")
                .doesNotContain("\n")
                .doesNotContain("Exception");
        for (String p : parts) {
            assertThat(r.err()).contains(p);
        }
        assertThat(tmp.resolve("pred")).doesNotExist();
    }

    @Test
    void truncatedParametersWithAMatchingManifest() throws Exception {
        Path run = copy();
        Path params = best.resolve("model.params");
        byte[] b = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(b, b.length / 2));
        rewriteManifest(best);
        assertOneLine(predict(run), params.toString(), "truncated or corrupt");
    }

    @Test
    void invalidValueInModelJsonNamesTheKey() throws Exception {
        Path run = copy();
        editSpec("\"inChannels\" : 1", "\"inChannels\" : -1");
        assertOneLine(predict(run), best.resolve("model.json").toString(), "inChannels", "-1");
    }

    @Test
    void hugeFiltersAreRefusedBeforeAnythingIsAllocated() throws Exception {
        Path run = copy();
        editSpec("\"filters\" : [ 4, 8 ]", "\"filters\" : [ 100000, 8 ]");
        assertOneLine(predict(run), best.resolve("model.json").toString(), "filters", "4096");
    }

    @Test
    void filtersWithinBoundsButTooLargeForTheParameterFile() throws Exception {
        Path run = copy();
        editSpec("\"filters\" : [ 4, 8 ]", "\"filters\" : [ 4, 4000 ]");
        assertOneLine(predict(run), best.resolve("model.json").toString(), "model.params");
    }

    @Test
    void malformedJson() throws Exception {
        Path run = copy();
        Files.writeString(best.resolve("model.json"), "{\"unet\": nope");
        rewriteManifest(best);
        assertOneLine(predict(run), best.resolve("model.json").toString());
    }

    @Test
    void aDamagedCheckpointIsNotReportedAsMissingValidation() throws Exception {
        Path run = copy();
        Path params = best.resolve("model.params");
        byte[] b = Files.readAllBytes(params);
        b[b.length - 1] ^= 1;
        Files.write(params, b);
        CliRun r = predict(run);
        assertOneLine(r, best.toString(), "model.params", "CRC-32");
        assertThat(r.err()).doesNotContain("no validation yet");
    }

    private void editSpec(String from, String to) throws IOException {
        Path spec = best.resolve("model.json");
        String json = Files.readString(spec);
        assertThat(json).contains(from);
        Files.writeString(spec, json.replace(from, to));
        rewriteManifest(best);
    }

    /** What a crafter does: a manifest whose sizes and CRC-32 values match the changed files. */
    private static void rewriteManifest(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                if (f.getFileName().toString().equals("COMPLETE")) {
                    continue;
                }
                byte[] bytes = Files.readAllBytes(f);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                lines.add(f.getFileName() + "\t" + bytes.length + "\t" + Long.toHexString(crc.getValue()));
            }
        }
        Files.writeString(dir.resolve("COMPLETE"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
