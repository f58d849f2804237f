package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fess synth brats --layout brats2015} → {@code fess dataset check} and {@code fess info} on its files. */
class Brats2015CommandTest {
    @TempDir
    Path tmp;

    @Test
    void synthCheckAndInfo() throws IOException {
        Path out = tmp.resolve("BRATS2015_Training");
        CliRun s = run(
                "synth",
                "brats",
                "--layout",
                "brats2015",
                "--out",
                out.toString(),
                "--cases",
                "5",
                "--size",
                "20",
                "--threads",
                "1");
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("layout brats2015");
        assertThat(out.resolve("LGG/brats_2013_pat0005_1")).isDirectory();

        CliRun c = run("dataset", "check", out.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out())
                .contains(
                        "layout: brats",
                        "cases: 5 (5 labelled, 0 unlabelled)",
                        "channels: flair, t1, t1ce, t2",
                        "3=non-enhancing tumour (NET)",
                        "no problems found");

        Path flair;
        try (Stream<Path> f = Files.walk(out.resolve("LGG"))) {
            flair = f.filter(p -> p.getFileName().toString().matches("VSD\\.Brain\\.XX\\.O\\.MR_Flair\\.\\d+\\.mha"))
                    .findFirst()
                    .orElseThrow();
        }
        CliRun i = run("info", flair.toString());
        assertThat(i.code()).isZero();
        assertThat(i.out()).contains("MET_SHORT", "zlib-compressed", "orientation  RAS");
    }

    @Test
    void brats2015OnlyForBrainPhantoms() {
        CliRun r = run(
                "synth",
                "abdomen-ct",
                "--layout",
                "brats2015",
                "--out",
                tmp.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--layout brats2015");
    }
}
